import { type Kysely, sql } from "kysely";

// Frozen: never edit a migration that has shipped; add a new numbered one instead.
//
// PostgreSQL twin of data/migrations/0013-lighter-ingest-indexes.ts (why: there).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX rollup_campaign_authors_top`.execute(db);
  await sql`CREATE INDEX rollup_campaign_authors_top
    ON rollup_campaign_authors (family, campaign, scope, lang, posts DESC, max_followers DESC)
    WHERE posts > 4`.execute(db);
  await sql`DROP INDEX posts_author`.execute(db);
  await sql`DROP INDEX post_sources_post`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX post_sources_post ON post_sources (post_id)`.execute(db);
  await sql`CREATE INDEX posts_author ON posts (author_id)`.execute(db);
  await sql`DROP INDEX rollup_campaign_authors_top`.execute(db);
  await sql`CREATE INDEX rollup_campaign_authors_top
    ON rollup_campaign_authors (family, campaign, scope, lang, posts DESC, max_followers DESC)`.execute(db);
}
