import { campaignAverage, clusterRank } from "../../data/analysis/cluster-standing.ts";
import type { Campaign } from "../../data/campaign.ts";
import { formatPercent, localeOf, platformName, stateName } from "../../data/format.ts";
import type { ClusterDetail, ClusterRow } from "../../data/queries/clusters.ts";
import type { EventRow } from "../../data/queries/events.ts";
import type { PostItem } from "../../data/queries/posts.ts";
import { clusterMessages, type Direction } from "../i18n/clusters.ts";
import { MESSAGES, type UiLang } from "../i18n/index.ts";
import { pageHref, type Query, sharedQuery } from "../urls.ts";
import type { ChartSpec } from "./cluster-list.ts";
import { createFormatter, type Formatter } from "./format.ts";
import { metricText } from "./metric-names.ts";
import { buildPost, type PostModel, safeHttpUrl } from "./overview.ts";

/**
 * /clusters/:id, the page a cluster manager opens: the cluster's figures next
 * to the campaign average, its rank, days, platforms, events and posts.
 *
 * Campaign average (printed on the page): for each figure, the sum over the
 * clusters with at least one post in the window ÷ their number; for sentiment
 * the mean of their means. A post naming two clusters counts for both, as in
 * share of voice.
 */
export interface ClusterDetailInput {
  lang: UiLang;
  campaign: Campaign;
  from: string;
  to: string;
  /** getCluster's result. */
  detail: ClusterDetail;
  /** getClusters' rows for the same filters: the average and the rank. */
  all: readonly ClusterRow[];
  /** getEvents for the cluster. */
  events: readonly EventRow[];
  /** Newest posts of the cluster (listPosts). */
  posts: readonly PostItem[];
  query: Query;
}

export const COMPARED = [
  "posts",
  "authors",
  "potentialReach",
  "engagement",
  "shareOfVoice",
  "sentimentMean",
] as const;
export type ComparedKey = (typeof COMPARED)[number];

export interface ComparedKpi {
  key: ComparedKey;
  label: string;
  value: string;
  /** null when no cluster has posts (nothing to average). */
  average: string | null;
  direction: Direction | null;
  comparison: string;
  definition: string;
}

export interface TopPostModel {
  uid: string;
  handle: string;
  platform: string;
  time: string;
  timeIso: string;
  text: string;
  url: string | null;
  engagement: string;
}

export interface ClusterDetailModel {
  lang: UiLang;
  title: string;
  id: string;
  name: string;
  kicker: string;
  states: string | null;
  campaignName: string;
  period: string;
  reportHref: string;
  postsHref: string;
  backHref: string;
  rank: string;
  kpis: ComparedKpi[];
  averageLabel: string;
  averageDefinition: string;
  timeline: {
    summary: string;
    chart: ChartSpec;
    caption: string;
    columns: { day: string; posts: string; potentialReach: string; engagement: string };
    rows: { iso: string; label: string; posts: string; potentialReach: string; engagement: string }[];
  };
  platforms: {
    caption: string;
    columns: { platform: string; posts: string; share: string };
    rows: { platform: string; posts: string; share: string }[];
  };
  events: {
    caption: string;
    columns: { title: string; date: string; city: string; posts: string };
    rows: { id: string; title: string; date: string; city: string; posts: string }[];
  };
  topPosts: TopPostModel[];
  posts: PostModel[];
}

