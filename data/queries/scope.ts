import { type Expression, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool, sql } from "kysely";
import { campaignTagGlobs } from "../campaign.ts";
import type { DB } from "../db.ts";
import type { Filters } from "../filters.ts";
import type { Database, PostClustersTable } from "../schema.ts";
import { jsonListElements, matchesAnyGlob, unindexed } from "../sql-dialect.ts";

export type ScopedPosts = SelectQueryBuilder<Database, "posts", object>;

/** A cluster's posts joined with its rows in post_clusters (`pc`), which carry the orders of its page. */
export type ClusterPosts = SelectQueryBuilder<Database & { pc: PostClustersTable }, "posts" | "pc", object>;

/**
 * The posts a set of filters covers: not deleted at the source, inside the
 * window, carrying one of the campaign's hashtags (or a year-suffixed variant).
 * Every query builds on this so that all numbers agree.
 */
export function scopedPosts(db: DB, f: Filters): ScopedPosts {
  return db.selectFrom("posts").where((eb) => postConditions(db, f, eb));
}

/** The `rows` most engaging posts of all (`t`: id, engagement, created_at), in the order of the engagement index. */
export type TopEngaged = SelectQueryBuilder<
  Database & { t: { id: number; engagement: number; created_at: string } },
  "posts" | "t",
  object
>;

/**
 * The posts the filters cover among the `rows` most engaging posts of all:
 * the engagement index walked from the top, stopping after `rows` entries,
 * each post then checked against the filters. Ordered by `t.engagement`,
 * `t.created_at`, `t.id` it streams in the index's order, so the first posts
 * that pass are the most engaging of the filters, provided that enough pass
 * (getTopPosts falls back to sorting the window when too few do).
 */
export function scopedTopEngaged(db: DB, f: Filters, rows: number): TopEngaged {
  const top = db
    .selectFrom("posts")
    .select(["posts.id as id", sql<number>`${ENGAGEMENT}`.as("engagement"), "posts.created_at as created_at"])
    .where("posts.deleted_at", "is", null)
    .orderBy(ENGAGEMENT, "desc")
    .orderBy("posts.created_at", "desc")
    .orderBy("posts.id", "desc")
    .limit(rows);
  return db
    .selectFrom(top.as("t"))
    .innerJoin("posts", "posts.id", "t.id")
    .where((eb) =>
      postConditions(db, f, eb as ExpressionBuilder<Database, "posts">, { windowUnindexed: true }),
    );
}

/** A post's engagement (DESIGN.md, engagement v1), spelled as the index posts_engagement has it (migration 0008). */
export const ENGAGEMENT = sql<number>`posts.likes + posts.reposts + posts.replies + posts.quotes`;

/**
 * The same posts for a filter on one cluster, read from the cluster's rows,
 * which carry the two orders of its page (migration 0011). `newest`: the
 * window is a range of the index post_clusters_newest, walked newest first.
 * `engagement`: the index post_clusters_engaging is walked from the top and
 * the window checked on its entries in place, so the walk stops after the
 * first page that passes and costs at most the cluster's index entries, where
 * a query driven by the posts walked every post of the window. Without the
 * second form SQLite chose the window's range and sorted it whenever its
 * sampled statistics guessed the window small (120 ms for a large cluster).
 */
export function scopedClusterPosts(
  db: DB,
  f: Filters & { cluster: string },
  order: "newest" | "engagement",
): ClusterPosts {
  const createdAt = order === "newest" ? sql.ref("pc.created_at") : unindexed(db, "pc.created_at");
  return db
    .selectFrom("post_clusters as pc")
    .innerJoin("posts", "posts.id", "pc.post_id")
    .where("pc.cluster_id", "=", f.cluster)
    .where(sql<SqlBool>`${createdAt} >= ${f.fromUtc} AND ${createdAt} < ${f.toUtc}`)
    .where((eb) => postConditions(db, { ...f, cluster: null }, eb as ExpressionBuilder<Database, "posts">));
}

/**
 * The conditions of scopedPosts. `windowUnindexed`: the window is checked on
 * each post, never used as a range of the time index (scopedTopEngaged walks
 * the engagement index instead).
 */
function postConditions(
  db: DB,
  f: Filters,
  eb: ExpressionBuilder<Database, "posts">,
  opts: { windowUnindexed?: boolean } = {},
): Expression<SqlBool> {
  const globs = campaignTagGlobs(f.campaign.hashtags);
  const createdAt = opts.windowUnindexed ? unindexed(db, "posts.created_at") : sql.ref("posts.created_at");
  const all: Expression<SqlBool>[] = [
    eb("posts.deleted_at", "is", null),
    sql<SqlBool>`${createdAt} >= ${f.fromUtc}`,
    sql<SqlBool>`${createdAt} < ${f.toUtc}`,
    eb.exists(
      eb
        .selectFrom("post_hashtags as h")
        .select(sql`1`.as("one"))
        .whereRef("h.post_id", "=", "posts.id")
        .where(matchesAnyGlob(db, sql.ref("h.tag"), globs)),
    ),
  ];
  if (f.platform) all.push(eb("posts.platform", "=", f.platform));
  if (f.lang) all.push(eb("posts.lang", "=", f.lang));
  if (f.cluster) {
    all.push(
      eb.exists(
        eb
          .selectFrom("post_clusters as pc")
          .select(sql`1`.as("one"))
          .whereRef("pc.post_id", "=", "posts.id")
          .where("pc.cluster_id", "=", f.cluster),
      ),
    );
  }
  if (f.state) {
    // A cluster may span several Länder (a JSON list): it counts for each of them.
    const states = jsonListElements(db, sql.ref("c.states"));
    all.push(
      sql<boolean>`EXISTS (SELECT 1 FROM post_clusters pc JOIN clusters c ON c.id = pc.cluster_id, ${states} j
        WHERE pc.post_id = posts.id AND j.value = ${f.state})`,
    );
  }
  return eb.and(all);
}
