import { engagementRate, METRIC_DEFINITIONS, METRICS_VERSION } from "../data/analysis/metrics.ts";
import type { Campaign } from "../data/campaign.ts";
import type { Filters } from "../data/filters.ts";
import {
  formatDateTime,
  formatInteger,
  formatPercent,
  formatPeriod,
  formatSentimentMean,
  type Lang,
  localeOf,
  platformName,
} from "../data/format.ts";
import type { Summary } from "../data/queries/summary.ts";
import type { Timeline } from "../data/queries/timeline.ts";
import { formatWeekday } from "./format.ts";

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
  filters?: Pick<Filters, "platform" | "lang">;
}

export interface LabelValue {
  label: string;
  value: string;
}

export interface KpiRow {
  key: string;
  label: string;
  value: string;
  formula: string;
  /** A second line under the formula (e.g. the sentiment split). */
  detail?: string;
}

export interface DayRow {
  day: string;
  posts: string;
  potentialReach: string;
  engagement: string;
  engagementRate: string;
}

/** Everything the PDF prints, already worded and formatted: the renderer only lays it out. */
export interface WeekReportModel {
  lang: Lang;
  /** BCP 47 tag for the PDF's /Lang. */
  locale: string;
  product: string;
  title: string;
  campaignName: string;
  campaignId: string;
  period: string;
  /** Window and narrowing filters, as printed on the cover. */
  filters: LabelValue[];
  generatedAt: string;
  /** The same instant, for the PDF's CreationDate. */
  createdAt: Date;
  kpis: { heading: string; columns: [string, string, string]; rows: KpiRow[] };
  platforms: LabelValue | null;
  days: { heading: string; columns: [string, string, string, string, string]; rows: DayRow[]; total: DayRow };
  method: { heading: string; notes: string[] };
  /** The PDF's document title. */
  documentTitle: string;
}

const TEXT = {
  de: {
    title: "Wochenbericht",
    digestTitle: "Zwischenbericht",
    period: "Zeitraum",
    hashtags: "Hashtags",
    platform: "Plattform",
    postLang: "Sprache der Beiträge",
    all: "alle",
    generated: "Erstellt",
    kpis: "Kennzahlen",
    kpiColumns: ["Kennzahl", "Wert", "Definition"],
    platforms: "Beiträge je Plattform",
    days: "Verlauf je Tag",
    dayColumns: ["Tag", "Erwähnungen", "pot. Reichweite", "Interaktionen", "Interaktionsrate"],
    total: "Summe",
    split: (p: string, n: string, neg: string) => `Verteilung: ${p} positiv · ${n} neutral · ${neg} negativ`,
    method: "Methode",
  },
  en: {
    title: "Weekly report",
    digestTitle: "Interim report",
    period: "Period",
    hashtags: "Hashtags",
    platform: "Platform",
    postLang: "Post language",
    all: "all",
    generated: "Generated",
    kpis: "Key figures",
    kpiColumns: ["Metric", "Value", "Definition"],
    platforms: "Posts per platform",
    days: "Per day",
    dayColumns: ["Day", "Posts", "Potential reach", "Engagement", "Engagement rate"],
    total: "Total",
    split: (p: string, n: string, neg: string) => `Split: ${p} positive · ${n} neutral · ${neg} negative`,
    method: "Method",
  },
} as const;

function methodNotes(lang: Lang, campaign: Campaign): string[] {
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
      "Die Abdeckung je Quelle (erfasste Zeiträume, fehlgeschlagene Abrufe, Lücken) ist in diesem Bericht noch nicht enthalten; sie steht im Dashboard unter „Quellen“.",
    ];
  }
  return [
    `Key figures follow the Resonanz metric definitions, version ${v}.`,
    "Posts are counted after cross-instance deduplication: the same post seen on several Mastodon instances counts once; boosts and reposts are not posts of their own.",
    "Reach uses the follower count frozen when a post was first collected; potential reach is an upper bound of impressions, not measured visibility.",
    "Engagement uses the latest refreshed counts; later likes or replies may still raise the figures.",
    "Sentiment is scored with lexicons: German posts with Resonanz's own German lexicon (with negation, intensifiers and emoji), English posts with the AFINN lexicon, posts without a declared language by a guess of their language. On 3,000 labelled German tweets (SB10k) the German lexicon reaches a macro-F1 of 0.61.",
    `All day boundaries are in the ${tz} time zone; the first and last day of the period are included.`,
    "Per-source coverage (collected periods, failed runs, gaps) is not part of this report yet; see the dashboard's Sources page.",
  ];
}

