import { type Kysely, sql } from "kysely";

// Frozen: never edit a migration that has shipped; add a new numbered one instead.
//
// Distinct authors over a campaign's whole period, kept at ingest like the other
// rollups: the per-day author rows made a summary cost grow with the authors of
// the week (68 ms at 420,000 posts). For each campaign of a family: its authors
// per scope, platform and language (lang "*": any language, since one author may
// post in several), and the running totals the dashboard reads (distinct authors,
// unique reach, and the sums of the hourly rows: posts, reach, engagement, sentiment
// in millionths), so a whole campaign costs as much as one row per scope. `rollup_state.windows` records the campaign periods the rows were
// built for; when the config changes them, the family is rebuilt.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE rollup_campaign_authors (
    family TEXT NOT NULL, campaign TEXT NOT NULL, scope TEXT NOT NULL, platform TEXT NOT NULL, lang TEXT NOT NULL,
    author_id INTEGER NOT NULL, posts INTEGER NOT NULL, max_followers INTEGER NOT NULL,
    PRIMARY KEY (family, campaign, scope, platform, lang, author_id)
  ) WITHOUT ROWID`.execute(db);
  // The most active authors of a campaign and scope, from the top.
  await sql`CREATE INDEX rollup_campaign_authors_top
    ON rollup_campaign_authors (family, campaign, scope, lang, posts DESC, max_followers DESC)`.execute(db);
  await sql`CREATE TABLE rollup_campaign_totals (
    family TEXT NOT NULL, campaign TEXT NOT NULL, scope TEXT NOT NULL, platform TEXT NOT NULL, lang TEXT NOT NULL,
    authors INTEGER NOT NULL, unique_reach INTEGER NOT NULL,
    posts INTEGER NOT NULL, potential_reach INTEGER NOT NULL, engagement INTEGER NOT NULL,
    positive INTEGER NOT NULL, neutral INTEGER NOT NULL, negative INTEGER NOT NULL, sentiment_micros INTEGER NOT NULL,
    PRIMARY KEY (family, campaign, scope, platform, lang)
  ) WITHOUT ROWID`.execute(db);
  await sql`ALTER TABLE rollup_state ADD COLUMN windows TEXT NOT NULL DEFAULT '[]'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE rollup_state DROP COLUMN windows`.execute(db);
  await sql`DROP INDEX IF EXISTS rollup_campaign_authors_top`.execute(db);
  for (const t of ["rollup_campaign_totals", "rollup_campaign_authors"])
    await db.schema.dropTable(t).ifExists().execute();
}
