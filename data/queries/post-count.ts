import { sql } from "kysely";
import type { DB } from "../db.ts";
import type { Filters } from "../filters.ts";
import type { PostQuery } from "./posts.ts";
import { postsMatchingSearch } from "./posts.ts";
import { scopedPosts } from "./scope.ts";
import { getSummary } from "./summary.ts";

/** A search counts at most this many matches: beyond it "more than 10,000" says all a person needs. */
export const POST_COUNT_CAP = 10_000;

export interface PostCount {
  /** Posts matching; POST_COUNT_CAP when `capped`. */
  n: number;
  /** There are more than `n`. */
  capped: boolean;
}

/**
 * How many posts listPosts pages through for the same filters, search and
 * sentiment. Without a search the number comes from the summary (rollups, so
 * it costs O(buckets) and equals the overview's KPI); a full-text search has
 * no rollup, so its matches are counted, up to POST_COUNT_CAP.
 */
export async function countPosts(
  db: DB,
  f: Filters,
  pq: Pick<PostQuery, "q" | "sentiment">,
  cap: number = POST_COUNT_CAP,
): Promise<PostCount> {
  if (!pq.q) {
    const s = await getSummary(db, f);
    return { n: pq.sentiment ? s.sentiment[pq.sentiment] : s.posts, capped: false };
  }
  let q = scopedPosts(db, f).where(postsMatchingSearch(db, pq.q));
  if (pq.sentiment) q = q.where("posts.sentiment_label", "=", pq.sentiment);
  const row = await db
    .selectFrom(
      q
        .select("posts.id")
        .limit(cap + 1)
        .as("m"),
    )
    .select(sql<number>`count(*)`.as("n"))
    .executeTakeFirstOrThrow();
  return row.n > cap ? { n: cap, capped: true } : { n: row.n, capped: false };
}
