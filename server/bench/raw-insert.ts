import { rmSync } from "node:fs";
import type { NormalizedPost } from "../../collectors/types.ts";
import { openDatabase } from "../../data/db.ts";

export interface RawInsert {
  /**
   * Inserts the batches' posts, one transaction per batch, and returns the
   * rows and the seconds spent in those transactions.
   */
  insert(batches: Iterable<readonly NormalizedPost[]>): { rows: number; seconds: number };
  /**
   * Folds the write-ahead log into the database file and empties it, so that
   * no checkpoint of this database runs beside the timing of the server's
   * routes, on the same two cores. (Little is left by then: 0.2 s of copying
   * after 200,000 rows.)
   */
  settle(): void;
  close(): Promise<void>;
}

/**
 * The floor the store is compared with: the same post rows inserted into the
 * same schema (a database with every migration and the same pragmas, so the
 * same indexes and search index) with one prepared better-sqlite3 INSERT each,
 * and nothing else: no transform, no analysis, no hashtags, clusters or
 * rollups. The database is kept across the benchmark's levels and gets every
 * row the store gets, so each level's rows meet a database of the same size.
 * Each batch's authors are inserted first, untimed: the rows need their ids.
 *
 * The search index is filled once per transaction (one INSERT … SELECT), not
 * by the schema's per-row trigger: in a transaction of nothing but these
 * inserts, each one (a statement journal, for the foreign key) makes FTS5
 * write its pending row out as a segment of its own, and the merging of those
 * slowed the raw insert from 20,000 to 300 rows/s by 300,000 rows. A floor
 * that slow would flatter any store compared with it.
 */
export async function openRawInsert(path: string): Promise<RawInsert> {
  const remove = () => {
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true });
  };
  remove();
  const { sqlite, close } = await openDatabase(path);
  const authorIds = new Map<string, number>();
  const authorKey = (p: NormalizedPost) => `${p.platform}\u0000${p.author.handle}`;
  const insertAuthor = sqlite.prepare(
    `INSERT INTO authors (platform, handle, name, url, followers_first, followers_latest, first_seen_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertPost = sqlite.prepare(
    `INSERT INTO posts (uid, platform, origin_instance, url, author_id, created_at, text, lang,
       sentiment_score, sentiment_label, likes, reposts, replies, quotes, counts_from,
       author_followers_at_collection, first_seen_at, refreshed_at, edited_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 'neutral', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  sqlite.exec("DROP TRIGGER posts_fts_ai");
  const indexText = sqlite.prepare(
    "INSERT INTO posts_fts (rowid, text) SELECT id, text FROM posts WHERE id >= ?",
  );
  const now = new Date().toISOString();
  const addAuthors = sqlite.transaction((batch: readonly NormalizedPost[]) => {
    for (const p of batch) {
      const key = authorKey(p);
      if (authorIds.has(key)) continue;
      const res = insertAuthor.run(p.platform, p.author.handle, p.author.name, p.author.url, 0, 0, now, now);
      authorIds.set(key, Number(res.lastInsertRowid));
    }
  });
  const insertBatch = sqlite.transaction((batch: readonly NormalizedPost[]) => {
    let first: number | null = null;
    for (const p of batch) {
      const res = insertPost.run(
        p.uid,
        p.platform,
        p.originInstance,
        p.url,
        authorIds.get(authorKey(p)),
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
      first ??= Number(res.lastInsertRowid);
    }
    if (first !== null) indexText.run(first);
  });
  return {
    insert(batches) {
      let rows = 0;
      let ms = 0;
      for (const batch of batches) {
        addAuthors(batch);
        const t0 = performance.now();
        insertBatch(batch);
        ms += performance.now() - t0;
        rows += batch.length;
      }
      return { rows, seconds: ms / 1000 };
    },
    settle() {
      sqlite.pragma("wal_checkpoint(TRUNCATE)");
    },
    async close() {
      await close();
      remove();
    },
  };
}
