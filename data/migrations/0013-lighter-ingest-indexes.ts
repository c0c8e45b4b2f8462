import { type Kysely, sql } from "kysely";

// Frozen: never edit a migration that has shipped; add a new numbered one instead.
//
// Less index work per stored post (measured at 1M posts, README "Performance"):
// - The top-authors index holds only authors with five posts or more in the campaign
//   (about one row in twenty). An entry moves whenever its count changes, at a random
//   place: over every row, that was the largest share of the pages an ingest batch
//   wrote at 1M posts; from two posts up it still cost ~20 % of the store's time, from
//   five up ~5 %. data/queries/campaign-totals.ts ranks from the table when fewer than
//   the asked number of authors posted five times (a scope's rows: a few thousand at 1M).
// - posts_author and post_sources_post are the leading column of posts_author_created
//   and post_sources_post_target: each lookup (and each foreign-key check) can use
//   those, and nothing needs their own copy.
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
