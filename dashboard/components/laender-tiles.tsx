import type { LaenderTilesModel } from "../view-models/laender-tiles.ts";

/**
 * The tile grid map of the Länder (see view-models/laender-tiles.ts). A list
 * of links in reading order; CSS classes place each tile on the grid and shade
 * it (no inline styles: the CSP forbids them). The colour only repeats the
 * number printed on the tile (WCAG 1.4.1); the legend explains the steps.
 */
export function LaenderTiles(props: { model: LaenderTilesModel; idPrefix?: string }) {
  const m = props.model;
  const legendId = `${props.idPrefix ?? "laender"}-legend-title`;
  return (
    <div class="laender-map">
      <ul class="laender-tiles" aria-label={m.listLabel}>
        {m.tiles.map((t) => (
          <li class={`laender-tile tile-row-${t.row} tile-col-${t.col} tile-step-${t.step}`}>
            <a href={t.href} title={t.name}>
              <span class="tile-code">{t.short}</span>
              <span class="visually-hidden"> {t.name}:</span> <span class="tile-posts">{t.posts}</span>
              <span class="visually-hidden"> {t.unit}</span>
            </a>
          </li>
        ))}
      </ul>
      <div class="tiles-legend">
        <p class="tiles-legend-title" id={legendId}>
          {m.legendTitle}
        </p>
        <ul aria-labelledby={legendId}>
          {m.legend.map((l) => (
            <li>
              <span class={`tiles-swatch tile-step-${l.step}`} aria-hidden="true" />
              {l.label}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
