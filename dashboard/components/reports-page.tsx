import type { AssetUrls } from "../assets.ts";
import { exploreMessages } from "../i18n/explore.ts";
import { MESSAGES } from "../i18n/index.ts";
import { pageHref, type Query } from "../urls.ts";
import type { FilterFormModel } from "../view-models/filter-form.ts";
import type { DownloadLink, ReportsModel } from "../view-models/reports.ts";
import { FilterForm } from "./filter-form.tsx";
import { Layout } from "./layout.tsx";

export interface ReportsPageProps {
  model: ReportsModel;
  form: FilterFormModel;
  assets: AssetUrls;
  query: Query;
}

/** Berichte: the week report, a cluster's report and the data exports, each for the filters above. */
export function ReportsPage(props: ReportsPageProps) {
  const { model, query } = props;
  const m = MESSAGES[model.lang];
  const x = exploreMessages[model.lang];
  const lang = model.lang === "en" ? "en" : undefined;
  const c = model.cluster;
  return (
    <Layout
      lang={model.lang}
      title={model.title}
      assets={props.assets}
      otherLangHref={pageHref("/reports", query, { lang: model.lang === "de" ? "en" : undefined })}
      current="reports"
      query={query}
    >
      <div class="page-head">
        <h1>{model.heading}</h1>
        <p class="period">
          {model.campaignName} · {m.periodLabel}: {model.period}
        </p>
        <p class="hint">{model.intro}</p>
      </div>
      <FilterForm
        lang={model.lang}
        model={props.form}
        resetHref={pageHref("/reports", { lang })}
        action="/reports"
      />

      <section class="report-block" aria-labelledby="week-report-heading">
        <h2 id="week-report-heading">{model.week.heading}</h2>
        <p>{model.week.text}</p>
        <Downloads links={model.week.links} />
      </section>

      <section class="report-block" aria-labelledby="cluster-report-heading">
        <h2 id="cluster-report-heading">{c.heading}</h2>
        <p>{c.text}</p>
        {c.empty ? (
          <p class="empty">{c.empty}</p>
        ) : (
          <form method="get" action="/reports" class="cluster-report-form">
            {c.hidden.map((h) => (
              <input type="hidden" name={h.name} value={h.value} />
            ))}
            <div class="field">
              <label for="r-cluster">{x.clusterReportLabel}</label>
              <select id="r-cluster" name="reportCluster">
                {c.options.map((o) => (
                  <option value={o.value} selected={o.selected}>
                    {o.label}
                  </option>
                ))}
              </select>
            </div>
            <div class="actions">
              <button type="submit">{x.clusterReportSubmit}</button>
            </div>
          </form>
        )}
        {c.links ? <Downloads links={c.links} /> : null}
      </section>

      <section class="report-block" aria-labelledby="exports-heading">
        <h2 id="exports-heading">{model.exports.heading}</h2>
        <p>{model.exports.text}</p>
        <ul class="download-list">
          {model.exports.items.map((e) => (
            <li>
              <a href={e.href}>{e.label}</a> <span class="file-type">({e.type})</span>
              <p class="hint">{e.text}</p>
            </li>
          ))}
        </ul>
      </section>
    </Layout>
  );
}

function Downloads(props: { links: DownloadLink[] }) {
  return (
    <ul class="download-list">
      {props.links.map((l) => (
        <li>
          <a href={l.href} hreflang={l.hreflang ?? undefined} type="application/pdf">
            {l.label}
          </a>
        </li>
      ))}
    </ul>
  );
}
