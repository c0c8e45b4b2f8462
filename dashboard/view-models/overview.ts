import type { Campaign } from "../../data/campaign.ts";
import { localeOf, platformName } from "../../data/format.ts";
import type { ClusterRow } from "../../data/queries/clusters.ts";
import { relativeChange } from "../../data/queries/compare.ts";
import type { TagCount, TopPost } from "../../data/queries/insights.ts";
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
  /** The same series per platform (platforms with posts), for the stacked chart and its table. */
  platformTimelines?: readonly { platform: string; timeline: Timeline }[];
  /** The comparison campaign's summary over the aligned window (same campaign days), if there is one. */
  comparison?: { campaign: Campaign; summary: Summary; from: string; to: string } | null;
  /** Clusters by share of voice (the overview shows the first ten with posts). */
  clusters?: readonly ClusterRow[];
  topPosts?: readonly TopPost[];
  hashtags?: readonly TagCount[];
}

export interface KpiModel {
  key: string;
  label: string;
  value: string;
  definition: string;
  /** "+12 % gegenüber …" against the comparison campaign; null without one or when it had none. */
  change: string | null;
  /** "up" | "down" | "same", for the arrow; null without a change. */
  trend: "up" | "down" | "same" | null;
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
  /** Posts per platform, stacked (empty when only one platform has posts: then `posts` is drawn). */
  datasets: { label: string; data: number[] }[];
}

export interface TimelineRow {
  iso: string;
  label: string;
  posts: string;
  potentialReach: string;
  engagement: string;
  platforms: string[];
}

export interface TimelineModel {
  bucket: Bucket;
  /** One sentence a screen reader user gets instead of the chart. */
  summary: string;
  chart: ChartData;
  columns: { time: string; posts: string; potentialReach: string; engagement: string };
  /** One extra column per platform (same order as each row's `platforms`). */
  platformColumns: string[];
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
  /** The post's language, so screen readers pronounce it right (WCAG 3.1.2). */
  lang: string | null;
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
  /** "Vergleich: Clusterwoche Deutschland 2017, 20.04.2017 – 28.04.2017", or null. */
  comparisonNote: string | null;
  shareOfVoice: ShareOfVoiceModel;
  topPosts: TopPostModel[];
  hashtags: { tag: string; posts: string; count: number; max: number }[];
}

export interface ShareOfVoiceModel {
  summary: string;
  chart: { locale: string; labels: string[]; datasets: { label: string; data: number[] }[] };
  rows: { id: string; name: string; posts: string; share: string }[];
}

export interface TopPostModel {
  /** The number itself, for the singular ("1 Interaktion"). */
  engagementCount: number;
  handle: string;
  platform: string;
  time: string;
  timeIso: string;
  text: string;
  url: string | null;
  engagement: string;
}

const COUNT_KPIS = ["posts", "authors", "potentialReach", "uniqueReach", "engagement"] as const;

