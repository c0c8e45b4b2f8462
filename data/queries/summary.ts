import { type Expression, type RawBuilder, sql } from "kysely";
import { engagementRate } from "../analysis/metrics.ts";
import type { DB } from "../db.ts";
import type { Filters } from "../filters.ts";
import { type CampaignTotalsRow, campaignTarget, campaignTotals } from "./campaign-totals.ts";
import { type RollupTarget, rollupRows, rollupTarget } from "./rollup-scope.ts";
import { scopedPosts } from "./scope.ts";

export interface Summary {
  posts: number;
  authors: number;
  potentialReach: number;
  uniqueReach: number;
  engagement: number;
  engagementRate: number;
  sentiment: { positive: number; neutral: number; negative: number; mean: number };
  platforms: Record<string, number>;
  from: string;
  to: string;
  campaign: string;
}

interface Totals {
  posts: number;
  authors: number;
  potentialReach: number;
  uniqueReach: number;
  engagement: number;
  positive: number;
  neutral: number;
  negative: number;
  mean: number;
  platforms: { platform: string; n: number }[];
}

/**
 * The campaign's KPIs for the filters, exactly as DESIGN.md defines them: from
 * the hourly rollups when they hold the filtered posts, else from the posts.
 */
export async function getSummary(db: DB, f: Filters): Promise<Summary> {
  const target = await rollupTarget(db, f);
  return toSummary(f, target ? await totalsFromRollups(db, f, target) : await totalsFromPosts(db, f));
}

/** The same KPIs always from the raw posts: the reference the rollups are tested against. */
export async function getSummaryFromPosts(db: DB, f: Filters): Promise<Summary> {
  return toSummary(f, await totalsFromPosts(db, f));
}

async function totalsFromRollups(db: DB, f: Filters, t: RollupTarget): Promise<Totals> {
  const campaign = await campaignTarget(db, f, t);
  if (campaign) return totalsFromCampaign(await campaignTotals(db, f, campaign, t.scope, true));
  const hours = await rollupRows(db, "rollup_hours", f, t.family, t.scope)
    .select([
      sql<number>`coalesce(sum(posts), 0)`.as("posts"),
      sql<number>`coalesce(sum(potential_reach), 0)`.as("potentialReach"),
      sql<number>`coalesce(sum(engagement), 0)`.as("engagement"),
      sql<number>`coalesce(sum(positive), 0)`.as("positive"),
      sql<number>`coalesce(sum(neutral), 0)`.as("neutral"),
      sql<number>`coalesce(sum(negative), 0)`.as("negative"),
      sentimentMicros(sql.ref("sentiment_sum")).as("sentimentMicros"),
    ])
    .executeTakeFirstOrThrow();
  const authors = await db
    .selectFrom(
      rollupRows(db, "rollup_authors", f, t.family, t.scope)
        .select(sql<number>`max(max_followers)`.as("followers"))
        .groupBy("author_id")
        .as("a"),
    )
    .select([
      sql<number>`count(*)`.as("authors"),
      sql<number>`coalesce(sum(a.followers), 0)`.as("uniqueReach"),
    ])
    .executeTakeFirstOrThrow();
  const platforms = await rollupRows(db, "rollup_hours", f, t.family, t.scope)
    .select(["platform", sql<number>`sum(posts)`.as("n")])
    .groupBy("platform")
    .orderBy("platform")
    .execute();
  return {
    ...hours,
    ...authors,
    mean: meanOfMicros(hours.sentimentMicros, hours.posts),
    platforms,
  };
}

/** A whole campaign: its totals rows, one per platform. */
function totalsFromCampaign(rows: (CampaignTotalsRow & { platform: string })[]): Totals {
  const sum = (k: keyof CampaignTotalsRow) => rows.reduce((a, r) => a + r[k], 0);
  const posts = sum("posts");
  return {
    posts,
    authors: sum("authors"),
    potentialReach: sum("potentialReach"),
    uniqueReach: sum("uniqueReach"),
    engagement: sum("engagement"),
    positive: sum("positive"),
    neutral: sum("neutral"),
    negative: sum("negative"),
    mean: meanOfMicros(sum("sentimentMicros"), posts),
    platforms: rows.filter((r) => r.posts > 0).map((r) => ({ platform: r.platform, n: r.posts })),
  };
}

async function totalsFromPosts(db: DB, f: Filters): Promise<Totals> {
  const base = scopedPosts(db, f);
  const totals = await base
    .select([
      sql<number>`count(*)`.as("posts"),
      sql<number>`count(distinct posts.author_id)`.as("authors"),
      sql<number>`coalesce(sum(posts.author_followers_at_collection), 0)`.as("potentialReach"),
      sql<number>`coalesce(sum(posts.likes + posts.reposts + posts.replies + posts.quotes), 0)`.as(
        "engagement",
      ),
      sql<number>`count(*) FILTER (WHERE posts.sentiment_label = 'positive')`.as("positive"),
      sql<number>`count(*) FILTER (WHERE posts.sentiment_label = 'neutral')`.as("neutral"),
      sql<number>`count(*) FILTER (WHERE posts.sentiment_label = 'negative')`.as("negative"),
      sentimentMicros(sql.ref("posts.sentiment_score")).as("sentimentMicros"),
    ])
    .executeTakeFirstOrThrow();

  const unique = await db
    .selectFrom(
      base
        .select([sql<number>`max(posts.author_followers_at_collection)`.as("followers")])
        .groupBy("posts.author_id")
        .as("a"),
    )
    .select(sql<number>`coalesce(sum(a.followers), 0)`.as("uniqueReach"))
    .executeTakeFirstOrThrow();

  const byPlatform = await base
    .select(["posts.platform", sql<number>`count(*)`.as("n")])
    .groupBy("posts.platform")
    .orderBy("posts.platform")
    .execute();

  const { sentimentMicros: micros, ...counts } = totals;
  return {
    ...counts,
    mean: meanOfMicros(micros, totals.posts),
    uniqueReach: unique.uniqueReach,
    platforms: byPlatform,
  };
}

function toSummary(f: Filters, totals: Totals): Summary {
  return {
    posts: totals.posts,
    authors: totals.authors,
    potentialReach: totals.potentialReach,
    uniqueReach: totals.uniqueReach,
    engagement: totals.engagement,
    engagementRate: roundRatio(engagementRate(totals.engagement, totals.potentialReach)),
    sentiment: {
      positive: totals.positive,
      neutral: totals.neutral,
      negative: totals.negative,
      mean: roundRatio(totals.mean),
    },
    platforms: Object.fromEntries(totals.platforms.map((r) => [r.platform, r.n])),
    from: f.from,
    to: f.to,
    campaign: f.campaign.id,
  };
}

/**
 * Σ of sentiment scores (or of rollup sums of them) in millionths: an integer.
 * Scores are stored with six decimals (data/analysis/sentiment.ts), so this sum
 * is exact in whatever order a database adds, and a mean on the boundary of
 * its sixth decimal rounds the same way from rollups and from posts, on SQLite
 * (whose float sum() is compensated) and on PostgreSQL (whose is not).
 */
export function sentimentMicros(value: Expression<unknown>): RawBuilder<number> {
  return sql<number>`coalesce(sum(round(${value} * 1000000)), 0)`;
}

/** The mean score from sentimentMicros over `n` posts. */
export function meanOfMicros(micros: number, n: number): number {
  return n > 0 ? micros / n / 1e6 : 0;
}

/** Ratios are published with six significant decimals so API, page and PDF print the same digits. */
function roundRatio(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
