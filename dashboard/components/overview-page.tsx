import type { Child } from "hono/jsx";
import type { AssetUrls } from "../assets.ts";
import { MESSAGES } from "../i18n/index.ts";
import { pageHref, type Query, sharedQuery } from "../urls.ts";
import type { FilterFormModel } from "../view-models/filter-form.ts";
import type { OverviewModel } from "../view-models/overview.ts";
import { FilterForm } from "./filter-form.tsx";
import { KpiCards } from "./kpi-cards.tsx";
import { Layout } from "./layout.tsx";
import { type LiveConfig, LiveStatus } from "./live-status.tsx";
import { PostList } from "./post-list.tsx";
import { ShareOfVoiceSection } from "./share-of-voice.tsx";
import { TimelineSection } from "./timeline-section.tsx";
import { TopLists } from "./top-lists.tsx";

export interface OverviewPageProps {
  model: OverviewModel;
  form: FilterFormModel;
  assets: AssetUrls;
  /** The request's query, for links that change one parameter and keep the rest. */
  query: Query;
  /** The live stream's settings (absent: no live updates, e.g. in tests of the static page). */
  live?: LiveConfig;
  /** The Länder tiles, rendered by their own component. */
  laender?: Child;
}

export function OverviewPage(props: OverviewPageProps) {
  const { model, query } = props;
  const m = MESSAGES[model.lang];
  const lang = model.lang === "en" ? "en" : undefined;
  return (
    <Layout
      lang={model.lang}
      title={model.title}
      assets={props.assets}
      otherLangHref={pageHref("/", query, { lang: model.lang === "de" ? "en" : undefined })}
      scripts={["chart", "charts", "overview", "live"]}
      current="overview"
      query={query}
    >
      <div class="page-head">
        <h1>{model.campaignName}</h1>
        <p class="period">
          {m.periodLabel}: {model.period}
          {model.campaignPeriod ? (
            <span class="campaign-period">
              {" "}
              ({m.campaignPeriodLabel}: {model.campaignPeriod})
            </span>
          ) : null}
        </p>
      </div>
      <FilterForm lang={model.lang} model={props.form} resetHref={pageHref("/", { lang })} showCompare />
      {props.live ? <LiveStatus lang={model.lang} config={props.live} /> : null}
      <KpiCards
        lang={model.lang}
        kpis={model.kpis}
        sentiment={model.sentiment}
        comparisonNote={model.comparisonNote}
      />
      <TimelineSection
        lang={model.lang}
        model={model.timeline}
        dayHref={pageHref("/", query, { bucket: undefined })}
        hourHref={pageHref("/", query, { bucket: "hour" })}
      />
      <ShareOfVoiceSection lang={model.lang} model={model.shareOfVoice} linkQuery={sharedQuery(query)} />
      {props.laender ?? null}
      <TopLists lang={model.lang} model={model} />
      <PostList lang={model.lang} posts={model.posts} listId="posts-list" />
    </Layout>
  );
}
