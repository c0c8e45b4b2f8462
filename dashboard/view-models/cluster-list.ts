import type { Campaign } from "../../data/campaign.ts";
import { localeOf, stateName } from "../../data/format.ts";
import type { ClusterRow } from "../../data/queries/clusters.ts";
import { clusterMessages } from "../i18n/clusters.ts";
import { MESSAGES, type UiLang } from "../i18n/index.ts";
import { pageHref, type Query, sharedQuery } from "../urls.ts";
import { createFormatter } from "./format.ts";
import { metricText } from "./metric-names.ts";

/**
 * /clusters: every registry cluster, a share-of-voice chart of the most
 * mentioned and a table sorted on the server (links, no script needed).
 */

/** What public/charts.js draws (ResonanzCharts.draw's spec), serialised into a JSON element. */
export interface ChartSpec {
  type: "bar" | "line" | "doughnut";
  labels: string[];
  datasets: { label: string; data: number[] }[];
  locale: string;
  horizontal?: boolean;
  legend?: boolean;
}

export const SORT_KEYS = [
  "name",
  "state",
  "posts",
  "authors",
  "potentialReach",
  "engagement",
  "shareOfVoice",
  "sentiment",
] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = "asc" | "desc";
export interface ClusterSort {
  key: SortKey;
  dir: SortDir;
}

/** How many clusters the chart shows; the table lists all. */
export const CHART_CLUSTERS = 15;
/** Chart labels longer than this are cut (the table has the full name): long names squeeze the bars. */
const LABEL_MAX = 32;

const TEXT_KEYS: readonly SortKey[] = ["name", "state"];

/** The first click on a text column sorts A–Z, on a number column largest first. */
export function defaultDir(key: SortKey): SortDir {
  return TEXT_KEYS.includes(key) ? "asc" : "desc";
}

/**
 * `sort` and `dir` from the URL. An unknown value falls back to the default
 * (most posts first) instead of failing: it is a view choice, not a filter, and
 * a mistyped shared link should still show the page.
 */
export function parseClusterSort(query: Query): ClusterSort {
  const key = (SORT_KEYS as readonly string[]).includes(query.sort ?? "") ? (query.sort as SortKey) : "posts";
  const dir = query.dir === "asc" || query.dir === "desc" ? query.dir : defaultDir(key);
  return { key, dir };
}

export interface ClusterListInput {
  lang: UiLang;
  campaign: Campaign;
  from: string;
  to: string;
  /** getClusters' rows (every registry cluster, most posts first). */
  rows: readonly ClusterRow[];
  sort: ClusterSort;
  query: Query;
}

export interface ClusterTableRow {
  id: string;
  name: string;
  href: string;
  state: string;
  posts: string;
  authors: string;
  potentialReach: string;
  engagement: string;
  shareOfVoice: string;
  sentiment: string;
}

export interface SortColumn {
  key: SortKey;
  label: string;
  href: string;
  /** aria-sort of the column header. */
  ariaSort: "ascending" | "descending" | undefined;
  /** What following the link does, for screen readers. */
  action: string;
}

export interface ClusterListModel {
  lang: UiLang;
  title: string;
  heading: string;
  campaignName: string;
  period: string;
  intro: string;
  sov: {
    heading: string;
    summary: string;
    /** null when no cluster was mentioned: no chart, only the summary. */
    chart: ChartSpec | null;
    caption: string;
    columns: { name: string; share: string; posts: string };
    rows: { name: string; href: string; share: string; posts: string }[];
  };
  table: {
    heading: string;
    caption: string;
    scrollLabel: string;
    columns: SortColumn[];
    rows: ClusterTableRow[];
    definition: string;
  };
}

