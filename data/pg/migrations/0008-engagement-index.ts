import { type Kysely, sql } from "kysely";

// Frozen: never edit a migration that has shipped; add a new numbered one instead.
//
// The most engaging posts (overview, cluster page, week report) were found by
// sorting every post of the window: 1.3 s at 420,000 posts. Walking this index
// from the top stops after the first posts that pass the filters. The
// expression is spelled exactly as the queries order by it (data/queries/insights.ts); PostgreSQL twin of
// data/migrations/0008-engagement-index.ts.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX posts_engagement ON posts ((likes + reposts + replies + quotes) DESC, created_at DESC, id DESC)
    WHERE deleted_at IS NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS posts_engagement`.execute(db);
}
