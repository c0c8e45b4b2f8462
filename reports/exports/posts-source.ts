import type { DB } from "../../data/db.ts";
import type { Filters } from "../../data/filters.ts";
import { scopedPosts } from "../../data/queries/scope.ts";
import type { PostRecord } from "./posts-rows.ts";

/** Posts per read: one query for them, one each for their clusters and hashtags. */
export const EXPORT_CHUNK_SIZE = 500;

/**
 * The posts of the filters, newest first (the order of /api/posts), one chunk
 * at a time, so an export of a million posts holds one chunk in memory.
 *
 * Why keyset pages and not Kysely's `.stream()`: with better-sqlite3, Kysely
 * has one connection behind a mutex, and `.stream()` keeps it until the last
 * row is read. The per-chunk cluster and hashtag queries would then wait for
 * it forever (a deadlock, tried), every other request would wait for the
 * whole download (at the client's pace), and better-sqlite3 refuses writes on
 * the handle while an iterator is open, so ingest would fail meanwhile. A page
 * query releases the connection after each chunk.
 *
 * The pages are separate reads: a post stored during a long download appears
 * or not depending on where it falls, but no post is read twice or skipped,
 * since (created_at, id) orders the posts totally.
 */
export async function* postChunks(
  db: DB,
  f: Filters,
  chunkSize = EXPORT_CHUNK_SIZE,
): AsyncGenerator<PostRecord[], void, undefined> {
  let after: { createdAt: string; id: number } | null = null;
  for (;;) {
    let q = scopedPosts(db, f)
      .innerJoin("authors as a", "a.id", "posts.author_id")
      .select([
        "posts.id",
        "posts.uid",
        "posts.platform",
        "posts.url",
        "posts.created_at",
        "posts.text",
        "posts.lang",
        "posts.sentiment_score",
        "posts.sentiment_label",
        "posts.likes",
        "posts.reposts",
        "posts.replies",
        "posts.quotes",
        "posts.author_followers_at_collection",
        "a.handle",
        "a.name",
      ]);
    const c = after;
    if (c) {
      q = q.where(({ or, and, eb }) =>
        or([
          eb("posts.created_at", "<", c.createdAt),
          and([eb("posts.created_at", "=", c.createdAt), eb("posts.id", "<", c.id)]),
        ]),
      );
    }
    const rows = await q
      .orderBy("posts.created_at", "desc")
      .orderBy("posts.id", "desc")
      .limit(chunkSize)
      .execute();
    const last = rows.at(-1);
    if (!last) return;
    const ids = rows.map((r) => r.id);
    const clusters = await listsOf(db, "post_clusters", ids);
    const tags = await listsOf(db, "post_hashtags", ids);
    yield rows.map((r) => ({
      uid: r.uid,
      platform: r.platform,
      url: r.url,
      createdAt: r.created_at,
      author: { handle: r.handle, name: r.name, followers: r.author_followers_at_collection },
      text: r.text,
      lang: r.lang,
      sentimentLabel: r.sentiment_label,
      sentimentScore: r.sentiment_score,
      likes: r.likes,
      reposts: r.reposts,
      replies: r.replies,
      quotes: r.quotes,
      clusters: clusters.get(r.id) ?? [],
      hashtags: tags.get(r.id) ?? [],
    }));
    if (rows.length < chunkSize) return;
    after = { createdAt: last.created_at, id: last.id };
  }
}

/** A chunk's cluster ids or hashtags per post, sorted as /api/posts sorts them. */
async function listsOf(
  db: DB,
  table: "post_clusters" | "post_hashtags",
  ids: readonly number[],
): Promise<Map<number, string[]>> {
  const rows =
    table === "post_clusters"
      ? await db
          .selectFrom("post_clusters")
          .select(["post_id", "cluster_id as value"])
          .where("post_id", "in", ids)
          .orderBy("cluster_id")
          .execute()
      : await db
          .selectFrom("post_hashtags")
          .select(["post_id", "tag as value"])
          .where("post_id", "in", ids)
          .orderBy("tag")
          .execute();
  const out = new Map<number, string[]>();
  for (const r of rows) {
    const list = out.get(r.post_id);
    if (list) list.push(r.value);
    else out.set(r.post_id, [r.value]);
  }
  return out;
}
