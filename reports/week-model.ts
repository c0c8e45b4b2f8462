import { METRIC_DEFINITIONS, METRICS_VERSION } from "../data/analysis/metrics.ts";
import type { Campaign } from "../data/campaign.ts";
import type { Filters } from "../data/filters.ts";
import {
  formatDateTime,
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
import { relativeChange } from "../data/queries/compare.ts";
import type { SourceCoverage } from "../data/queries/coverage.ts";
import type { EventRow } from "../data/queries/events.ts";
import type { LanguageCount, TopPost } from "../data/queries/insights.ts";
import type { StateRow } from "../data/queries/states.ts";
import type { Summary } from "../data/queries/summary.ts";
import type { Timeline } from "../data/queries/timeline.ts";
import { LABELS } from "./labels.ts";
import type { LabelValue, ReportModel, Section, TableCell } from "./model.ts";
import {
  appendixSection,
  eventsTable,
  num,
  peakSentence,
  platformTable,
  postsBlock,
  shareTable,
  timelineBlocks,
} from "./sections.ts";

export interface WeekModelInput {
  summary: Summary;
  /** The day timeline of the same filters. */
  timeline: Timeline;
  campaign: Campaign;
  generatedAt: Date;
  lang: Lang;
  /** "digest": the daily interim report during the campaign (the title says so). Default "week". */
  kind?: "week" | "digest";
  /** The narrowing filters, printed on the cover; absent means none. */
  filters?: Pick<Filters, "platform" | "lang"> & Partial<Pick<Filters, "cluster" | "state">>;
  /** The day timeline per platform (platforms with posts), for the stacked chart. */
  platformTimelines?: readonly { platform: string; timeline: Timeline }[];
  clusters?: readonly ClusterRow[];
  states?: readonly StateRow[];
  events?: readonly EventRow[];
  topPosts?: readonly TopPost[];
  languages?: readonly LanguageCount[];
  /** The previous edition over the same campaign days, if there is one. */
  comparison?: { campaign: Campaign; summary: Summary; from: string; to: string } | null;
  coverage?: readonly SourceCoverage[];
  /** Registry names for the cover's cluster filter. */
  clusterName?: string | null;
}

/** The end-of-week report as words, formatted numbers and chart data. Pure: same input, same model. */
export function buildWeekModel(input: WeekModelInput): ReportModel {
  const { summary: s, campaign, generatedAt, lang } = input;
  const t = LABELS[lang];
  const title = input.kind === "digest" ? t.digestTitle : t.weekTitle;
  const period = formatPeriod(s.from, s.to, lang);
  const generated = `${t.generated}: ${formatDateTime(generatedAt, lang)}`;
  const sections: Section[] = [
    kpiSection(input),
    {
      heading: t.timeline,
      blocks: timelineBlocks(
        lang,
        input.timeline,
        input.platformTimelines ?? [],
        peakSentence(lang, input.timeline),
      ),
    },
    { heading: t.platforms, blocks: [platformTable(lang, s)] },
    clusterSection(input),
    laenderSection(input),
    { heading: t.events, blocks: [eventsTable(lang, input.events ?? [], t.eventsEmpty)] },
    {
      heading: t.topPosts,
      blocks: [postsBlock(lang, input.topPosts ?? [], campaign.timezone, t.topPostsEmpty)],
    },
    sentimentSection(input),
    languageSection(input),
    comparisonSection(input),
    appendixSection(lang, campaign, input.coverage ?? [], methodNotes(lang, campaign)),
  ];
  return {
    lang,
    locale: localeOf(lang),
    product: "Resonanz",
    title,
    coverTitle: campaign.name,
    coverSubtitle: period,
    campaignName: campaign.name,
    filters: coverFilters(input),
    generatedAt: generated,
    createdAt: generatedAt,
    documentTitle: `Resonanz – ${title} ${campaign.name} (${period})`,
    footer: `Resonanz · ${campaign.name} · ${generated}`,
    sections,
  };
}

function coverFilters(input: WeekModelInput): LabelValue[] {
  const { lang, campaign, summary: s } = input;
  const t = LABELS[lang];
  const f = input.filters;
  const out: LabelValue[] = [
    { label: t.period, value: formatPeriod(s.from, s.to, lang) },
    { label: t.hashtags, value: campaign.hashtags.map((h) => `#${h.replace(/^#+/, "")}`).join(", ") },
    { label: t.platform, value: f?.platform ? platformName(f.platform) : t.all },
    { label: t.postLang, value: f?.lang ? languageName(f.lang, lang) : t.all },
  ];
  if (f?.cluster) out.push({ label: t.cluster, value: input.clusterName ?? f.cluster });
  if (f?.state) out.push({ label: t.state, value: stateName(f.state, lang) });
  return out;
}

function kpiValues(s: Summary, lang: Lang): Record<string, string> {
  return {
    posts: num(s.posts, lang),
    authors: num(s.authors, lang),
    potentialReach: num(s.potentialReach, lang),
    uniqueReach: num(s.uniqueReach, lang),
    engagement: num(s.engagement, lang),
    engagementRate: formatPercent(s.engagementRate, lang),
    sentiment: formatSentimentMean(s.sentiment.mean, lang),
  };
}

function kpiSection(input: WeekModelInput): Section {
  const { summary: s, lang } = input;
  const t = LABELS[lang];
  const values = kpiValues(s, lang);
  const rows: TableCell[][] = METRIC_DEFINITIONS.filter((d) => d.key in values).map((d) => [
    { text: d[lang].name, bold: true },
    { text: values[d.key] ?? "", bold: true },
    {
      text: d[lang].formula,
      muted: true,
      small: true,
      ...(d.key === "sentiment"
        ? {
            detail: t.split(
              num(s.sentiment.positive, lang),
              num(s.sentiment.neutral, lang),
              num(s.sentiment.negative, lang),
            ),
          }
        : {}),
    },
  ]);
  return {
    heading: t.kpis,
    blocks: [
      {
        kind: "table",
        columns: [
          { header: t.kpiColumns[0], width: 0.27 },
          { header: t.kpiColumns[1], width: 0.2, align: "right" },
          { header: t.kpiColumns[2], width: 0.53 },
        ],
        rows,
      },
    ],
  };
}

function clusterSection(input: WeekModelInput): Section {
  const { lang } = input;
  const t = LABELS[lang];
  const ranked = (input.clusters ?? []).filter((c) => c.posts > 0);
  const top = ranked.slice(0, 10);
  const first = top[0];
  return {
    heading: t.clusters,
    blocks: first
      ? [
          {
            kind: "chart",
            height: 210,
            summary:
              lang === "de"
                ? `Die ${top.length} Cluster mit den meisten Erwähnungen; ${first.name} hat mit ${formatPercent(first.shareOfVoice, lang)} den größten Anteil.`
                : `The ${top.length} clusters with the most posts; ${first.name} has the largest share with ${formatPercent(first.shareOfVoice, lang)}.`,
            spec: {
              type: "bar",
              horizontal: true,
              legend: false,
              labels: top.map((c) => (c.name.length > 40 ? `${c.name.slice(0, 39)}…` : c.name)),
              datasets: [
                { label: t.clusterColumns[4], data: top.map((c) => Math.round(c.shareOfVoice * 1000) / 10) },
              ],
            },
          },
          {
            kind: "table",
            columns: [
              { header: t.clusterColumns[0], width: 0.07, align: "right" },
              { header: t.clusterColumns[1], width: 0.36 },
              { header: t.clusterColumns[2], width: 0.12 },
              { header: t.clusterColumns[3], width: 0.15, align: "right" },
              { header: t.clusterColumns[4], width: 0.15, align: "right" },
              { header: t.clusterColumns[5], width: 0.15, align: "right" },
            ],
            rows: ranked
              .slice(0, 20)
              .map((c) => [
                { text: num(1 + ranked.filter((r) => r.posts > c.posts).length, lang) },
                { text: c.name },
                { text: c.states.map((code) => code.replace("DE-", "")).join(", "), small: true },
                { text: num(c.posts, lang) },
                { text: formatPercent(c.shareOfVoice, lang) },
                { text: num(c.engagement, lang) },
              ]),
          },
        ]
      : [{ kind: "paragraph", text: t.clustersEmpty, muted: true }],
  };
}

function laenderSection(input: WeekModelInput): Section {
  const { lang } = input;
  const t = LABELS[lang];
  const rows = [...(input.states ?? [])]
    .map((r) => ({ ...r, name: stateName(r.state, lang) }))
    .sort((a, b) => b.posts - a.posts || a.name.localeCompare(b.name, "de"));
  return {
    heading: t.laender,
    blocks: [
      {
        kind: "table",
        columns: [
          { header: t.laenderColumns[0], width: 0.4 },
          { header: t.laenderColumns[1], width: 0.18, align: "right" },
          { header: t.laenderColumns[2], width: 0.2, align: "right" },
          { header: t.laenderColumns[3], width: 0.22, align: "right" },
        ],
        rows: rows.map((r) => [
          { text: r.name },
          { text: num(r.posts, lang) },
          { text: num(r.clusters, lang) },
          { text: num(r.potentialReach, lang) },
        ]),
      },
    ],
  };
}

function sentimentSection(input: WeekModelInput): Section {
  const { summary: s, lang } = input;
  const t = LABELS[lang];
  const counts: [string, number][] = [
    [t.positive, s.sentiment.positive],
    [t.neutral, s.sentiment.neutral],
    [t.negative, s.sentiment.negative],
  ];
  return {
    heading: t.sentiment,
    blocks: [
      shareTable(lang, t.sentimentColumns, counts, s.posts),
      { kind: "paragraph", text: t.sentimentMean(formatSentimentMean(s.sentiment.mean, lang)) },
    ],
  };
}

function languageSection(input: WeekModelInput): Section {
  const { summary: s, lang } = input;
  const t = LABELS[lang];
  const entries = (input.languages ?? []).map((l) => [languageName(l.lang, lang), l.posts] as const);
  return {
    heading: t.languages,
    blocks: [shareTable(lang, t.languageColumns, entries, s.posts, t.topPostsEmpty)],
  };
}

function comparisonSection(input: WeekModelInput): Section {
  const { summary: s, lang } = input;
  const t = LABELS[lang];
  const c = input.comparison;
  if (!c)
    return { heading: t.comparison, blocks: [{ kind: "paragraph", text: t.comparisonNone, muted: true }] };
  const keys = ["posts", "authors", "potentialReach", "uniqueReach", "engagement"] as const;
  const columns = t.comparisonColumns(c.campaign.name);
  return {
    heading: t.comparison,
    blocks: [
      { kind: "paragraph", text: t.comparisonIntro(c.campaign.name, formatPeriod(c.from, c.to, lang)) },
      {
        kind: "table",
        columns: [
          { header: columns[0] ?? "", width: 0.31 },
          { header: columns[1] ?? "", width: 0.23, align: "right" },
          { header: columns[2] ?? "", width: 0.23, align: "right" },
          { header: columns[3] ?? "", width: 0.23, align: "right" },
        ],
        rows: keys.map((k) => {
          const def = METRIC_DEFINITIONS.find((d) => d.key === k);
          const change = relativeChange(s[k], c.summary[k]);
          return [
            { text: def ? def[lang].name : k, bold: true },
            { text: num(s[k], lang) },
            { text: num(c.summary[k], lang) },
            {
              text:
                change === null
                  ? t.noBase
                  : `${change > 0 ? "+" : change < 0 ? "−" : "±"}${formatPercent(Math.abs(change), lang, 0)}`,
            },
          ];
        }),
      },
    ],
  };
}

export function methodNotes(lang: Lang, campaign: Campaign): string[] {
  const v = String(METRICS_VERSION);
  const tz = campaign.timezone;
  if (lang === "de") {
    return [
      `Kennzahlen gemäß den Resonanz-Metrikdefinitionen, Version ${v}.`,
      "Beiträge werden nach dem Abgleich über Instanzen hinweg gezählt: derselbe Beitrag auf mehreren Mastodon-Instanzen zählt einmal; Boosts und Reposts sind keine eigenen „Beiträge“.",
      "Reichweiten beruhen auf der Followerzahl, die beim ersten Erfassen eines Beitrags eingefroren wurde; die potenzielle Reichweite ist eine Obergrenze der Impressionen, keine gemessene Sichtbarkeit.",
      "Interaktionen sind die zuletzt aktualisierten Zähler; spätere Likes oder Antworten können die Werte noch erhöhen.",
      "Die Stimmung wird mit Lexika bewertet: deutschsprachige Beiträge mit einem eigenen deutschen Lexikon (mit Verneinung, Verstärkern und Emoji), englischsprachige mit dem AFINN-Lexikon, Beiträge ohne Sprachangabe nach einer Schätzung der Sprache. An 3.000 annotierten deutschen Tweets (SB10k) erreicht das deutsche Lexikon einen Makro-F1-Wert von 0,61.",
      `Alle Tagesgrenzen gelten in der Zeitzone ${tz}; Beginn und Ende des Zeitraums sind eingeschlossen.`,
      "Die Abdeckung je Quelle (Abrufe, fehlgeschlagene Abrufe, Lücken) steht in der Tabelle oben; Zahlen aus Zeiträumen mit Lücken können unvollständig sein.",
      "Beitragstexte werden unverändert gedruckt; Zeichen, für die keine Schrift eingebettet ist (etwa arabische oder chinesische Schrift), erscheinen als „?“. Emoji werden einfarbig gedruckt.",
    ];
  }
  return [
    `Key figures follow the Resonanz metric definitions, version ${v}.`,
    "Posts are counted after cross-instance deduplication: the same post seen on several Mastodon instances counts once; boosts and reposts are not posts of their own.",
    "Reach uses the follower count frozen when a post was first collected; potential reach is an upper bound of impressions, not measured visibility.",
    "Engagement uses the latest refreshed counts; later likes or replies may still raise the figures.",
    "Sentiment is scored with lexicons: German posts with Resonanz's own German lexicon (with negation, intensifiers and emoji), English posts with the AFINN lexicon, posts without a declared language by a guess of their language. On 3,000 labelled German tweets (SB10k) the German lexicon reaches a macro-F1 of 0.61.",
    `All day boundaries are in the ${tz} time zone; the first and last day of the period are included.`,
    "Per-source coverage (runs, failed runs, gaps) is in the table above; figures from periods with gaps may be incomplete.",
    'Post texts are printed as written; characters no embedded font has (such as Arabic or Chinese script) appear as "?". Emoji print in one colour.',
  ];
}
