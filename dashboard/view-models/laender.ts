import type { Campaign } from "../../data/campaign.ts";
import { stateName } from "../../data/format.ts";
import type { StateRow } from "../../data/queries/states.ts";
import { clusterMessages } from "../i18n/clusters.ts";
import { MESSAGES, type UiLang } from "../i18n/index.ts";
import { pageHref, type Query, sharedQuery } from "../urls.ts";
import { createFormatter } from "./format.ts";
import { buildLaenderTiles, type LaenderTilesModel } from "./laender-tiles.ts";
import { metricText } from "./metric-names.ts";

/** Everything /laender prints, as strings: the tile map, its summary sentence and the table. */
export interface LaenderInput {
  lang: UiLang;
  campaign: Campaign;
  from: string;
  to: string;
  /** getStates' rows (all 16 Länder). */
  rows: readonly StateRow[];
  /** The request's query: links keep its filters and UI language. */
  query: Query;
}

export interface LaenderRow {
  code: string;
  name: string;
  /** The overview filtered by the Land. */
  href: string;
  posts: string;
  clusters: string;
  potentialReach: string;
}

export interface LaenderModel {
  lang: UiLang;
  title: string;
  heading: string;
  campaignName: string;
  period: string;
  intro: string;
  mapHeading: string;
  /** One sentence with what the map shows, for everyone who cannot see the colours. */
  mapSummary: string;
  tiles: LaenderTilesModel;
  tableHeading: string;
  caption: string;
  columns: { land: string; posts: string; clusters: string; potentialReach: string };
  /** Most posts first; ties by name. */
  rows: LaenderRow[];
}

export function buildLaenderModel(input: LaenderInput): LaenderModel {
  const { lang } = input;
  const m = MESSAGES[lang];
  const cm = clusterMessages[lang];
  const fmt = createFormatter(lang);
  const linkQuery = sharedQuery(input.query);
  const named = input.rows.map((r) => ({ ...r, name: stateName(r.state, lang) }));
  const sorted = [...named].sort(
    (a, b) => b.posts - a.posts || a.name.localeCompare(b.name, lang === "de" ? "de" : "en"),
  );
  const active = sorted.filter((r) => r.posts > 0);
  const top = active[0];
  return {
    lang,
    title: `${cm.laenderTitle} – ${input.campaign.name} – ${m.appName}`,
    heading: cm.laenderTitle,
    campaignName: input.campaign.name,
    period: fmt.period(input.from, input.to),
    intro: cm.laenderIntro,
    mapHeading: cm.mapHeading,
    mapSummary: top
      ? cm.mapSummary(top.name, fmt.integer(top.posts), fmt.integer(active.length), active.length)
      : cm.mapSummaryEmpty,
    tiles: buildLaenderTiles({ lang, rows: input.rows, linkQuery }),
    tableHeading: cm.laenderTableHeading,
    caption: cm.laenderCaption,
    columns: {
      land: cm.colLand,
      posts: metricText("posts", lang).name,
      clusters: cm.colClusters,
      potentialReach: metricText("potentialReach", lang).name,
    },
    rows: sorted.map((r) => ({
      code: r.state,
      name: r.name,
      href: pageHref("/", { ...linkQuery, state: r.state }),
      posts: fmt.integer(r.posts),
      clusters: fmt.integer(r.clusters),
      potentialReach: fmt.integer(r.potentialReach),
    })),
  };
}
