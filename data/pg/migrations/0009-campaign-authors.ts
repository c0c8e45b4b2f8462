import { type Kysely, sql } from "kysely";

// Frozen: never edit a migration that has shipped; add a new numbered one instead.
//
// PostgreSQL twin of data/migrations/0009-campaign-authors.ts (rules: 0001-initial.ts).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE rollup_campaign_authors (
    family text COLLATE "C" NOT NULL, campaign text COLLATE "C" NOT NULL, scope text COLLATE "C" NOT NULL,
    platform text COLLATE "C" NOT NULL, lang text COLLATE "C" NOT NULL,
    author_id bigint NOT NULL, posts integer NOT NULL, max_followers integer NOT NULL,
    PRIMARY KEY (family, campaign, scope, platform, lang, author_id)
  )`.execute(db);
  await sql`CREATE INDEX rollup_campaign_authors_top
    ON rollup_campaign_authors (family, campaign, scope, lang, posts DESC, max_followers DESC)`.execute(db);
  await sql`CREATE TABLE rollup_campaign_totals (
    family text COLLATE "C" NOT NULL, campaign text COLLATE "C" NOT NULL, scope text COLLATE "C" NOT NULL,
    platform text COLLATE "C" NOT NULL, lang text COLLATE "C" NOT NULL,
    authors integer NOT NULL, unique_reach bigint NOT NULL,
    posts integer NOT NULL, potential_reach bigint NOT NULL, engagement bigint NOT NULL,
    positive integer NOT NULL, neutral integer NOT NULL, negative integer NOT NULL, sentiment_micros bigint NOT NULL,
    PRIMARY KEY (family, campaign, scope, platform, lang)
  )`.execute(db);
  await sql`ALTER TABLE rollup_state ADD COLUMN windows text COLLATE "C" NOT NULL DEFAULT '[]'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE rollup_state DROP COLUMN windows`.execute(db);
  await sql`DROP INDEX IF EXISTS rollup_campaign_authors_top`.execute(db);
  for (const t of ["rollup_campaign_totals", "rollup_campaign_authors"])
    await sql`DROP TABLE IF EXISTS ${sql.id(t)}`.execute(db);
}
