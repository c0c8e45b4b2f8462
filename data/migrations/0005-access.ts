import { type Kysely, sql } from "kysely";

// Frozen: never edit a migration that has shipped; add a new numbered one instead.
//
// Access control (server/access/): login sessions, share links, the audit log
// of admin actions and the server secret when none comes from the environment.
// Neither a session token nor a share-link token is stored: only its SHA-256,
// so a copy of the database does not let anyone in.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE share_links (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    campaign TEXT NOT NULL,
    cluster TEXT,
    label TEXT,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT,
    created_by TEXT NOT NULL
  )`.execute(db);

  await sql`CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('admin', 'viewer', 'share')),
    share_link_id INTEGER REFERENCES share_links (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    CHECK ((role = 'share') = (share_link_id IS NOT NULL))
  )`.execute(db);
  await sql`CREATE INDEX sessions_expires ON sessions (expires_at)`.execute(db);

  await sql`CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT,
    outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'failed', 'denied')),
    detail TEXT
  )`.execute(db);
  await sql`CREATE INDEX audit_log_at ON audit_log (at)`.execute(db);

  await sql`CREATE TABLE access_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("access_settings").ifExists().execute();
  await sql`DROP INDEX IF EXISTS audit_log_at`.execute(db);
  await db.schema.dropTable("audit_log").ifExists().execute();
  await sql`DROP INDEX IF EXISTS sessions_expires`.execute(db);
  await db.schema.dropTable("sessions").ifExists().execute();
  await db.schema.dropTable("share_links").ifExists().execute();
}
