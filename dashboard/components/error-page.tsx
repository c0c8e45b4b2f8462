import type { AssetUrls } from "../assets.ts";
import { MESSAGES } from "../i18n/index.ts";
import { pageHref, type Query } from "../urls.ts";
import type { FilterErrorModel } from "../view-models/filter-error.ts";
import { Layout } from "./layout.tsx";

/** A 400 page that says which filter is wrong and offers a way back, instead of a bare error text. */
export function FilterErrorPage(props: {
  model: FilterErrorModel;
  assets: AssetUrls;
  query: Query;
  /** The page that refused the filters: the language switch and the way back stay on it. */
  path?: string;
}) {
  const { model } = props;
  const m = MESSAGES[model.lang];
  return (
    <Layout
      lang={model.lang}
      title={model.title}
      assets={props.assets}
      otherLangHref={pageHref(props.path ?? "/", props.query, {
        lang: model.lang === "de" ? "en" : undefined,
      })}
    >
      <div class="error-page">
        <h1>{m.errorTitle}</h1>
        <p>{model.intro}</p>
        {model.problem ? <p class="error-problem">{model.problem}</p> : null}
        {model.hint ? <p class="error-hint">{model.hint}</p> : null}
      </div>
      <p>
        <a href={pageHref(props.path ?? "/", { lang: model.lang === "en" ? "en" : undefined })}>
          {m.errorBack}
        </a>
      </p>
      <details class="error-technical">
        <summary>{m.errorTechnical}</summary>
        <p>
          <code>{model.technical}</code>
        </p>
      </details>
    </Layout>
  );
}
