import type { ClusterDetailModel } from "../view-models/cluster-detail.ts";

/**
 * The cluster's figures beside the campaign average. The comparison is a
 * sentence ("45 % über dem Durchschnitt"), not a colour or an arrow alone, so
 * it reads the same to everyone (WCAG 1.4.1).
 */
export function ClusterKpis(props: { model: ClusterDetailModel; heading: string }) {
  const d = props.model;
  return (
    <section class="kpis cluster-kpis" aria-labelledby="kpi-heading">
      <h2 id="kpi-heading">{props.heading}</h2>
      <p class="cluster-rank">{d.rank}</p>
      <dl class="kpi-grid">
        {d.kpis.map((k) => (
          <div class="kpi" id={`kpi-${k.key}`}>
            <dt>{k.label}</dt>
            <dd class="kpi-value">{k.value}</dd>
            {k.average === null ? null : (
              <dd class="kpi-average">
                {d.averageLabel}: <span class="kpi-average-value">{k.average}</span>
              </dd>
            )}
            <dd class={`kpi-compare${k.direction ? ` compare-${k.direction}` : ""}`}>{k.comparison}</dd>
            <dd class="kpi-def">{k.definition}</dd>
          </div>
        ))}
      </dl>
      <p class="hint average-definition">{d.averageDefinition}</p>
    </section>
  );
}
