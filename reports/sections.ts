import { engagementRate, METRIC_DEFINITIONS, METRICS_VERSION } from "../data/analysis/metrics.ts";
import type { Campaign } from "../data/campaign.ts";
import {
  formatDateTime,
  formatDay,
  formatInteger,
  formatPercent,
  formatPeriod,
  type Lang,
  platformName,
} from "../data/format.ts";
import type { SourceCoverage } from "../data/queries/coverage.ts";
import type { EventRow } from "../data/queries/events.ts";
import type { TopPost } from "../data/queries/insights.ts";
import type { Summary } from "../data/queries/summary.ts";
import type { Timeline } from "../data/queries/timeline.ts";
import { formatAxisDay, formatWeekday } from "./format.ts";
import { LABELS } from "./labels.ts";
import type { Block, ReportPost, Section, TableBlock, TableCell } from "./model.ts";

/**
 * Sections both reports print (week and cluster), built from the same query
 * results the dashboard shows, worded per language. Pure.
 */

export function num(n: number, lang: Lang): string {
  return formatInteger(n, lang);
}

/** The share of a part in a total, "12,50 %"; 0 when the total is 0. */
export function share(part: number, total: number, lang: Lang): string {
  return formatPercent(total > 0 ? part / total : 0, lang);
}

/** The day timeline: a chart (stacked by platform when there are several) and the table with a total row. */
export function timelineBlocks(
  lang: Lang,
  timeline: Timeline,
  platformTimelines: readonly { platform: string; timeline: Timeline }[],
  summary: string,
): Block[] {
  const t = LABELS[lang];
  const labels = timeline.series.map((p) => formatAxisDay(p.t, lang));
  const stacked = platformTimelines.length > 1;
  const totals = { posts: 0, potentialReach: 0, engagement: 0 };
  const rows: TableCell[][] = timeline.series.map((p) => {
    totals.posts += p.posts;
    totals.potentialReach += p.potentialReach;
    totals.engagement += p.engagement;
    return dayCells(formatWeekday(p.t, lang), p, lang);
  });
  rows.push(dayCells(t.total, totals, lang).map((c) => ({ ...c, bold: true })));
  return [
    {
      kind: "chart",
      summary,
      height: 190,
      spec: {
        type: "bar",
        labels,
        stacked,
        datasets: stacked
          ? platformTimelines.map((p) => ({
              label: platformName(p.platform),
              data: p.timeline.series.map((x) => x.posts),
            }))
          : [{ label: t.dayColumns[1], data: timeline.series.map((p) => p.posts) }],
      },
    },
    {
      kind: "table",
      columns: [
        { header: t.dayColumns[0], width: 0.28 },
        ...t.dayColumns.slice(1).map((header) => ({ header, width: 0.18, align: "right" as const })),
      ],
      rows,
      lastRowIsTotal: true,
    },
  ];
}

function dayCells(
  day: string,
  p: { posts: number; potentialReach: number; engagement: number },
  lang: Lang,
): TableCell[] {
  return [
    { text: day },
    { text: num(p.posts, lang) },
    { text: num(p.potentialReach, lang) },
    { text: num(p.engagement, lang) },
    { text: formatPercent(engagementRate(p.engagement, p.potentialReach), lang) },
  ];
}

/** "Spitzenwert am Do, 20.04.2017: 12 von 40 Erwähnungen." – the sentence a chart stands for. */
export function peakSentence(lang: Lang, timeline: Timeline): string {
  let peak = timeline.series[0];
  let total = 0;
  for (const p of timeline.series) {
    total += p.posts;
    if (peak && p.posts > peak.posts) peak = p;
  }
  if (!peak || total === 0)
    return lang === "de" ? "Im Zeitraum gibt es keine Erwähnungen." : "There are no posts in this period.";
  const day = formatWeekday(peak.t, lang);
  return lang === "de"
    ? `Erwähnungen je Tag; Spitzenwert am ${day}: ${num(peak.posts, lang)} von insgesamt ${num(total, lang)}.`
    : `Posts per day; the peak was ${day}: ${num(peak.posts, lang)} of ${num(total, lang)} in all.`;
}

/** A count per label with its share of `total`: platforms, sentiment, languages. */
export function shareTable(
  lang: Lang,
  columns: readonly [string, string, string],
  entries: readonly (readonly [string, number])[],
  total: number,
  empty?: string,
): TableBlock {
  return {
    kind: "table",
    columns: [
      { header: columns[0], width: 0.5 },
      { header: columns[1], width: 0.25, align: "right" },
      { header: columns[2], width: 0.25, align: "right" },
    ],
    rows: entries.map(([label, n]) => [
      { text: label },
      { text: num(n, lang) },
      { text: share(n, total, lang) },
    ]),
    ...(empty ? { empty } : {}),
  };
}

