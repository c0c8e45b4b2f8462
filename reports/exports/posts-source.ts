import type { DB } from "../../data/db.ts";
import type { Filters } from "../../data/filters.ts";
import { decodeCursor, listPosts, type PostQuery } from "../../data/queries/posts.ts";
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
  // The same reader as /api/posts, page after page: the export has the API's posts in the API's order.
  let cursor: PostQuery["cursor"] = null;
  for (;;) {
    const page = await listPosts(db, f, { q: null, sentiment: null, limit: chunkSize, cursor });
    if (page.items.length === 0) return;
    yield page.items.map((p) => ({
      uid: p.uid,
      platform: p.platform,
      url: p.url,
      createdAt: p.createdAt,
      author: p.author,
      text: p.text,
      lang: p.lang,
      sentimentLabel: p.sentiment.label,
      sentimentScore: p.sentiment.score,
      likes: p.likes,
      reposts: p.reposts,
      replies: p.replies,
      quotes: p.quotes,
      clusters: p.clusters,
      hashtags: p.hashtags,
    }));
    if (!page.nextCursor) return;
    cursor = decodeCursor(page.nextCursor);
  }
}
