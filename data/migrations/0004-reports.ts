import { type Kysely, sql } from "kysely";

// Frozen: never edit a migration that has shipped; add a new numbered one instead.
//
// The report archive: every generated report (scheduled digest and final
// report, or one requested on the reports page) is kept as a file under the
// archive directory; this table says what it is and how to verify it. A row
// with status 'failed' records a generation that did not produce a file.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('digest', 'final', 'manual')),
    campaign TEXT NOT NULL,
    lang TEXT NOT NULL CHECK (lang IN ('de', 'en')),
    period_from TEXT NOT NULL,
    period_to TEXT NOT NULL,
    file TEXT,
    bytes INTEGER,
    sha256 TEXT,
    created_at TEXT NOT NULL,
    "trigger" TEXT NOT NULL CHECK ("trigger" IN ('schedule', 'request')),
    status TEXT NOT NULL CHECK (status IN ('archived', 'failed')),
    error TEXT,
    mail_status TEXT CHECK (mail_status IN ('sent', 'failed')),
    mail_error TEXT,
    mailed_at TEXT,
    CHECK (status <> 'archived' OR (file IS NOT NULL AND bytes IS NOT NULL AND sha256 IS NOT NULL))
  )`.execute(db);
  // A scheduled report exists at most once per campaign, kind, period and
  // language: the job checks first, and this holds even if two processes race.
  await sql`CREATE UNIQUE INDEX reports_scheduled_once
    ON reports (campaign, kind, period_from, period_to, lang)
    WHERE "trigger" = 'schedule' AND status = 'archived'`.execute(db);
  await sql`CREATE INDEX reports_campaign_created ON reports (campaign, created_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS reports_campaign_created`.execute(db);
  await sql`DROP INDEX IF EXISTS reports_scheduled_once`.execute(db);
  await db.schema.dropTable("reports").ifExists().execute();
}
