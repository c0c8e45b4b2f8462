import { type Kysely, sql } from "kysely";

// Frozen: never edit a migration that has shipped; add a new numbered one instead.
//
// GDPR (data/privacy/): retention removes the text and identity of old posts
// but keeps the rows the aggregates are made of, so both posts and authors
// note when that happened; an erasure (Art. 17) flags archived reports that
// covered the author's posts until they are made again, and is logged with a
// keyed hash of the handle, never the handle itself.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE posts ADD COLUMN redacted_at TEXT`.execute(db);
  await sql`ALTER TABLE authors ADD COLUMN redacted_at TEXT`.execute(db);
  await sql`ALTER TABLE reports ADD COLUMN erasure_pending_at TEXT`.execute(db);
  // Posts deleted at the source are purged after a grace period: find them without a scan.
  await sql`CREATE INDEX posts_deleted_at ON posts (deleted_at) WHERE deleted_at IS NOT NULL`.execute(db);
  await sql`CREATE TABLE erasure_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    erased_at TEXT NOT NULL,
    platform TEXT,
    handle_hash TEXT NOT NULL,
    posts INTEGER NOT NULL,
    authors INTEGER NOT NULL,
    reports_flagged INTEGER NOT NULL,
    reports_regenerated INTEGER NOT NULL DEFAULT 0,
    "trigger" TEXT NOT NULL CHECK ("trigger" IN ('cli', 'http', 'api'))
  )`.execute(db);
  await sql`CREATE INDEX erasure_log_hash ON erasure_log (handle_hash)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS erasure_log`.execute(db);
  await sql`DROP INDEX IF EXISTS posts_deleted_at`.execute(db);
  await sql`ALTER TABLE reports DROP COLUMN erasure_pending_at`.execute(db);
  await sql`ALTER TABLE authors DROP COLUMN redacted_at`.execute(db);
  await sql`ALTER TABLE posts DROP COLUMN redacted_at`.execute(db);
}