export function buildClusterDetailModel(input: ClusterDetailInput): ClusterDetailModel {
  const { lang, detail, campaign, query } = input;
  const m = MESSAGES[lang];
  const cm = clusterMessages[lang];
  const fmt = createFormatter(lang);
  const tz = campaign.timezone;
  const linkQuery = sharedQuery(query);
  const id = encodeURIComponent(detail.id);
  const active = input.all.filter((r) => r.posts > 0);

  const platformTotal = Object.values(detail.platforms).reduce((a, n) => a + n, 0);
  return {
    lang,
    title: `${detail.name} – ${cm.clusterKicker} – ${campaign.name} – ${m.appName}`,
    id: detail.id,
    name: detail.name,
    kicker: cm.clusterKicker,
    states: detail.states.length
      ? cm.stateLine(detail.states.map((s) => stateName(s, lang)).join(", "), detail.states.length)
      : null,
    campaignName: campaign.name,
    period: fmt.period(input.from, input.to),
    // The PDF shows the same slice as the page: every filter and the UI language.
    reportHref: pageHref(`/reports/clusters/${id}.pdf`, { ...linkQuery, state: query.state }),
    postsHref: pageHref("/posts", { ...linkQuery, cluster: detail.id }),
    backHref: pageHref("/clusters", linkQuery),
    rank: rankSentence(detail, input.all, lang, fmt),
    kpis: COMPARED.map((key) => comparedKpi(key, detail, active, lang, fmt)),
    averageLabel: cm.averageLabel,
    averageDefinition: active.length ? cm.averageDefinition(fmt.integer(active.length)) : cm.averageNone,
    timeline: {
      summary: peakSentence(detail, lang, fmt, tz),
      chart: {
        type: "bar",
        locale: localeOf(lang),
        labels: detail.timeline.map((p) => fmt.bucketLabel(p.t, tz, "day")),
        datasets: [{ label: metricText("posts", lang).name, data: detail.timeline.map((p) => p.posts) }],
      },
      caption: cm.timelineCaption,
      columns: {
        day: m.tableTime("day"),
        posts: metricText("posts", lang).name,
        potentialReach: metricText("potentialReach", lang).name,
        engagement: metricText("engagement", lang).name,
      },
      rows: detail.timeline.map((p) => ({
        iso: p.t,
        label: fmt.weekdayDate(p.t, tz),
        posts: fmt.integer(p.posts),
        potentialReach: fmt.integer(p.potentialReach),
        engagement: fmt.integer(p.engagement),
      })),
    },
    platforms: {
      caption: cm.platformsCaption,
      columns: { platform: cm.colPlatform, posts: metricText("posts", lang).name, share: cm.colShare },
      rows: Object.entries(detail.platforms)
        .filter(([, n]) => n > 0)
        .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
        .map(([p, n]) => ({
          platform: platformName(p),
          posts: fmt.integer(n),
          share: fmt.percent(platformTotal > 0 ? n / platformTotal : 0),
        })),
    },
    events: {
      caption: cm.eventsCaption,
      columns: { title: cm.colEvent, date: cm.colDate, city: cm.colCity, posts: cm.colEventPosts },
      rows: input.events.map((e) => ({
        id: e.id,
        title: e.title,
        date: fmt.period(e.start, e.end),
        city: e.city ?? (e.state ? stateName(e.state, lang) : "–"),
        posts: fmt.integer(e.posts),
      })),
    },
    topPosts: detail.topPosts.map((p) => ({
      uid: p.uid,
      handle: p.author,
      platform: platformName(p.platform),
      time: fmt.dateTime(p.createdAt, tz),
      timeIso: p.createdAt,
      text: p.text,
      url: safeHttpUrl(p.url),
      engagement: cm.topEngagement(fmt.integer(p.engagement), p.engagement),
    })),
    posts: input.posts.map((p) => buildPost(p, fmt, tz)),
  };
}

function comparedKpi(
  key: ComparedKey,
  row: ClusterRow,
  active: readonly ClusterRow[],
  lang: UiLang,
  fmt: Formatter,
): ComparedKpi {
  const cm = clusterMessages[lang];
  const value = row[key];
  const avg = campaignAverage(key, active);
  const show = (x: number) => {
    if (key === "shareOfVoice") return fmt.percent(x);
    if (key === "sentimentMean") return fmt.signed(x);
    return fmt.integer(x);
  };
  const text = metricText(key === "sentimentMean" ? "sentiment" : key, lang);
  let direction: Direction | null = null;
  let comparison = cm.compareNone;
  if (avg !== null && key === "sentimentMean") {
    // Sentiment is signed and near zero: compare the difference, not a ratio.
    const diff = fmt.signed(value - avg);
    direction = diff === fmt.signed(0) ? "equal" : value > avg ? "above" : "below";
    comparison = cm.compareDiff(diff.replace(/^[+-]/, ""), direction);
  } else if (avg !== null && avg > 0) {
    const rel = value / avg - 1;
    const pct = formatPercent(Math.abs(rel), lang, 0);
    direction = pct === formatPercent(0, lang, 0) ? "equal" : rel > 0 ? "above" : "below";
    comparison = cm.compareRatio(pct, direction);
  }
  return {
    key,
    label: key === "sentimentMean" ? cm.colSentiment : text.name,
    value: show(value),
    // Averages of counts are rarely whole: one decimal, as in the cluster's PDF.
    average:
      avg === null ? null : key === "shareOfVoice" || key === "sentimentMean" ? show(avg) : fmt.decimal(avg),
    direction,
    comparison,
    definition: text.formula,
  };
}

/** "Platz 3 von 152 Clustern nach Erwähnungen": 1 + the clusters with more posts; ties share the place. */
export function rankSentence(
  row: ClusterRow,
  all: readonly ClusterRow[],
  lang: UiLang,
  fmt: Formatter,
): string {
  const cm = clusterMessages[lang];
  const total = fmt.integer(all.length);
  const standing = clusterRank(row.id, all);
  if (!standing) return cm.rankNone(total);
  return cm.rank(fmt.integer(standing.rank), total, standing.ties, fmt.integer(standing.ties));
}

/** The shared peak sentence ("Spitzenwert am …") over the cluster's days; the earliest peak wins a tie. */
function peakSentence(detail: ClusterDetail, lang: UiLang, fmt: Formatter, tz: string): string {
  const m = MESSAGES[lang];
  const series = detail.timeline;
  const total = series.reduce((sum, p) => sum + p.posts, 0);
  let peak = series[0];
  for (const p of series) if (peak && p.posts > peak.posts) peak = p;
  if (!peak || total === 0) return m.timelineEmpty;
  const max = peak.posts;
  return m.timelinePeak({
    day: fmt.weekdayDate(peak.t, tz),
    time: null,
    count: fmt.integer(max),
    total: fmt.integer(total),
    ties: series.filter((p) => p.posts === max).length - 1,
  });
}
