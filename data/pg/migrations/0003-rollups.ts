import { type Kysely, sql } from "kysely";

// Frozen: never edit a migration that has shipped; add a new numbered one instead.
//
// PostgreSQL twin of data/migrations/0003-rollups.ts (rules: 0001-initial.ts).
// SQLite's WITHOUT ROWID has no counterpart: these are plain heap tables with a
// primary key. Reach and engagement are sums of follower and interaction counts
// over an hour: `bigint`, they can pass 2^31 where a single count does not.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE rollup_hours (
    family text COLLATE "C" NOT NULL, scope text COLLATE "C" NOT NULL, hour text COLLATE "C" NOT NULL,
    platform text COLLATE "C" NOT NULL, lang text COLLATE "C" NOT NULL,
    posts integer NOT NULL, potential_reach bigint NOT NULL, engagement bigint NOT NULL,
    positive integer NOT NULL, neutral integer NOT NULL, negative integer NOT NULL,
    sentiment_sum double precision NOT NULL,
    PRIMARY KEY (family, scope, hour, platform, lang)
  )`.execute(db);
  await sql`CREATE TABLE rollup_authors (
    family text COLLATE "C" NOT NULL, scope text COLLATE "C" NOT NULL, day text COLLATE "C" NOT NULL,
    platform text COLLATE "C" NOT NULL, lang text COLLATE "C" NOT NULL,
    author_id bigint NOT NULL, posts integer NOT NULL, max_followers integer NOT NULL,
    PRIMARY KEY (family, scope, day, platform, lang, author_id)
  )`.execute(db);
  await sql`CREATE TABLE rollup_tags (
    family text COLLATE "C" NOT NULL, scope text COLLATE "C" NOT NULL, day text COLLATE "C" NOT NULL,
    platform text COLLATE "C" NOT NULL, lang text COLLATE "C" NOT NULL,
    tag text COLLATE "C" NOT NULL, posts integer NOT NULL,
    PRIMARY KEY (family, scope, day, platform, lang, tag)
  )`.execute(db);
  await sql`CREATE TABLE rollup_state (
    family text COLLATE "C" PRIMARY KEY, built_up_to bigint, updated_at text COLLATE "C" NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX posts_author_created ON posts (author_id, created_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS posts_author_created`.execute(db);
  for (const t of ["rollup_state", "rollup_tags", "rollup_authors", "rollup_hours"])
    await sql`DROP TABLE IF EXISTS ${sql.id(t)}`.execute(db);
}