export function buildClusterListModel(input: ClusterListInput): ClusterListModel {
  const { lang, rows, sort } = input;
  const m = MESSAGES[lang];
  const cm = clusterMessages[lang];
  const fmt = createFormatter(lang);
  const linkQuery = sharedQuery(input.query);
  const href = (id: string) => pageHref(`/clusters/${encodeURIComponent(id)}`, linkQuery);
  const active = rows.filter((r) => r.posts > 0);
  const top = active.slice(0, CHART_CLUSTERS);
  const first = top[0];

  let summary = cm.sovEmpty;
  if (first && top.length === 1)
    summary = cm.sovSummaryOne(first.name, fmt.percent(first.shareOfVoice), fmt.integer(first.posts));
  else if (first)
    summary = cm.sovSummary(
      fmt.integer(top.length),
      first.name,
      fmt.percent(first.shareOfVoice),
      fmt.integer(first.posts),
    );

  const postsName = metricText("posts", lang).name;
  const labels: Record<SortKey, string> = {
    name: cm.colName,
    state: cm.colState,
    posts: postsName,
    authors: metricText("authors", lang).name,
    potentialReach: metricText("potentialReach", lang).name,
    engagement: metricText("engagement", lang).name,
    shareOfVoice: metricText("shareOfVoice", lang).name,
    sentiment: cm.colSentiment,
  };
  const columns: SortColumn[] = SORT_KEYS.map((key) => {
    const current = sort.key === key;
    const next: SortDir = current ? (sort.dir === "asc" ? "desc" : "asc") : defaultDir(key);
    return {
      key,
      label: labels[key],
      href: pageHref("/clusters", input.query, { sort: key, dir: next }),
      ariaSort: current ? (sort.dir === "asc" ? "ascending" : "descending") : undefined,
      action: next === "asc" ? cm.sortAscending : cm.sortDescending,
    };
  });

  return {
    lang,
    title: `${cm.clustersTitle} – ${input.campaign.name} – ${m.appName}`,
    heading: cm.clustersTitle,
    campaignName: input.campaign.name,
    period: fmt.period(input.from, input.to),
    intro: cm.clustersIntro(fmt.integer(rows.length), fmt.integer(active.length), active.length),
    sov: {
      heading: cm.sovHeading,
      summary,
      chart: first
        ? {
            type: "bar",
            horizontal: true,
            locale: localeOf(lang),
            labels: top.map((r) => shorten(r.name)),
            datasets: [
              { label: cm.sovSeriesLabel, data: top.map((r) => Math.round(r.shareOfVoice * 1000) / 10) },
            ],
          }
        : null,
      caption: cm.sovCaption(fmt.integer(top.length)),
      columns: { name: cm.colName, share: metricText("shareOfVoice", lang).name, posts: postsName },
      rows: top.map((r) => ({
        name: r.name,
        href: href(r.id),
        share: fmt.percent(r.shareOfVoice),
        posts: fmt.integer(r.posts),
      })),
    },
    table: {
      heading: cm.tableHeading,
      caption: cm.tableCaption(fmt.integer(rows.length)),
      scrollLabel: cm.tableScrollLabel,
      columns,
      rows: sortRows(rows, sort, lang).map((r) => ({
        id: r.id,
        name: r.name,
        href: href(r.id),
        state: r.states.length ? r.states.map((s) => stateName(s, lang)).join(", ") : cm.noState,
        posts: fmt.integer(r.posts),
        authors: fmt.integer(r.authors),
        potentialReach: fmt.integer(r.potentialReach),
        engagement: fmt.integer(r.engagement),
        shareOfVoice: fmt.percent(r.shareOfVoice),
        sentiment: fmt.signed(r.sentimentMean),
      })),
      definition: cm.sovDefinition,
    },
  };
}

/** Sorted by `sort`, ties by name (A–Z); clusters without a Land last when sorting by Land. */
export function sortRows(rows: readonly ClusterRow[], sort: ClusterSort, lang: UiLang): ClusterRow[] {
  const collator = new Intl.Collator(localeOf(lang));
  const byName = (a: ClusterRow, b: ClusterRow) => collator.compare(a.name, b.name);
  const sign = sort.dir === "asc" ? 1 : -1;
  const value = (r: ClusterRow): number => {
    switch (sort.key) {
      case "sentiment":
        return r.sentimentMean;
      case "name":
      case "state":
        return 0;
      default:
        return r[sort.key];
    }
  };
  return [...rows].sort((a, b) => {
    if (sort.key === "name") return sign * byName(a, b);
    if (sort.key === "state") {
      const sa = a.state === null ? null : stateName(a.state, lang);
      const sb = b.state === null ? null : stateName(b.state, lang);
      if (sa === null || sb === null) return (sa === null ? 1 : 0) - (sb === null ? 1 : 0) || byName(a, b);
      return sign * collator.compare(sa, sb) || byName(a, b);
    }
    return sign * (value(a) - value(b)) || byName(a, b);
  });
}

function shorten(name: string): string {
  return name.length > LABEL_MAX ? `${name.slice(0, LABEL_MAX - 1).trimEnd()}…` : name;
}
