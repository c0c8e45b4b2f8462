import { type Kysely, sql } from "kysely";

// Frozen: never edit a migration that has shipped; add a new numbered one instead.
//
// PostgreSQL twin of data/migrations/0007-rollup-indexes.ts: the all-scopes
// views seek the time window first.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX rollup_hours_window ON rollup_hours (family, hour, scope)`.execute(db);
  await sql`CREATE INDEX rollup_authors_window ON rollup_authors (family, day, scope)`.execute(db);
  await sql`CREATE INDEX rollup_tags_window ON rollup_tags (family, day, scope)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const i of ["rollup_tags_window", "rollup_authors_window", "rollup_hours_window"])
    await sql`DROP INDEX IF EXISTS ${sql.id(i)}`.execute(db);
}
