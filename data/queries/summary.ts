import { sql } from "kysely";
import { engagementRate } from "../analysis/metrics.ts";
import type { DB } from "../db.ts";
import type { Filters } from "../filters.ts";
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

/** The campaign's KPIs for the filters, exactly as DESIGN.md defines them. */
export async function getSummary(db: DB, f: Filters): Promise<Summary> {
  const base = scopedPosts(db, f);
  const totals = await base
    .select([
      sql<number>`count(*)`.as("posts"),
      sql<number>`count(distinct posts.author_id)`.as("authors"),
      sql<number>`coalesce(sum(posts.author_followers_at_collection), 0)`.as("potentialReach"),
      sql<number>`coalesce(sum(posts.likes + posts.reposts + posts.replies + posts.quotes), 0)`.as(
        "engagement",
      ),
      sql<number>`coalesce(sum(posts.sentiment_label = 'positive'), 0)`.as("positive"),
      sql<number>`coalesce(sum(posts.sentiment_label = 'neutral'), 0)`.as("neutral"),
      sql<number>`coalesce(sum(posts.sentiment_label = 'negative'), 0)`.as("negative"),
      sql<number>`coalesce(avg(posts.sentiment_score), 0)`.as("mean"),
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

  return {
    posts: totals.posts,
    authors: totals.authors,
    potentialReach: totals.potentialReach,
    uniqueReach: unique.uniqueReach,
    engagement: totals.engagement,
    engagementRate: roundRatio(engagementRate(totals.engagement, totals.potentialReach)),
    sentiment: {
      positive: totals.positive,
      neutral: totals.neutral,
      negative: totals.negative,
      mean: roundRatio(totals.mean),
    },
    platforms: Object.fromEntries(byPlatform.map((r) => [r.platform, r.n])),
    from: f.from,
    to: f.to,
    campaign: f.campaign.id,
  };
}

/** Ratios are published with six significant decimals so API, page and PDF print the same digits. */
function roundRatio(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
