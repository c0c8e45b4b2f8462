import { MESSAGES, type UiLang } from "../i18n/index.ts";
import type { TimelineModel } from "../view-models/overview.ts";
import { JsonData } from "./json-data.tsx";

export interface TimelineSectionProps {
  lang: UiLang;
  model: TimelineModel;
  /** Same page with `bucket=day` / `bucket=hour`, every other parameter kept. */
  dayHref: string;
  hourHref: string;
}

/**
 * The chart is drawn by public/overview.js from the JSON element. The sentence
 * and the table carry the same information for people who cannot see the
 * canvas, and for everyone when JavaScript is off.
 */
export function TimelineSection(props: TimelineSectionProps) {
  const m = MESSAGES[props.lang];
  const t = props.model;
  return (
    <section class="timeline" aria-labelledby="timeline-heading">
      <div class="section-head">
        <h2 id="timeline-heading">{m.timelineHeading}</h2>
        <nav aria-label={m.bucketSwitchLabel} class="bucket-switch">
          <a href={props.dayHref} aria-current={t.bucket === "day" ? "page" : undefined}>
            {m.bucketDay}
          </a>
          <a href={props.hourHref} aria-current={t.bucket === "hour" ? "page" : undefined}>
            {m.bucketHour}
          </a>
        </nav>
      </div>
      <p id="timeline-summary" class="timeline-summary">
        {t.summary}
      </p>
      <div class="chart-box">
        <canvas id="timeline-chart" role="img" aria-label={t.summary}>
          {m.chartFallback}
        </canvas>
      </div>
      <JsonData id="timeline-data" value={t.chart} />
      <details class="timeline-table">
        <summary>{m.tableToggle}</summary>
        <div class="table-scroll">
          <table>
            <caption>{m.tableCaption(t.bucket)}</caption>
            <thead>
              <tr>
                <th scope="col">{t.columns.time}</th>
                <th scope="col">{t.columns.posts}</th>
                <th scope="col">{t.columns.potentialReach}</th>
                <th scope="col">{t.columns.engagement}</th>
                {t.platformColumns.map((name) => (
                  <th scope="col">{name}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {t.rows.map((r) => (
                <tr>
                  <th scope="row">
                    <time datetime={r.iso}>{r.label}</time>
                  </th>
                  <td>{r.posts}</td>
                  <td>{r.potentialReach}</td>
                  <td>{r.engagement}</td>
                  {r.platforms.map((n) => (
                    <td>{n}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
