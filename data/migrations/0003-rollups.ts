import { type Kysely, sql } from "kysely";

// Frozen: never edit a migration that has shipped; add a new numbered one instead.
//
// Hourly rollups (DESIGN.md): dashboard and report queries read these, so their
// cost grows with buckets, not posts. A "family" is a campaign's hashtags and
// timezone (campaigns sharing both share rows); "scope" is "" (all posts),
// "c:<cluster>", "s:<Land>" or "e:<event>"; lang "" stands for "not known".
// Distinct authors and hashtags need their members: those are kept per local day.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE rollup_hours (
    family TEXT NOT NULL, scope TEXT NOT NULL, hour TEXT NOT NULL, platform TEXT NOT NULL, lang TEXT NOT NULL,
    posts INTEGER NOT NULL, potential_reach INTEGER NOT NULL, engagement INTEGER NOT NULL,
    positive INTEGER NOT NULL, neutral INTEGER NOT NULL, negative INTEGER NOT NULL,
    sentiment_sum REAL NOT NULL,
    PRIMARY KEY (family, scope, hour, platform, lang)
  ) WITHOUT ROWID`.execute(db);
  await sql`CREATE TABLE rollup_authors (
    family TEXT NOT NULL, scope TEXT NOT NULL, day TEXT NOT NULL, platform TEXT NOT NULL, lang TEXT NOT NULL,
    author_id INTEGER NOT NULL, posts INTEGER NOT NULL, max_followers INTEGER NOT NULL,
    PRIMARY KEY (family, scope, day, platform, lang, author_id)
  ) WITHOUT ROWID`.execute(db);
  await sql`CREATE TABLE rollup_tags (
    family TEXT NOT NULL, scope TEXT NOT NULL, day TEXT NOT NULL, platform TEXT NOT NULL, lang TEXT NOT NULL,
    tag TEXT NOT NULL, posts INTEGER NOT NULL,
    PRIMARY KEY (family, scope, day, platform, lang, tag)
  ) WITHOUT ROWID`.execute(db);
  // Which families are complete, and how far a rebuild has come (post id).
  await sql`CREATE TABLE rollup_state (
    family TEXT PRIMARY KEY, built_up_to INTEGER, updated_at TEXT NOT NULL
  )`.execute(db);
  // Posts of one author on one day: recomputing a distinct-author row after a removal.
  await sql`CREATE INDEX posts_author_created ON posts (author_id, created_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS posts_author_created`.execute(db);
  for (const t of ["rollup_state", "rollup_tags", "rollup_authors", "rollup_hours"])
    await db.schema.dropTable(t).ifExists().execute();
}
