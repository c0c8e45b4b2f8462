import type { Campaign } from "../../data/campaign.ts";
import { localeOf, platformName } from "../../data/format.ts";
import type { PostItem } from "../../data/queries/posts.ts";
import type { Summary } from "../../data/queries/summary.ts";
import type { Bucket, Timeline } from "../../data/queries/timeline.ts";
import { MESSAGES, type UiLang } from "../i18n/index.ts";
import { createFormatter, type Formatter } from "./format.ts";
import { metricText } from "./metric-names.ts";

/**
 * Everything the overview page prints, as plain strings and numbers. Pure and
 * free of JSX so that formatting (de vs en, peaks, empty campaigns) is tested
 * in tables without rendering HTML.
 */
export interface OverviewInput {
  lang: UiLang;
  campaign: Campaign;
  summary: Summary;
  timeline: Timeline;
  /** Newest first, as listPosts returns them. */
  posts: readonly PostItem[];
}

export interface KpiModel {
  key: string;
  label: string;
  value: string;
  definition: string;
}

export interface SentimentModel {
  label: string;
  definition: string;
  counts: { key: "positive" | "neutral" | "negative"; label: string; value: string }[];
  meanLabel: string;
  mean: string;
}

/** What the client script hands to Chart.js; serialised into a JSON <script> tag. */
export interface ChartData {
  bucket: Bucket;
  locale: string;
  seriesLabel: string;
  labels: string[];
  posts: number[];
}

export interface TimelineRow {
  iso: string;
  label: string;
  posts: string;
  potentialReach: string;
  engagement: string;
}

export interface TimelineModel {
  bucket: Bucket;
  /** One sentence a screen reader user gets instead of the chart. */
  summary: string;
  chart: ChartData;
  columns: { time: string; posts: string; potentialReach: string; engagement: string };
  rows: TimelineRow[];
}

export interface PostModel {
  uid: string;
  handle: string;
  name: string | null;
  platform: string;
  time: string;
  timeIso: string;
  text: string;
  /** Only http(s) links survive: a feed could carry `javascript:` URLs. */
  url: string | null;
}

export interface OverviewModel {
  lang: UiLang;
  title: string;
  campaignName: string;
  period: string;
  /** The campaign's own period, when the shown window differs from it. */
  campaignPeriod: string | null;
  kpis: KpiModel[];
  sentiment: SentimentModel;
  timeline: TimelineModel;
  posts: PostModel[];
}

const COUNT_KPIS = ["posts", "authors", "potentialReach", "uniqueReach", "engagement"] as const;

export function buildOverviewModel(input: OverviewInput): OverviewModel {
  const { lang, campaign, summary } = input;
  const m = MESSAGES[lang];
  const fmt = createFormatter(lang);
  const period = fmt.period(summary.from, summary.to);
  const fullPeriod = fmt.period(campaign.start, campaign.end);

  const kpis: KpiModel[] = COUNT_KPIS.map((key) => ({
    key,
    label: metricText(key, lang).name,
    value: fmt.integer(summary[key]),
    definition: metricText(key, lang).formula,
  }));
  kpis.push({
    key: "engagementRate",
    label: metricText("engagementRate", lang).name,
    value: fmt.percent(summary.engagementRate),
    definition: metricText("engagementRate", lang).formula,
  });

  const s = summary.sentiment;
  const sentiment: SentimentModel = {
    label: metricText("sentiment", lang).name,
    definition: metricText("sentiment", lang).formula,
    counts: [
      { key: "positive", label: m.sentimentPositive, value: fmt.integer(s.positive) },
      { key: "neutral", label: m.sentimentNeutral, value: fmt.integer(s.neutral) },
      { key: "negative", label: m.sentimentNegative, value: fmt.integer(s.negative) },
    ],
    meanLabel: m.sentimentMean,
    mean: fmt.signed(s.mean),
  };

  return {
    lang,
    title: `${m.overviewTitle} – ${campaign.name} – ${m.appName}`,
    campaignName: campaign.name,
    period,
    campaignPeriod: period === fullPeriod ? null : fullPeriod,
    kpis,
    sentiment,
    timeline: buildTimeline(input, fmt),
    posts: input.posts.map((p) => buildPost(p, fmt, campaign.timezone)),
  };
}

function buildTimeline(input: OverviewInput, fmt: Formatter): TimelineModel {
  const { lang, campaign, timeline } = input;
  const m = MESSAGES[lang];
  const tz = campaign.timezone;
  const bucket = timeline.bucket;
  const series = timeline.series;
  return {
    bucket,
    summary: peakSentence(input, fmt),
    chart: {
      bucket,
      locale: localeOf(lang),
      seriesLabel: metricText("posts", lang).name,
      labels: series.map((p) => fmt.bucketLabel(p.t, tz, bucket)),
      posts: series.map((p) => p.posts),
    },
    columns: {
      time: m.tableTime(bucket),
      posts: metricText("posts", lang).name,
      potentialReach: metricText("potentialReach", lang).name,
      engagement: metricText("engagement", lang).name,
    },
    rows: series.map((p) => ({
      iso: p.t,
      // The table has room for the weekday; hours repeat the date so a row stands alone.
      label: bucket === "day" ? fmt.weekdayDate(p.t, tz) : fmt.bucketLabel(p.t, tz, "hour"),
      posts: fmt.integer(p.posts),
      potentialReach: fmt.integer(p.potentialReach),
      engagement: fmt.integer(p.engagement),
    })),
  };
}

/** "Spitzenwert am Freitag, 21.04.2017: 12 von insgesamt 40 Erwähnungen." The earliest peak wins a tie. */
export function peakSentence(input: OverviewInput, fmt: Formatter): string {
  const m = MESSAGES[input.lang];
  const series = input.timeline.series;
  const total = series.reduce((sum, p) => sum + p.posts, 0);
  let peak = series[0];
  for (const p of series) if (peak && p.posts > peak.posts) peak = p;
  if (!peak || total === 0) return m.timelineEmpty;
  const max = peak.posts;
  const tz = input.campaign.timezone;
  return m.timelinePeak({
    day: fmt.weekdayDate(peak.t, tz),
    time: input.timeline.bucket === "hour" ? fmt.time(peak.t, tz) : null,
    count: fmt.integer(max),
    total: fmt.integer(total),
    ties: series.filter((p) => p.posts === max).length - 1,
  });
}

function buildPost(p: PostItem, fmt: Formatter, tz: string): PostModel {
  return {
    uid: p.uid,
    handle: p.author.handle,
    name: p.author.name,
    platform: platformName(p.platform),
    time: fmt.dateTime(p.createdAt, tz),
    timeIso: p.createdAt,
    text: p.text,
    url: safeHttpUrl(p.url),
  };
}

/** The URL if it is an absolute http(s) URL, else null (no javascript:, data: or relative links). */
export function safeHttpUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch {
    return null;
  }
}
