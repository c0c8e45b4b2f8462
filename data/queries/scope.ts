import { type SelectQueryBuilder, sql } from "kysely";
import { campaignTagGlobs } from "../campaign.ts";
import type { DB } from "../db.ts";
import type { Filters } from "../filters.ts";
import type { Database } from "../schema.ts";
import { jsonListElements, matchesAnyGlob } from "../sql-dialect.ts";

export type ScopedPosts = SelectQueryBuilder<Database, "posts", object>;

/**
 * The posts a set of filters covers: not deleted at the source, inside the
 * window, carrying one of the campaign's hashtags (or a year-suffixed variant).
 * Every query builds on this so that all numbers agree.
 */
export function scopedPosts(db: DB, f: Filters): ScopedPosts {
  const globs = campaignTagGlobs(f.campaign.hashtags);
  let q = db
    .selectFrom("posts")
    .where("posts.deleted_at", "is", null)
    .where("posts.created_at", ">=", f.fromUtc)
    .where("posts.created_at", "<", f.toUtc)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom("post_hashtags as h")
          .select(sql`1`.as("one"))
          .whereRef("h.post_id", "=", "posts.id")
          .where(matchesAnyGlob(db, sql.ref("h.tag"), globs)),
      ),
    );
  if (f.platform) q = q.where("posts.platform", "=", f.platform);
  if (f.lang) q = q.where("posts.lang", "=", f.lang);
  if (f.cluster) {
    const cluster = f.cluster;
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom("post_clusters as pc")
          .select(sql`1`.as("one"))
          .whereRef("pc.post_id", "=", "posts.id")
          .where("pc.cluster_id", "=", cluster),
      ),
    );
  }
  if (f.state) {
    // A cluster may span several Länder (a JSON list): it counts for each of them.
    const states = jsonListElements(db, sql.ref("c.states"));
    q = q.where(
      sql<boolean>`EXISTS (SELECT 1 FROM post_clusters pc JOIN clusters c ON c.id = pc.cluster_id, ${states} j
        WHERE pc.post_id = posts.id AND j.value = ${f.state})`,
    );
  }
  return q;
}
