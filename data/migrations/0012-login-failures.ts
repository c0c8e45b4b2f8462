import { type Kysely, sql } from "kysely";

// Frozen: never edit a migration that has shipped; add a new numbered one instead.
//
// Failed logins per client, for the login limiter (server/access/rate-limit.ts).
// They were counted in memory, which is per process: behind a load balancer
// each web instance gave an attacker its own five guesses. In the database
// every instance counts the same failures. `key` is a keyed hash of the client
// address, never the address; rows older than the limiter's window are deleted
// as new ones come.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL,
    failed_at INTEGER NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX login_failures_key ON login_failures (key, failed_at)`.execute(db);
  await sql`CREATE INDEX login_failures_at ON login_failures (failed_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS login_failures`.execute(db);
}
