import { type Kysely, sql } from "kysely";

// Frozen: never edit a migration that has shipped; add a new numbered one instead.
//
// PostgreSQL twin of data/migrations/0010-source-coverage.ts: the same table,
// kept by the same rules in PL/pgSQL triggers. Foreign-key cascades run after
// the parent row is gone here too, so a sighting removed by a cascade is not
// counted twice.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE rollup_sources (
    source text COLLATE "C" NOT NULL, target text COLLATE "C" NOT NULL, posts integer NOT NULL,
    first_created_at text COLLATE "C", last_created_at text COLLATE "C",
    PRIMARY KEY (source, target)
  )`.execute(db);
  await sql`CREATE INDEX post_sources_post_target ON post_sources (post_id, source, target)`.execute(db);

  await sql`CREATE FUNCTION rollup_sources_recount(s text, t text) RETURNS void LANGUAGE sql AS $$
    UPDATE rollup_sources SET
      first_created_at = (SELECT min(p.created_at) FROM post_sources ps JOIN posts p ON p.id = ps.post_id
        WHERE ps.source = s AND ps.target = t AND p.deleted_at IS NULL),
      last_created_at = (SELECT max(p.created_at) FROM post_sources ps JOIN posts p ON p.id = ps.post_id
        WHERE ps.source = s AND ps.target = t AND p.deleted_at IS NULL)
    WHERE source = s AND target = t
  $$`.execute(db);

  await sql`CREATE FUNCTION rollup_sources_seen() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM post_sources o WHERE o.post_id = NEW.post_id AND o.source = NEW.source
          AND o.target = NEW.target AND o.remote_id <> NEW.remote_id)
       AND EXISTS (SELECT 1 FROM posts p WHERE p.id = NEW.post_id AND p.deleted_at IS NULL) THEN
      INSERT INTO rollup_sources (source, target, posts, first_created_at, last_created_at)
        SELECT NEW.source, NEW.target, 1, p.created_at, p.created_at FROM posts p WHERE p.id = NEW.post_id
        ON CONFLICT (source, target) DO UPDATE SET posts = rollup_sources.posts + 1,
          first_created_at = LEAST(rollup_sources.first_created_at, excluded.first_created_at),
          last_created_at = GREATEST(rollup_sources.last_created_at, excluded.last_created_at);
    END IF;
    RETURN NULL;
  END $$`.execute(db);
  await sql`CREATE TRIGGER rollup_sources_seen AFTER INSERT ON post_sources
    FOR EACH ROW EXECUTE FUNCTION rollup_sources_seen()`.execute(db);

  await sql`CREATE FUNCTION rollup_sources_unseen() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE created text;
  BEGIN
    SELECT p.created_at INTO created FROM posts p WHERE p.id = OLD.post_id AND p.deleted_at IS NULL;
    IF FOUND AND NOT EXISTS (SELECT 1 FROM post_sources o WHERE o.post_id = OLD.post_id
          AND o.source = OLD.source AND o.target = OLD.target) THEN
      UPDATE rollup_sources SET posts = posts - 1 WHERE source = OLD.source AND target = OLD.target;
      IF EXISTS (SELECT 1 FROM rollup_sources WHERE source = OLD.source AND target = OLD.target
            AND created IN (first_created_at, last_created_at)) THEN
        PERFORM rollup_sources_recount(OLD.source, OLD.target);
      END IF;
    END IF;
    RETURN NULL;
  END $$`.execute(db);
  await sql`CREATE TRIGGER rollup_sources_unseen AFTER DELETE ON post_sources
    FOR EACH ROW EXECUTE FUNCTION rollup_sources_unseen()`.execute(db);

  await sql`CREATE FUNCTION rollup_sources_post_gone() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE pair record;
  BEGIN
    FOR pair IN SELECT DISTINCT source, target FROM post_sources WHERE post_id = OLD.id LOOP
      UPDATE rollup_sources SET posts = posts - 1 WHERE source = pair.source AND target = pair.target;
      IF TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM rollup_sources WHERE source = pair.source
            AND target = pair.target AND OLD.created_at IN (first_created_at, last_created_at)) THEN
        PERFORM rollup_sources_recount(pair.source, pair.target);
      END IF;
    END LOOP;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NULL;
  END $$`.execute(db);
  await sql`CREATE TRIGGER rollup_sources_post_deleted AFTER UPDATE OF deleted_at ON posts
    FOR EACH ROW WHEN (OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL)
    EXECUTE FUNCTION rollup_sources_post_gone()`.execute(db);
  await sql`CREATE TRIGGER rollup_sources_post_removed BEFORE DELETE ON posts
    FOR EACH ROW WHEN (OLD.deleted_at IS NULL) EXECUTE FUNCTION rollup_sources_post_gone()`.execute(db);

  await sql`CREATE FUNCTION rollup_sources_post_removed_bounds() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE pair record;
  BEGIN
    FOR pair IN SELECT source, target FROM rollup_sources
        WHERE OLD.created_at IN (first_created_at, last_created_at) LOOP
      PERFORM rollup_sources_recount(pair.source, pair.target);
    END LOOP;
    RETURN NULL;
  END $$`.execute(db);
  await sql`CREATE TRIGGER rollup_sources_post_removed_bounds AFTER DELETE ON posts
    FOR EACH ROW WHEN (OLD.deleted_at IS NULL) EXECUTE FUNCTION rollup_sources_post_removed_bounds()`.execute(
    db,
  );

  await sql`INSERT INTO rollup_sources (source, target, posts, first_created_at, last_created_at)
    SELECT ps.source, ps.target, count(DISTINCT ps.post_id), min(p.created_at), max(p.created_at)
    FROM post_sources ps JOIN posts p ON p.id = ps.post_id
    WHERE p.deleted_at IS NULL GROUP BY ps.source, ps.target`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [t, table] of [
    ["rollup_sources_post_removed_bounds", "posts"],
    ["rollup_sources_post_removed", "posts"],
    ["rollup_sources_post_deleted", "posts"],
    ["rollup_sources_unseen", "post_sources"],
    ["rollup_sources_seen", "post_sources"],
  ] as const)
    await sql`DROP TRIGGER IF EXISTS ${sql.id(t)} ON ${sql.id(table)}`.execute(db);
  for (const f of [
    "rollup_sources_post_removed_bounds()",
    "rollup_sources_post_gone()",
    "rollup_sources_unseen()",
    "rollup_sources_seen()",
    "rollup_sources_recount(text, text)",
  ])
    await sql`DROP FUNCTION IF EXISTS ${sql.raw(f)}`.execute(db);
  await sql`DROP INDEX IF EXISTS post_sources_post_target`.execute(db);
  await sql`DROP TABLE IF EXISTS rollup_sources`.execute(db);
}
