import { campaignAverage, clusterRank } from "../data/analysis/cluster-standing.ts";
import { METRIC_DEFINITIONS } from "../data/analysis/metrics.ts";
import type { Campaign } from "../data/campaign.ts";
import type { Filters } from "../data/filters.ts";
import {
  formatDateTime,
  formatDecimal,
  formatPercent,
  formatPeriod,
  formatSentimentMean,
  type Lang,
  languageName,
  localeOf,
  platformName,
  stateName,
} from "../data/format.ts";
import type { ClusterRow } from "../data/queries/clusters.ts";
import type { SourceCoverage } from "../data/queries/coverage.ts";
import type { EventRow } from "../data/queries/events.ts";
import type { TopPost } from "../data/queries/insights.ts";
import type { Summary } from "../data/queries/summary.ts";
import type { Timeline } from "../data/queries/timeline.ts";
import { LABELS } from "./labels.ts";
import type { LabelValue, ReportModel, TableCell } from "./model.ts";
import {
  appendixSection,
  eventsTable,
  num,
  peakSentence,
  platformTable,
  postsBlock,
  timelineBlocks,
} from "./sections.ts";
import { methodNotes } from "./week-model.ts";

export interface ClusterModelInput {
  lang: Lang;
  campaign: Campaign;
  generatedAt: Date;
  filters: Pick<Filters, "from" | "to" | "platform" | "lang">;
  /** The cluster's row and every cluster's row for the same filters (average and rank). */
  cluster: ClusterRow;
  all: readonly ClusterRow[];
  /** The cluster's summary (its posts only), day timeline and per-platform days. */
  summary: Summary;
  timeline: Timeline;
  platformTimelines?: readonly { platform: string; timeline: Timeline }[];
  events: readonly EventRow[];
  posts: readonly TopPost[];
  coverage?: readonly SourceCoverage[];
}

const COMPARED = [
  "posts",
  "authors",
  "potentialReach",
  "engagement",
  "shareOfVoice",
  "sentimentMean",
] as const;

/** A cluster manager's report: their figures against the campaign average, rank, days, platforms, events, posts. Pure. */
export function buildClusterModel(input: ClusterModelInput): ReportModel {
  const { lang, campaign, cluster: c, generatedAt } = input;
  const t = LABELS[lang];
  const period = formatPeriod(input.filters.from, input.filters.to, lang);
  const generated = `${t.generated}: ${formatDateTime(generatedAt, lang)}`;
  const active = input.all.filter((r) => r.posts > 0);
  // Averages of counts are rarely whole: one decimal, as on the cluster's page.
  const show = (key: (typeof COMPARED)[number], x: number, average = false) =>
    key === "shareOfVoice"
      ? formatPercent(x, lang)
      : key === "sentimentMean"
        ? formatSentimentMean(x, lang)
        : average
          ? formatDecimal(x, lang)
          : num(x, lang);
  const rows: TableCell[][] = COMPARED.map((key) => {
    const def = METRIC_DEFINITIONS.find((d) => d.key === (key === "sentimentMean" ? "sentiment" : key));
    const avg = campaignAverage(key, input.all);
    return [
      { text: def ? def[lang].name : key, bold: true },
      { text: show(key, c[key]), bold: true },
      { text: avg === null ? "–" : show(key, avg, true) },
      { text: def ? def[lang].formula : "", small: true, muted: true },
    ];
  });
  const rank = clusterRank(c.id, input.all);
  const filters: LabelValue[] = [
    { label: t.cluster, value: c.name },
    { label: t.state_, value: c.states.map((s) => stateName(s, lang)).join(", ") || "–" },
    { label: t.period, value: period },
    { label: t.platform, value: input.filters.platform ? platformName(input.filters.platform) : t.all },
    { label: t.postLang, value: input.filters.lang ? languageName(input.filters.lang, lang) : t.all },
  ];
  return {
    lang,
    locale: localeOf(lang),
    product: "Resonanz",
    title: t.clusterTitle,
    coverTitle: c.name,
    coverSubtitle: `${campaign.name} · ${period}`,
    campaignName: campaign.name,
    filters,
    generatedAt: generated,
    createdAt: generatedAt,
    documentTitle: `Resonanz – ${t.clusterTitle} ${c.name} – ${campaign.name} (${period})`,
    footer: `Resonanz · ${c.name} · ${campaign.name} · ${generated}`,
    sections: [
      {
        heading: t.clusterKpis,
        blocks: [
          {
            kind: "paragraph",
            text: rank
              ? t.rank(num(rank.rank, lang), num(rank.of, lang), rank.ties)
              : t.rankNone(num(input.all.length, lang)),
          },
          {
            kind: "table",
            columns: [
              { header: t.clusterKpiColumns[0], width: 0.24 },
              { header: t.clusterKpiColumns[1], width: 0.16, align: "right" },
              { header: t.clusterKpiColumns[2], width: 0.2, align: "right" },
              { header: t.clusterKpiColumns[3], width: 0.4 },
            ],
            rows,
          },
          { kind: "paragraph", muted: true, text: t.averageNote(num(active.length, lang)) },
        ],
      },
      {
        heading: t.timeline,
        blocks: timelineBlocks(
          lang,
          input.timeline,
          input.platformTimelines ?? [],
          peakSentence(lang, input.timeline),
        ),
      },
      { heading: t.platforms, blocks: [platformTable(lang, input.summary)] },
      { heading: t.clusterEvents, blocks: [eventsTable(lang, input.events, t.clusterEventsEmpty, 50, true)] },
      {
        heading: t.clusterPosts,
        blocks: [postsBlock(lang, input.posts, campaign.timezone, t.topPostsEmpty)],
      },
      appendixSection(lang, campaign, input.coverage ?? [], methodNotes(lang, campaign)),
    ],
  };
}
