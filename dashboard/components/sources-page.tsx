import type { AssetUrls } from "../assets.ts";
import { MESSAGES } from "../i18n/index.ts";
import { pageHref, type Query } from "../urls.ts";
import type { FilterFormModel } from "../view-models/filter-form.ts";
import type { SourcesModel } from "../view-models/sources.ts";
import { FilterForm } from "./filter-form.tsx";
import { Layout } from "./layout.tsx";
import { SourcesTable } from "./sources-table.tsx";

export interface SourcesPageProps {
  model: SourcesModel;
  form: FilterFormModel;
  assets: AssetUrls;
  query: Query;
}

/** Abdeckung / coverage: which targets are collected, whether they work, and where collection paused. */
export function SourcesPage(props: SourcesPageProps) {
  const { model, query } = props;
  const m = MESSAGES[model.lang];
  const lang = model.lang === "en" ? "en" : undefined;
  return (
    <Layout
      lang={model.lang}
      title={model.title}
      assets={props.assets}
      otherLangHref={pageHref("/sources", query, { lang: model.lang === "de" ? "en" : undefined })}
      current="sources"
      query={query}
    >
      <div class="page-head">
        <h1>{model.heading}</h1>
        <p class="period">
          {model.campaignName} · {m.periodLabel}: {model.period}
        </p>
      </div>
      <FilterForm
        lang={model.lang}
        model={props.form}
        resetHref={pageHref("/sources", { lang })}
        action="/sources"
      />
      <div class="sources-overview">
        {model.summary ? <p class="sources-summary">{model.summary}</p> : null}
        {model.empty ? (
          <div class="empty">
            <p class="sources-empty">{model.empty.text}</p>
            <p class="hint">{model.empty.hint}</p>
          </div>
        ) : null}
        <p class="hint">{model.intro}</p>
        <p class="hint">{model.gapNote}</p>
        <p class="hint">{model.timezoneNote}</p>
      </div>
      {model.groups.map((g) => (
        <SourcesTable lang={model.lang} group={g} />
      ))}
    </Layout>
  );
}