export function platformTable(lang: Lang, summary: Summary): TableBlock {
  const t = LABELS[lang];
  const entries = Object.entries(summary.platforms)
    .sort((a, b) => b[1] - a[1])
    .map(([p, n]) => [platformName(p), n] as const);
  return shareTable(lang, t.platformColumns, entries, summary.posts, t.topPostsEmpty);
}

export function postsBlock(lang: Lang, posts: readonly TopPost[], timezone: string, empty: string): Block {
  const t = LABELS[lang];
  const items: ReportPost[] = posts.map((p) => ({
    meta: `${p.author} · ${platformName(p.platform)} · ${formatDateTime(new Date(p.createdAt), lang, timezone)}`,
    text: p.text,
    figures: t.interactions(num(p.engagement, lang), p.engagement),
    url: safeHttpUrl(p.url),
  }));
  return { kind: "posts", items, empty };
}

/** Events by posts; only those with posts unless `all` (a cluster's own events are listed even without). */
export function eventsTable(
  lang: Lang,
  events: readonly EventRow[],
  empty: string,
  limit = 10,
  all = false,
): TableBlock {
  const t = LABELS[lang];
  const withPosts = events.filter((e) => all || e.posts > 0).slice(0, limit);
  return {
    kind: "table",
    columns: [
      { header: t.eventColumns[0], width: 0.5 },
      { header: t.eventColumns[1], width: 0.2 },
      { header: t.eventColumns[2], width: 0.15 },
      { header: t.eventColumns[3], width: 0.15, align: "right" },
    ],
    rows: withPosts.map((e) => [
      { text: e.title },
      {
        text: e.start === e.end ? formatDay(e.start, lang) : formatPeriod(e.start, e.end, lang),
        small: true,
      },
      { text: e.city ?? "–", small: true },
      { text: num(e.posts, lang) },
    ]),
    empty,
  };
}

/** The appendix: coverage of every source, how the numbers are made, and the metric definitions with their version. */
export function appendixSection(
  lang: Lang,
  campaign: Campaign,
  coverage: readonly SourceCoverage[],
  notes: string[],
): Section {
  const t = LABELS[lang];
  const hours = (g: { from: string; to: string }) => (Date.parse(g.to) - Date.parse(g.from)) / 3_600_000;
  return {
    heading: t.appendix,
    newPage: true,
    blocks: [
      { kind: "paragraph", text: t.coverageIntro, muted: true },
      {
        kind: "table",
        caption: t.coverage,
        columns: [
          { header: t.coverageColumns[0], width: 0.13 },
          { header: t.coverageColumns[1], width: 0.3 },
          { header: t.coverageColumns[2], width: 0.12 },
          { header: t.coverageColumns[3], width: 0.13, align: "right" },
          { header: t.coverageColumns[4], width: 0.14, align: "right" },
          { header: t.coverageColumns[5], width: 0.18 },
        ],
        rows: coverage.map((c) => [
          { text: c.source, small: true },
          { text: c.target, small: true },
          { text: c.status, small: true },
          { text: `${num(c.runs, lang)} (${num(c.failedRuns, lang)})`, small: true },
          { text: num(c.posts, lang), small: true },
          {
            text:
              c.gaps.length === 0
                ? t.noGaps
                : t.gaps(
                    num(c.gaps.length, lang),
                    num(Math.round(c.gaps.reduce((a, g) => a + hours(g), 0)), lang),
                  ),
            small: true,
          },
        ]),
        empty: t.coverageEmpty,
      },
      { kind: "paragraph", text: t.method },
      { kind: "bullets", items: notes },
      {
        kind: "table",
        caption: t.definitions(String(METRICS_VERSION)),
        columns: [
          { header: t.definitionColumns[0], width: 0.28 },
          { header: t.definitionColumns[1], width: 0.72 },
        ],
        rows: METRIC_DEFINITIONS.map((d) => [
          { text: d[lang].name, bold: true },
          { text: d[lang].formula, small: true },
        ]),
      },
      {
        kind: "paragraph",
        muted: true,
        text:
          lang === "de"
            ? `Alle Tagesgrenzen in der Zeitzone ${campaign.timezone}.`
            : `All day boundaries are in the ${campaign.timezone} time zone.`,
      },
    ],
  };
}

/** The URL if it is an absolute http(s) URL, else null: a feed could carry `javascript:` links. */
export function safeHttpUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch {
    return null;
  }
}
