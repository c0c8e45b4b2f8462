import { type SelectQueryBuilder, sql } from "kysely";
import { campaignTagGlobs } from "../campaign.ts";
import type { DB } from "../db.ts";
import type { Filters } from "../filters.ts";
import type { Database } from "../schema.ts";
import { matchesAnyGlob, unindexed } from "../sql-dialect.ts";
import { campaignTarget, campaignTopAuthors } from "./campaign-totals.ts";
import { rollupRows, rollupTarget } from "./rollup-scope.ts";
import { ENGAGEMENT, scopedClusterPosts, scopedPosts, scopedTopEngaged } from "./scope.ts";

export interface TopPost {
  uid: string;
  platform: string;
  url: string | null;
  text: string;
  author: string;
  createdAt: string;
  /** likes + reposts + replies + quotes (DESIGN.md, engagement v1). */
  engagement: number;
}

export interface TopAuthor {
  handle: string;
  name: string | null;
  platform: string;
  posts: number;
  /** The author's largest frozen follower count in the window (as in unique reach). */
  followers: number;
}

export interface TagCount {
  tag: string;
  posts: number;
}

export interface LanguageCount {
  /** null: not known (too short to tell, nothing declared). */
  lang: string | null;
  posts: number;
}

/** The most engaging posts, newest first among equals. Always read from the posts (it needs their text). */
export async function getTopPosts(
  db: DB,
  f: Filters,
  limit = 10,
  opts: { walkFrom?: number; walkRows?: number } = {},
): Promise<TopPost[]> {
  const columns = [
    "posts.uid",
    "posts.platform",
    "posts.url",
    "posts.text",
    "a.handle as author",
    "posts.created_at as createdAt",
    sql<number>`${ENGAGEMENT}`.as("engagement"),
  ] as const;
  // One cluster's: walk its own index by engagement (scopedClusterPosts), the same order spelled on its rows.
  if (f.cluster) {
    return scopedClusterPosts(db, { ...f, cluster: f.cluster }, "engagement")
      .innerJoin("authors as a", "a.id", "posts.author_id")
      .select(columns)
      .orderBy("pc.engagement", "desc")
      .orderBy("pc.created_at", "desc")
      .orderBy("pc.post_id", "desc")
      .limit(limit)
      .execute();
  }
  // A window of many posts: walk the engagement index from the top (scopedTopEngaged), at most
  // `walkRows` entries; the first `limit` posts that pass are the answer. Else, or when too few pass
  // there (a window whose posts are not among the most engaging of all: an older campaign's, a platform
  // without counts), sort the window's posts. Chosen here, not by SQLite's planner: its sampled
  // statistics took a campaign's whole window for a small range and sorted 865,000 posts (2 s at 1M).
  if (await windowHoldsMany(db, f, opts.walkFrom ?? WALK_FROM)) {
    const top = await scopedTopEngaged(db, f, opts.walkRows ?? WALK_ROWS)
      .innerJoin("authors as a", "a.id", "posts.author_id")
      .select(columns)
      .orderBy("t.engagement", "desc")
      .orderBy("t.created_at", "desc")
      .orderBy("t.id", "desc")
      .limit(limit)
      .execute();
    if (top.length === limit) return top;
  }
  return scopedPosts(db, f)
    .innerJoin("authors as a", "a.id", "posts.author_id")
    .select(columns)
    .orderBy(unindexed(db, ENGAGEMENT), "desc")
    .orderBy("posts.created_at", "desc")
    .orderBy("posts.id", "desc")
    .limit(limit)
    .execute();
}

/** From this many posts in a window on, its most engaging posts are first looked for by walking the engagement index. */
const WALK_FROM = 5_000;
/** How far that walk goes (about 15 ms at 1M posts when nothing passes). */
const WALK_ROWS = 5_000;

