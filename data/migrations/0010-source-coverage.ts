import { type Kysely, sql } from "kysely";

// Frozen: never edit a migration that has shipped; add a new numbered one instead.
//
// What each collector target has seen (the sources page, the week report): its
// distinct posts not deleted at the source, and their first and last creation
// time. Counted from post_sources joined with posts that took 2.6 s at a million
// posts; kept here by triggers, so every way a post or a sighting comes or goes
// (ingest, deletion at the source, erasure, retention's purge, a cascade) keeps
// it exact. A bound that leaves with a post is recounted for its target alone.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE rollup_sources (
    source TEXT NOT NULL, target TEXT NOT NULL, posts INTEGER NOT NULL,
    first_created_at TEXT, last_created_at TEXT,
    PRIMARY KEY (source, target)
  ) WITHOUT ROWID`.execute(db);
  await sql`CREATE INDEX post_sources_post_target ON post_sources (post_id, source, target)`.execute(db);

  // A first sighting of a live post by a target counts it.
  await sql`CREATE TRIGGER rollup_sources_seen AFTER INSERT ON post_sources
    WHEN NOT EXISTS (SELECT 1 FROM post_sources o WHERE o.post_id = new.post_id AND o.source = new.source
        AND o.target = new.target AND o.remote_id <> new.remote_id)
      AND EXISTS (SELECT 1 FROM posts p WHERE p.id = new.post_id AND p.deleted_at IS NULL)
    BEGIN
      INSERT INTO rollup_sources (source, target, posts, first_created_at, last_created_at)
        SELECT new.source, new.target, 1, p.created_at, p.created_at FROM posts p WHERE p.id = new.post_id
        ON CONFLICT (source, target) DO UPDATE SET posts = posts + 1,
          first_created_at = min(coalesce(first_created_at, excluded.first_created_at), excluded.first_created_at),
          last_created_at = max(coalesce(last_created_at, excluded.last_created_at), excluded.last_created_at);
    END`.execute(db);
  // Its last sighting by a target going (the post still there and live) uncounts it.
  await sql`CREATE TRIGGER rollup_sources_unseen AFTER DELETE ON post_sources
    WHEN NOT EXISTS (SELECT 1 FROM post_sources o WHERE o.post_id = old.post_id AND o.source = old.source
        AND o.target = old.target)
      AND EXISTS (SELECT 1 FROM posts p WHERE p.id = old.post_id AND p.deleted_at IS NULL)
    BEGIN
      UPDATE rollup_sources SET posts = posts - 1 WHERE source = old.source AND target = old.target;
      ${recountBounds("old.source", "old.target", "old.post_id")}
    END`.execute(db);
  // A live post deleted (at the source, or its row removed) leaves every target that saw it.
  await sql`CREATE TRIGGER rollup_sources_post_deleted AFTER UPDATE OF deleted_at ON posts
    WHEN old.deleted_at IS NULL AND new.deleted_at IS NOT NULL
    BEGIN
      UPDATE rollup_sources SET posts = posts - 1
        WHERE (source, target) IN (SELECT DISTINCT source, target FROM post_sources WHERE post_id = new.id);
      UPDATE rollup_sources SET
        first_created_at = (${bound("min", "rollup_sources.source", "rollup_sources.target")}),
        last_created_at = (${bound("max", "rollup_sources.source", "rollup_sources.target")})
        WHERE (source, target) IN (SELECT DISTINCT source, target FROM post_sources WHERE post_id = new.id)
          AND (first_created_at = new.created_at OR last_created_at = new.created_at);
    END`.execute(db);
  await sql`CREATE TRIGGER rollup_sources_post_removed BEFORE DELETE ON posts
    WHEN old.deleted_at IS NULL
    BEGIN
      UPDATE rollup_sources SET posts = posts - 1
        WHERE (source, target) IN (SELECT DISTINCT source, target FROM post_sources WHERE post_id = old.id);
    END`.execute(db);
  // The bounds of a post removed with its row are recounted once it is gone.
  await sql`CREATE TRIGGER rollup_sources_post_removed_bounds AFTER DELETE ON posts
    WHEN old.deleted_at IS NULL
    BEGIN
      UPDATE rollup_sources SET
        first_created_at = (${bound("min", "rollup_sources.source", "rollup_sources.target")}),
        last_created_at = (${bound("max", "rollup_sources.source", "rollup_sources.target")})
        WHERE first_created_at = old.created_at OR last_created_at = old.created_at;
    END`.execute(db);

  await sql`INSERT INTO rollup_sources (source, target, posts, first_created_at, last_created_at)
    SELECT ps.source, ps.target, count(DISTINCT ps.post_id), min(p.created_at), max(p.created_at)
    FROM post_sources ps JOIN posts p ON p.id = ps.post_id
    WHERE p.deleted_at IS NULL GROUP BY ps.source, ps.target`.execute(db);
}

/** min/max creation time of the live posts a target has seen. */
function bound(fn: "min" | "max", source: string, target: string) {
  return sql.raw(`SELECT ${fn}(p.created_at) FROM post_sources ps JOIN posts p ON p.id = ps.post_id
    WHERE ps.source = ${source} AND ps.target = ${target} AND p.deleted_at IS NULL`);
}

/** Recounts a target's bounds when the post leaving it held one. */
function recountBounds(source: string, target: string, postId: string) {
  return sql`UPDATE rollup_sources SET
      first_created_at = (${bound("min", source, target)}),
      last_created_at = (${bound("max", source, target)})
    WHERE source = ${sql.raw(source)} AND target = ${sql.raw(target)}
      AND (SELECT created_at FROM posts WHERE id = ${sql.raw(postId)}) IN (first_created_at, last_created_at);`;
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    "rollup_sources_post_removed_bounds",
    "rollup_sources_post_removed",
    "rollup_sources_post_deleted",
    "rollup_sources_unseen",
    "rollup_sources_seen",
  ])
    await sql`DROP TRIGGER IF EXISTS ${sql.raw(t)}`.execute(db);
  await sql`DROP INDEX IF EXISTS post_sources_post_target`.execute(db);
  await db.schema.dropTable("rollup_sources").ifExists().execute();
}
