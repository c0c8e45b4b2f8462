import type { AssetUrls } from "../assets.ts";
import { MESSAGES } from "../i18n/index.ts";
import type { Query } from "../urls.ts";
import type { ClusterListModel } from "../view-models/cluster-list.ts";
import type { FilterFormModel } from "../view-models/filter-form.ts";
import { FilteredPage } from "./filtered-page.tsx";
import { JsonData } from "./json-data.tsx";

export interface ClusterListPageProps {
  model: ClusterListModel;
  form: FilterFormModel;
  assets: AssetUrls;
  query: Query;
}

/** /clusters: share of voice of the most mentioned clusters, then every registry cluster in a sortable table. */
export function ClusterListPage(props: ClusterListPageProps) {
  const { model, query } = props;
  const m = MESSAGES[model.lang];
  const sov = model.sov;
  const table = model.table;
  return (
    <FilteredPage
      model={model}
      path="/clusters"
      current="clusters"
      query={query}
      assets={props.assets}
      form={props.form}
      scripts={["chart", "charts", "clusters"]}
      intro={{ text: model.intro, class: "cluster-intro" }}
    >
      <section class="sov" aria-labelledby="sov-heading">
        <h2 id="sov-heading">{sov.heading}</h2>
        <p id="sov-summary" class="timeline-summary">
          {sov.summary}
        </p>
        {sov.chart ? (
          <>
            <div class={sov.rows.length > 6 ? "chart-box sov-chart-tall" : "chart-box"}>
              <canvas id="sov-chart" role="img" aria-label={sov.summary}>
                {m.chartFallback}
              </canvas>
            </div>
            <JsonData id="sov-data" value={sov.chart} />
            <details class="timeline-table">
              <summary>{m.tableToggle}</summary>
              <div class="table-scroll">
                <table>
                  <caption>{sov.caption}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{sov.columns.name}</th>
                      <th scope="col">{sov.columns.share}</th>
                      <th scope="col">{sov.columns.posts}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {sov.rows.map((r) => (
                      <tr>
                        <th scope="row">
                          <a href={r.href}>{r.name}</a>
                        </th>
                        <td>{r.share}</td>
                        <td>{r.posts}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          </>
        ) : null}
      </section>
      <section class="cluster-table" aria-labelledby="cluster-table-heading">
        <h2 id="cluster-table-heading">{table.heading}</h2>
        <p class="hint">{table.definition}</p>
        {/* A focusable region: keyboard users can scroll the long table (WCAG 2.1.1). */}
        <section class="table-scroll" aria-label={table.scrollLabel} tabindex={0}>
          <table>
            <caption>{table.caption}</caption>
            <thead>
              <tr>
                {table.columns.map((col) => (
                  <th scope="col" aria-sort={col.ariaSort} class={`col-${col.key}`}>
                    <a href={col.href}>
                      {col.label}
                      <span class="visually-hidden"> ({col.action})</span>
                    </a>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((r) => (
                <tr id={`cluster-${r.id}`}>
                  <th scope="row">
                    <a href={r.href}>{r.name}</a>
                  </th>
                  <td class="text">{r.state}</td>
                  <td>{r.posts}</td>
                  <td>{r.authors}</td>
                  <td>{r.potentialReach}</td>
                  <td>{r.engagement}</td>
                  <td>{r.shareOfVoice}</td>
                  <td>{r.sentiment}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </section>
    </FilteredPage>
  );
}
