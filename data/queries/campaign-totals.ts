import { sql } from "kysely";
import type { DB } from "../db.ts";
import type { Filters } from "../filters.ts";
import { ANY_LANG } from "../rollups/contribution.ts";
import { type CampaignWindow, campaignWindow } from "../rollups/family.ts";
import type { RollupTarget } from "./rollup-scope.ts";

export interface CampaignTarget {
  family: string;
  campaign: string;
}

/**
 * A campaign's whole period is answered from rows kept per campaign (migration
 * 0009: distinct authors, unique reach and the hourly sums), at a cost that
 * does not grow with the posts. That holds when the filters span exactly the
 * campaign's period and the rows were built for that period; any other window
 * reads the hourly and daily rows.
 */
export async function campaignTarget(
  db: DB,
  f: Filters,
  t: Pick<RollupTarget, "family">,
): Promise<CampaignTarget | null> {
  const window = campaignWindow(f.campaign);
  if (f.fromUtc !== window.fromUtc || f.toUtc !== window.toUtc) return null;
  const state = await db
    .selectFrom("rollup_state")
    .select("windows")
    .where("family", "=", t.family)
    .executeTakeFirst();
  const built = state ? (JSON.parse(state.windows) as CampaignWindow[]) : [];
  const same = built.some(
    (w) => w.campaign === window.campaign && w.fromUtc === window.fromUtc && w.toUtc === window.toUtc,
  );
  return same ? { family: t.family, campaign: window.campaign } : null;
}

export interface CampaignTotalsRow {
  posts: number;
  authors: number;
  uniqueReach: number;
  potentialReach: number;
  engagement: number;
  positive: number;
  neutral: number;
  negative: number;
  sentimentMicros: number;
}

/**
 * The campaign's totals per scope (one scope, or every scope of a kind: "c:",
 * "s:"), and with `byPlatform` per scope and platform: one row per scope and
 * platform at most, whatever the number of posts.
 */
export async function campaignTotals(
  db: DB,
  f: Filters,
  t: CampaignTarget,
  scope: string | { kind: "c:" | "s:" | "e:" },
  byPlatform = false,
): Promise<(CampaignTotalsRow & { scope: string; platform: string })[]> {
  let q = db
    .selectFrom("rollup_campaign_totals")
    .where("family", "=", t.family)
    .where("campaign", "=", t.campaign)
    .where("lang", "=", f.lang ?? ANY_LANG);
  if (typeof scope === "string") q = q.where("scope", "=", scope);
  else q = q.where("scope", ">=", scope.kind).where("scope", "<", `${scope.kind.slice(0, 1)};`);
  if (f.platform) q = q.where("platform", "=", f.platform);
  // An author posts on one platform: the distinct counts of the platforms add up.
  const rows = await q
    .select([
      "scope",
      byPlatform ? "platform" : sql<string>`''`.as("platform"),
      sql<number>`sum(posts)`.as("posts"),
      sql<number>`sum(authors)`.as("authors"),
      sql<number>`sum(unique_reach)`.as("uniqueReach"),
      sql<number>`sum(potential_reach)`.as("potentialReach"),
      sql<number>`sum(engagement)`.as("engagement"),
      sql<number>`sum(positive)`.as("positive"),
      sql<number>`sum(neutral)`.as("neutral"),
      sql<number>`sum(negative)`.as("negative"),
      sql<number>`sum(sentiment_micros)`.as("sentimentMicros"),
    ])
    .groupBy(byPlatform ? ["scope", "platform"] : ["scope"])
    .orderBy("scope")
    .orderBy("platform")
    .execute();
  return rows.map((r) => ({
    scope: r.scope,
    platform: r.platform,
    posts: Number(r.posts),
    authors: Number(r.authors),
    uniqueReach: Number(r.uniqueReach),
    potentialReach: Number(r.potentialReach),
    engagement: Number(r.engagement),
    positive: Number(r.positive),
    neutral: Number(r.neutral),
    negative: Number(r.negative),
    sentimentMicros: Number(r.sentimentMicros),
  }));
}

/** The fewest posts in a campaign that put an author into the top-authors index (migration 0013: `posts > 4`). */
export const TOP_INDEX_MIN_POSTS = 5;

/**
 * The campaign rows that can be among the `limit` most active authors: those
 * ranked up to the `limit`-th by posts and followers, and every row tied with
 * it (the caller's final order breaks ties by handle). Read from the top of
 * their index, so the cost does not grow with the authors of the campaign.
 * The index holds only authors with `TOP_INDEX_MIN_POSTS` posts or more
 * (migration 0013): when fewer than `limit` have as many, the scope's rows are
 * ranked from the table, a sort of its authors (a few thousand rows for the
 * largest cluster at 1M posts) that only a scope with next to no frequent
 * posters needs.
 */
export async function campaignTopAuthors(
  db: DB,
  f: Filters,
  t: CampaignTarget,
  scope: string,
  limit: number,
) {
  const rows = () => {
    let q = db
      .selectFrom("rollup_campaign_authors")
      .where("family", "=", t.family)
      .where("campaign", "=", t.campaign)
      .where("scope", "=", scope)
      .where("lang", "=", f.lang ?? ANY_LANG);
    if (f.platform) q = q.where("platform", "=", f.platform);
    return q;
  };
  // A literal, not a parameter: the planners match it with the partial index's own condition.
  const indexed = () => rows().where(sql<boolean>`posts > ${sql.lit(TOP_INDEX_MIN_POSTS - 1)}`);
  // An author posts on one platform and has one row per language asked ("*": all): one row each.
  const columns = ["author_id", "posts", "max_followers as followers"] as const;
  // The `limit`-th row by posts and followers.
  const nth = (q: ReturnType<typeof rows>) =>
    q
      .select(["posts", "max_followers"])
      .orderBy("posts", "desc")
      .orderBy("max_followers", "desc")
      .limit(1)
      .offset(Math.max(0, limit - 1))
      .executeTakeFirst();
  const last = await nth(indexed());
  if (!last) {
    // Fewer than `limit` frequent posters: the scope's rows up to their `limit`-th and its ties (one sort of
    // the rows, then one pass; the authors are joined to those few only).
    const lastOfAll = await nth(rows());
    const candidates = rows().select(columns);
    if (!lastOfAll) return candidates;
    return candidates.where((eb) =>
      eb.or([
        eb("posts", ">", lastOfAll.posts),
        eb.and([eb("posts", "=", lastOfAll.posts), eb("max_followers", ">=", lastOfAll.max_followers)]),
      ]),
    );
  }
  // The first `limit` rows of the index hold every row ranked above the last one; its ties (same posts and
  // followers) may lie further on. Both are index lookups: a range on posts beside the index's own condition
  // would let the planner take either bound, and scan all of the index's part for the scope.
  const first = indexed()
    .select(columns)
    .orderBy("posts", "desc")
    .orderBy("max_followers", "desc")
    .limit(limit);
  const ties = indexed()
    .where("posts", "=", last.posts)
    .where("max_followers", "=", last.max_followers)
    .select(columns);
  return db.selectFrom(first.as("f")).selectAll().union(ties);
}
