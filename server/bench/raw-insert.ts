import { rmSync } from "node:fs";
import type { NormalizedPost } from "../../collectors/types.ts";
import { openDatabase } from "../../data/db.ts";

/**
 * The floor the store is compared with: the same post rows inserted into the
 * same schema (a fresh database with every migration, so the same indexes and
 * search index) with one prepared better-sqlite3 INSERT each, and nothing
 * else: no transform, no analysis, no hashtags, clusters or rollups.
 * `batch` rows per transaction, as the path compared does (a collector's page
 * of 100, an import's batch of 500), so commits cost the same. Returns rows
 * per second.
 */
export async function rawInsertRate(
  posts: readonly NormalizedPost[],
  path: string,
  batch: number,
): Promise<number> {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true });
  const { sqlite, close } = await openDatabase(path);
  try {
    // Authors first and untimed: the rows below need their ids.
    const authorIds = new Map<string, number>();
    const insertAuthor = sqlite.prepare(
      `INSERT INTO authors (platform, handle, name, url, followers_first, followers_latest, first_seen_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const now = new Date().toISOString();
    sqlite.transaction(() => {
      for (const p of posts) {
        const key = `${p.platform}\u0000${p.author.handle}`;
        if (authorIds.has(key)) continue;
        const res = insertAuthor.run(
          p.platform,
          p.author.handle,
          p.author.name,
          p.author.url,
          0,
          0,
          now,
          now,
        );
        authorIds.set(key, Number(res.lastInsertRowid));
      }
    })();
    const insertPost = sqlite.prepare(
      `INSERT INTO posts (uid, platform, origin_instance, url, author_id, created_at, text, lang,
         sentiment_score, sentiment_label, likes, reposts, replies, quotes, counts_from,
         author_followers_at_collection, first_seen_at, refreshed_at, edited_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 'neutral', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertBatch = sqlite.transaction((batch: readonly NormalizedPost[]) => {
      for (const p of batch)
        insertPost.run(
          p.uid,
          p.platform,
          p.originInstance,
          p.url,
          authorIds.get(`${p.platform}\u0000${p.author.handle}`),
          p.createdAt,
          p.text,
          p.lang,
          p.counts.likes,
          p.counts.reposts,
          p.counts.replies,
          p.counts.quotes,
          p.countsFromOrigin ? "origin" : "remote",
          p.author.followers,
          now,
          now,
          p.editedAt,
        );
    });
    const t0 = performance.now();
    for (let i = 0; i < posts.length; i += batch) insertBatch(posts.slice(i, i + batch));
    const seconds = (performance.now() - t0) / 1000;
    return seconds > 0 ? posts.length / seconds : 0;
  } finally {
    await close();
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true });
  }
}
