import { stateName } from "../../data/format.ts";
import type { StateRow } from "../../data/queries/states.ts";
import { clusterMessages } from "../i18n/clusters.ts";
import type { UiLang } from "../i18n/index.ts";
import { pageHref, type Query } from "../urls.ts";
import { createFormatter } from "./format.ts";
import { metricText } from "./metric-names.ts";

/**
 * The tile grid map of the 16 Länder: one equal tile per Land, placed roughly
 * where the Land lies, shaded in a few steps by posts. Equal tiles keep small
 * Länder (Bremen, Saarland, the city states) visible and clickable, which a
 * real map would not. Pure: the overview page reuses it.
 */

/** Darkest step; 0 means no posts. The CSS has one class per step (tile-step-0 … tile-step-4). */
export const TILE_STEPS = 4;

/**
 * Grid row and column (1-based) of each Land on a 5 × 5 grid: north at the top,
 * neighbours next to each other where possible (Berlin beside Brandenburg).
 */
export const TILE_POSITIONS: Readonly<Record<string, { row: number; col: number }>> = {
  "DE-SH": { row: 1, col: 3 },
  "DE-HB": { row: 2, col: 2 },
  "DE-HH": { row: 2, col: 3 },
  "DE-MV": { row: 2, col: 4 },
  "DE-NW": { row: 3, col: 1 },
  "DE-NI": { row: 3, col: 2 },
  "DE-ST": { row: 3, col: 3 },
  "DE-BB": { row: 3, col: 4 },
  "DE-BE": { row: 3, col: 5 },
  "DE-RP": { row: 4, col: 1 },
  "DE-HE": { row: 4, col: 2 },
  "DE-TH": { row: 4, col: 3 },
  "DE-SN": { row: 4, col: 4 },
  "DE-SL": { row: 5, col: 1 },
  "DE-BW": { row: 5, col: 2 },
  "DE-BY": { row: 5, col: 3 },
};

export interface LaenderTile {
  code: string;
  /** "NW". */
  short: string;
  name: string;
  posts: string;
  /** Spoken after the number: "Erwähnungen" / "posts". */
  unit: string;
  step: number;
  row: number;
  col: number;
  href: string;
}

export interface LegendItem {
  step: number;
  label: string;
}

export interface LaenderTilesModel {
  /** The list's accessible name. */
  listLabel: string;
  /** In reading order: row by row, west to east, so a screen reader follows the grid. */
  tiles: LaenderTile[];
  legendTitle: string;
  legend: LegendItem[];
}

export interface LaenderTilesInput {
  lang: UiLang;
  /** getStates' rows (all 16 Länder). */
  rows: readonly StateRow[];
  /** Each tile links to `linkPath` with this query and `state=<code>` (default: the overview). */
  linkQuery: Query;
  linkPath?: string;
}

/** The shading step of `posts` when the busiest Land has `max`: 0 for none, else 1…TILE_STEPS by equal quarters of max. */
export function tileStep(posts: number, max: number): number {
  if (posts <= 0 || max <= 0) return 0;
  return Math.min(TILE_STEPS, Math.max(1, Math.ceil((posts * TILE_STEPS) / max)));
}

/** The post range of each step (integers, both ends included); steps whose range is empty are left out. */
export function stepRanges(max: number): { step: number; from: number; to: number }[] {
  const out: { step: number; from: number; to: number }[] = [];
  if (max <= 0) return out;
  for (let k = 1; k <= TILE_STEPS; k++) {
    const from = Math.floor((max * (k - 1)) / TILE_STEPS) + 1;
    const to = Math.floor((max * k) / TILE_STEPS);
    if (from <= to) out.push({ step: k, from, to });
  }
  return out;
}

export function buildLaenderTiles(input: LaenderTilesInput): LaenderTilesModel {
  const { lang } = input;
  const cm = clusterMessages[lang];
  const fmt = createFormatter(lang);
  const max = Math.max(0, ...input.rows.map((r) => r.posts));
  const unit = metricText("posts", lang).name;
  const tiles = input.rows
    .filter((r) => TILE_POSITIONS[r.state])
    .map((r) => {
      const pos = TILE_POSITIONS[r.state] ?? { row: 0, col: 0 };
      return {
        code: r.state,
        short: r.state.replace(/^DE-/, ""),
        name: stateName(r.state, lang),
        posts: fmt.integer(r.posts),
        unit,
        step: tileStep(r.posts, max),
        row: pos.row,
        col: pos.col,
        href: pageHref(input.linkPath ?? "/", { ...input.linkQuery, state: r.state }),
      };
    })
    .sort((a, b) => a.row - b.row || a.col - b.col);
  return {
    listLabel: cm.mapListLabel,
    tiles,
    legendTitle: cm.legendTitle,
    legend: [
      { step: 0, label: cm.legendNone },
      ...stepRanges(max).map((s) => ({
        step: s.step,
        label: cm.legendRange(fmt.integer(s.from), fmt.integer(s.to)),
      })),
    ],
  };
}