function dayRow(
  day: string,
  p: { posts: number; potentialReach: number; engagement: number },
  lang: Lang,
): DayRow {
  return {
    day,
    posts: formatInteger(p.posts, lang),
    potentialReach: formatInteger(p.potentialReach, lang),
    engagement: formatInteger(p.engagement, lang),
    engagementRate: formatPercent(engagementRate(p.engagement, p.potentialReach), lang),
  };
}

/** The end-of-week report as words and formatted numbers. Pure: same input, same model. */
export function buildWeekModel(input: WeekModelInput): WeekReportModel {
  const { summary: s, timeline, campaign, generatedAt, lang } = input;
  const t = TEXT[lang];
  const title = input.kind === "digest" ? t.digestTitle : t.title;
  const period = formatPeriod(s.from, s.to, lang);
  const num = (n: number) => formatInteger(n, lang);

  const values: Record<string, string> = {
    posts: num(s.posts),
    authors: num(s.authors),
    potentialReach: num(s.potentialReach),
    uniqueReach: num(s.uniqueReach),
    engagement: num(s.engagement),
    engagementRate: formatPercent(s.engagementRate, lang),
    sentiment: formatSentimentMean(s.sentiment.mean, lang),
  };
  const rows: KpiRow[] = METRIC_DEFINITIONS.filter((d) => d.key in values).map((d) => ({
    key: d.key,
    label: d[lang].name,
    value: values[d.key] ?? "",
    formula: d[lang].formula,
    ...(d.key === "sentiment"
      ? { detail: t.split(num(s.sentiment.positive), num(s.sentiment.neutral), num(s.sentiment.negative)) }
      : {}),
  }));

  const platformEntries = Object.entries(s.platforms).filter(([, n]) => n > 0);
  const platforms =
    platformEntries.length > 0
      ? {
          label: t.platforms,
          value: platformEntries.map(([p, n]) => `${platformName(p)} ${num(n)}`).join(" · "),
        }
      : null;

  const totals = { posts: 0, potentialReach: 0, engagement: 0 };
  const days = timeline.series.map((p) => {
    totals.posts += p.posts;
    totals.potentialReach += p.potentialReach;
    totals.engagement += p.engagement;
    return dayRow(formatWeekday(p.t, lang), p, lang);
  });

  const hashtags = campaign.hashtags.map((h) => `#${h.replace(/^#+/, "")}`).join(", ");
  const filters: LabelValue[] = [
    { label: t.period, value: period },
    { label: t.hashtags, value: hashtags },
    {
      label: t.platform,
      value: input.filters?.platform ? platformName(input.filters.platform) : t.all,
    },
    { label: t.postLang, value: input.filters?.lang ?? t.all },
  ];

  return {
    lang,
    locale: localeOf(lang),
    product: "Resonanz",
    title,
    campaignName: campaign.name,
    campaignId: campaign.id,
    period,
    filters,
    generatedAt: `${t.generated}: ${formatDateTime(generatedAt, lang)}`,
    createdAt: generatedAt,
    kpis: { heading: t.kpis, columns: [...t.kpiColumns], rows },
    platforms,
    days: {
      heading: t.days,
      columns: [...t.dayColumns],
      rows: days,
      total: dayRow(t.total, totals, lang),
    },
    method: { heading: t.method, notes: methodNotes(lang, campaign) },
    documentTitle: `Resonanz – ${title} ${campaign.name} (${period})`,
  };
}