/** Whether the window holds at least `many` posts (counted on the time index, stopping there). */
async function windowHoldsMany(db: DB, f: Filters, many: number): Promise<boolean> {
  if (many <= 0) return true;
  const window = db
    .selectFrom("posts")
    .select("posts.id")
    .where("posts.created_at", ">=", f.fromUtc)
    .where("posts.created_at", "<", f.toUtc)
    .limit(many);
  const r = await db.selectFrom(window.as("w")).select(sql<number>`count(*)`.as("n")).executeTakeFirst();
  return (r?.n ?? 0) >= many;
}

type AuthorCounts = SelectQueryBuilder<
  Database,
  "rollup_authors",
  { author_id: number; posts: number; followers: number }
>;

/** Authors with the most posts in the window (ties: more followers, then handle). */
export async function getTopAuthors(db: DB, f: Filters, limit = 10, fromPosts = false): Promise<TopAuthor[]> {
  const target = fromPosts ? null : await rollupTarget(db, f);
  const campaign = target ? await campaignTarget(db, f, target) : null;
  // The three sources give the same columns; typed as one for the join below.
  const counts: AuthorCounts = campaign
    ? ((await campaignTopAuthors(db, f, campaign, target?.scope ?? "", limit)) as unknown as AuthorCounts)
    : target
      ? (rollupRows(db, "rollup_authors", f, target.family, target.scope)
          .select([
            "author_id",
            sql<number>`sum(posts)`.as("posts"),
            sql<number>`max(max_followers)`.as("followers"),
          ])
          .groupBy("author_id") as unknown as AuthorCounts)
      : (scopedPosts(db, f)
          .select([
            "posts.author_id",
            sql<number>`count(*)`.as("posts"),
            sql<number>`max(posts.author_followers_at_collection)`.as("followers"),
          ])
          .groupBy("posts.author_id") as unknown as AuthorCounts);
  return db
    .selectFrom(counts.as("c"))
    .innerJoin("authors as a", "a.id", "c.author_id")
    .select(["a.handle", "a.name", "a.platform", "c.posts", "c.followers"])
    .orderBy("c.posts", "desc")
    .orderBy("c.followers", "desc")
    .orderBy("a.handle")
    .orderBy("a.id")
    .limit(limit)
    .execute();
}

/** Hashtags used together with the campaign's own (which are left out), most used first. */
export async function getCoHashtags(db: DB, f: Filters, limit = 20, fromPosts = false): Promise<TagCount[]> {
  const own = campaignTagGlobs(f.campaign.hashtags);
  const target = fromPosts ? null : await rollupTarget(db, f);
  const notOwn = (column: string) => sql<boolean>`NOT ${matchesAnyGlob(db, sql.ref(column), own)}`;
  const q = target
    ? rollupRows(db, "rollup_tags", f, target.family, target.scope)
        .select(["tag", sql<number>`sum(posts)`.as("posts")])
        .where(notOwn("tag"))
        .groupBy("tag")
    : scopedPosts(db, f)
        .innerJoin("post_hashtags as h", "h.post_id", "posts.id")
        .select(["h.tag as tag", sql<number>`count(*)`.as("posts")])
        .where(notOwn("h.tag"))
        .groupBy("h.tag");
  return db
    .selectFrom(q.as("t"))
    .selectAll()
    .orderBy("t.posts", "desc")
    .orderBy("t.tag")
    .limit(limit)
    .execute();
}

/** Posts per language, most first. */
export async function getLanguages(db: DB, f: Filters, fromPosts = false): Promise<LanguageCount[]> {
  const target = fromPosts ? null : await rollupTarget(db, f);
  const rows = await (target
    ? rollupRows(db, "rollup_hours", f, target.family, target.scope)
        .select(["lang", sql<number>`sum(posts)`.as("posts")])
        .groupBy("lang")
    : scopedPosts(db, f)
        .select([sql<string>`coalesce(posts.lang, '')`.as("lang"), sql<number>`count(*)`.as("posts")])
        .groupBy(sql`coalesce(posts.lang, '')`)
  ).execute();
  return rows
    .map((r) => ({ lang: r.lang === "" ? null : r.lang, posts: r.posts }))
    .sort((a, b) => b.posts - a.posts || (a.lang ?? "~").localeCompare(b.lang ?? "~"));
}
