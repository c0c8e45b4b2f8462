import { MESSAGES, type UiLang } from "../i18n/index.ts";
import type { KpiModel, SentimentModel } from "../view-models/overview.ts";

/**
 * The headline figures as a description list: a screen reader announces the
 * metric name with its value, and each card carries its definition so nobody
 * has to guess what "potenzielle Reichweite" counts.
 */
export function KpiCards(props: {
  lang: UiLang;
  kpis: KpiModel[];
  sentiment: SentimentModel;
  /** Which campaign and days the changes compare with. */
  comparisonNote?: string | null;
}) {
  const m = MESSAGES[props.lang];
  const s = props.sentiment;
  return (
    <section class="kpis" aria-labelledby="kpi-heading">
      <h2 id="kpi-heading">{m.kpiHeading}</h2>
      {props.comparisonNote ? <p class="hint">{props.comparisonNote}</p> : null}
      <dl class="kpi-grid">
        {props.kpis.map((k) => (
          <div class="kpi" id={`kpi-${k.key}`}>
            <dt>{k.label}</dt>
            <dd class="kpi-value">{k.value}</dd>
            {k.change ? (
              <dd class={`kpi-change${k.trend ? ` kpi-change-${k.trend}` : ""}`}>
                {k.trend ? (
                  <span aria-hidden="true">{k.trend === "up" ? "▲ " : k.trend === "down" ? "▼ " : "● "}</span>
                ) : null}
                {k.change}
              </dd>
            ) : null}
            <dd class="kpi-def">{k.definition}</dd>
          </div>
        ))}
        <div class="kpi kpi-sentiment" id="kpi-sentiment">
          <dt>{s.label}</dt>
          <dd class="kpi-value">
            <ul class="sentiment-counts">
              {s.counts.map((c) => (
                <li class={`sentiment-${c.key}`}>
                  <span class="sentiment-label">{c.label}</span>{" "}
                  <span class="sentiment-count">{c.value}</span>
                </li>
              ))}
            </ul>
          </dd>
          <dd class="sentiment-mean">
            {s.meanLabel} <span class="sentiment-mean-value">{s.mean}</span>
          </dd>
          <dd class="kpi-def">{s.definition}</dd>
        </div>
      </dl>
    </section>
  );
}
