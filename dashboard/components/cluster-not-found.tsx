import type { AssetUrls } from "../assets.ts";
import { clusterMessages } from "../i18n/clusters.ts";
import { MESSAGES, type UiLang } from "../i18n/index.ts";
import { pageHref, type Query, sharedQuery } from "../urls.ts";
import { Layout } from "./layout.tsx";

/** The 404 page of /clusters/:id: says what was not found, in the UI language, and leads back to the list. */
export function ClusterNotFoundPage(props: {
  lang: UiLang;
  id: string;
  path: string;
  assets: AssetUrls;
  query: Query;
}) {
  const cm = clusterMessages[props.lang];
  const m = MESSAGES[props.lang];
  return (
    <Layout
      lang={props.lang}
      title={`${cm.notFoundTitle} – ${m.appName}`}
      assets={props.assets}
      otherLangHref={pageHref(props.path, props.query, { lang: props.lang === "de" ? "en" : undefined })}
      current="clusters"
      query={props.query}
    >
      <div class="error-page">
        <h1>{cm.notFoundTitle}</h1>
        <p class="error-problem">{cm.notFoundText(props.id)}</p>
        <p class="error-hint">{cm.notFoundHint}</p>
      </div>
      <p>
        <a href={pageHref("/clusters", sharedQuery(props.query))}>{cm.backToClusters}</a>
      </p>
    </Layout>
  );
}
