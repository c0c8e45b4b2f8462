import { MESSAGES, type UiLang } from "../i18n/index.ts";
import { pageHref, type Query } from "../urls.ts";
import type { ShareOfVoiceModel } from "../view-models/overview.ts";
import { JsonData } from "./json-data.tsx";

/** The strongest clusters' share of voice: a bar chart (overview.js) with its sentence and table. */
export function ShareOfVoiceSection(props: { lang: UiLang; model: ShareOfVoiceModel; linkQuery: Query }) {
  const m = MESSAGES[props.lang];
  const s = props.model;
  return (
    <section class="share-of-voice" aria-labelledby="sov-heading">
      <h2 id="sov-heading">{m.shareOfVoiceHeading}</h2>
      <p id="sov-summary">{s.summary}</p>
      {s.rows.length > 0 ? (
        <>
          <div class="chart-box chart-box-tall">
            <canvas id="sov-chart" role="img" aria-label={s.summary}>
              {m.chartFallback}
            </canvas>
          </div>
          <JsonData id="sov-data" value={s.chart} />
          <details class="timeline-table">
            <summary>{m.tableToggle}</summary>
            <div class="table-scroll">
              <table>
                <caption>{m.shareOfVoiceHeading}</caption>
                <thead>
                  <tr>
                    <th scope="col">{m.colCluster}</th>
                    <th scope="col">{m.postsColumn}</th>
                    <th scope="col">{m.colShare}</th>
                  </tr>
                </thead>
                <tbody>
                  {s.rows.map((r) => (
                    <tr>
                      <th scope="row">
                        <a href={pageHref(`/clusters/${encodeURIComponent(r.id)}`, props.linkQuery)}>
                          {r.name}
                        </a>
                      </th>
                      <td>{r.posts}</td>
                      <td>{r.share}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      ) : null}
    </section>
  );
}
