import { type Kysely, sql } from "kysely";

// Frozen: never edit a migration that has shipped; add a new numbered one instead.
//
// PostgreSQL twin of data/migrations/0002-attribution.ts (rules: 0001-initial.ts).
// `clusters.states` stays a JSON list in `text`, as in SQLite: read it with
// `json_array_elements_text(states::json)` where SQLite says `json_each(states)`.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE clusters (
    id text COLLATE "C" PRIMARY KEY,
    name text COLLATE "C" NOT NULL,
    short_name text COLLATE "C",
    states text COLLATE "C" NOT NULL DEFAULT '[]',
    updated_at text COLLATE "C" NOT NULL
  )`.execute(db);

  await sql`CREATE TABLE post_clusters (
    post_id bigint NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    cluster_id text COLLATE "C" NOT NULL,
    matched_by text COLLATE "C" NOT NULL,
    CONSTRAINT post_clusters_pk PRIMARY KEY (post_id, cluster_id)
  )`.execute(db);
  await sql`CREATE INDEX post_clusters_cluster ON post_clusters (cluster_id, post_id)`.execute(db);

  // "start" and "end" are quoted: END is a reserved word in PostgreSQL (Kysely quotes every identifier).
  await sql`CREATE TABLE events (
    id text COLLATE "C" PRIMARY KEY,
    title text COLLATE "C" NOT NULL,
    "start" text COLLATE "C" NOT NULL,
    "end" text COLLATE "C" NOT NULL,
    city text COLLATE "C",
    state text COLLATE "C",
    cluster_id text COLLATE "C",
    hashtag text COLLATE "C"
  )`.execute(db);

  await sql`CREATE TABLE post_events (
    post_id bigint NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    event_id text COLLATE "C" NOT NULL,
    CONSTRAINT post_events_pk PRIMARY KEY (post_id, event_id)
  )`.execute(db);
  await sql`CREATE INDEX post_events_event ON post_events (event_id, post_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["post_events", "events", "post_clusters", "clusters"])
    await sql`DROP TABLE IF EXISTS ${sql.id(t)}`.execute(db);
}