export function buildOverviewModel(input: OverviewInput): OverviewModel {
  const { lang, campaign, summary } = input;
  const m = MESSAGES[lang];
  const fmt = createFormatter(lang);
  const period = fmt.period(summary.from, summary.to);
  const fullPeriod = fmt.period(campaign.start, campaign.end);

  const other = input.comparison ?? null;
  const kpis: KpiModel[] = COUNT_KPIS.map((key) => ({
    key,
    label: metricText(key, lang).name,
    value: fmt.integer(summary[key]),
    definition: metricText(key, lang).formula,
    ...changeOf(summary[key], other ? other.summary[key] : null, other?.campaign.name ?? "", lang, fmt),
  }));
  kpis.push({
    key: "engagementRate",
    label: metricText("engagementRate", lang).name,
    value: fmt.percent(summary.engagementRate),
    definition: metricText("engagementRate", lang).formula,
    change: null,
    trend: null,
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
    comparisonNote: other ? m.comparisonNote(other.campaign.name, fmt.period(other.from, other.to)) : null,
    shareOfVoice: buildShareOfVoice(input, fmt),
    topPosts: (input.topPosts ?? []).map((p) => ({
      handle: p.author,
      platform: platformName(p.platform),
      time: fmt.dateTime(p.createdAt, campaign.timezone),
      timeIso: p.createdAt,
      text: p.text,
      url: safeHttpUrl(p.url),
      engagement: fmt.integer(p.engagement),
      engagementCount: p.engagement,
    })),
    hashtags: (input.hashtags ?? []).map((h, _i, all) => ({
      tag: `#${h.tag}`,
      posts: fmt.integer(h.posts),
      count: h.posts,
      max: all[0]?.posts ?? h.posts,
    })),
  };
}

/** The change against the comparison campaign, as a signed percentage with the campaign named. */
export function changeOf(
  value: number,
  base: number | null,
  baseName: string,
  lang: UiLang,
  fmt: Formatter,
): Pick<KpiModel, "change" | "trend"> {
  if (base === null) return { change: null, trend: null };
  const m = MESSAGES[lang];
  const ratio = relativeChange(value, base);
  if (ratio === null) return { change: m.changeNoBase(baseName), trend: null };
  const trend = ratio > 0 ? "up" : ratio < 0 ? "down" : "same";
  const sign = ratio > 0 ? "+" : ratio < 0 ? "−" : "±";
  return { change: m.changeAgainst(`${sign}${fmt.wholePercent(Math.abs(ratio))}`, baseName), trend };
}

/** Clusters with posts, most first, at most ten: a horizontal bar chart and a table. */
function buildShareOfVoice(input: OverviewInput, fmt: Formatter): ShareOfVoiceModel {
  const m = MESSAGES[input.lang];
  const top = (input.clusters ?? []).filter((c) => c.posts > 0).slice(0, 10);
  const first = top[0];
  return {
    summary: first
      ? m.shareOfVoiceSummary(first.name, fmt.percent(first.shareOfVoice), top.length)
      : m.shareOfVoiceEmpty,
    chart: {
      locale: localeOf(input.lang),
      labels: top.map((c) => c.name),
      datasets: [
        { label: metricText("shareOfVoice", input.lang).name, data: top.map((c) => c.shareOfVoice * 100) },
      ],
    },
    rows: top.map((c) => ({
      id: c.id,
      name: c.name,
      posts: fmt.integer(c.posts),
      share: fmt.percent(c.shareOfVoice),
    })),
  };
}

function buildTimeline(input: OverviewInput, fmt: Formatter): TimelineModel {
  const { lang, campaign, timeline } = input;
  const m = MESSAGES[lang];
  const tz = campaign.timezone;
  const bucket = timeline.bucket;
  const series = timeline.series;
  const platforms = input.platformTimelines ?? [];
  return {
    bucket,
    summary: peakSentence(input, fmt),
    chart: {
      bucket,
      locale: localeOf(lang),
      seriesLabel: metricText("posts", lang).name,
      labels: series.map((p) => fmt.bucketLabel(p.t, tz, bucket)),
      posts: series.map((p) => p.posts),
      datasets:
        platforms.length > 1
          ? platforms.map((p) => ({
              label: platformName(p.platform),
              data: p.timeline.series.map((x) => x.posts),
            }))
          : [],
    },
    columns: {
      time: m.tableTime(bucket),
      posts: metricText("posts", lang).name,
      potentialReach: metricText("potentialReach", lang).name,
      engagement: metricText("engagement", lang).name,
    },
    platformColumns: platforms.length > 1 ? platforms.map((p) => platformName(p.platform)) : [],
    rows: series.map((p, i) => ({
      iso: p.t,
      // The table has room for the weekday; hours repeat the date so a row stands alone.
      label: bucket === "day" ? fmt.weekdayDate(p.t, tz) : fmt.bucketLabel(p.t, tz, "hour"),
      posts: fmt.integer(p.posts),
      potentialReach: fmt.integer(p.potentialReach),
      engagement: fmt.integer(p.engagement),
      platforms:
        platforms.length > 1 ? platforms.map((x) => fmt.integer(x.timeline.series[i]?.posts ?? 0)) : [],
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

/** A post as the post lists print it (overview, cluster page). */
export function buildPost(p: PostItem, fmt: Formatter, tz: string): PostModel {
  return {
    uid: p.uid,
    handle: p.author.handle,
    name: p.author.name,
    platform: platformName(p.platform),
    time: fmt.dateTime(p.createdAt, tz),
    timeIso: p.createdAt,
    text: p.text,
    url: safeHttpUrl(p.url),
    lang: p.lang,
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
