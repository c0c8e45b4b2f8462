import { Kysely, type MigrationProvider, Migrator, PostgresDialect, sql } from "kysely";
import pg from "pg";
import type { Database } from "../schema.ts";
import { pgMigrationProvider } from "./migrations/index.ts";
import { numericTypes } from "./types.ts";

export interface OpenedPostgres {
  db: Kysely<Database>;
  /** The pool under `db`: the leader lock (leader-lock.ts) holds one of its connections. */
  pool: pg.Pool;
  close(): Promise<void>;
}

export interface OpenPostgresOptions {
  /** Connections in the pool (default 10); a held leader lock occupies one for good. */
  max?: number;
  /** Shown in pg_stat_activity, e.g. "resonanz web" or "resonanz worker". */
  applicationName?: string;
  /**
   * An idle pooled connection failed (server restart, network): the pool has
   * already dropped it and the next query opens a new one. Without a listener
   * pg would crash the process, so the default ignores it.
   */
  onIdleError?: (err: Error) => void;
}

/**
 * Connects to PostgreSQL at `url` (postgres://user:password@host:port/db),
 * checks the database can hold German text and runs all pending migrations.
 * Several processes may start at once: Kysely's migrator serialises them with
 * an advisory lock, and PostgreSQL runs the whole migration in one transaction,
 * so a failed one leaves nothing half-made.
 */
export async function openPostgres(url: string, options: OpenPostgresOptions = {}): Promise<OpenedPostgres> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    types: numericTypes,
    application_name: options.applicationName ?? "resonanz",
    connectionTimeoutMillis: 10_000,
    // Notice a dead server or a cut network on idle connections (and on a held lock's).
    keepAlive: true,
  });
  pool.on("error", options.onIdleError ?? (() => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const close = once(async () => {
    await db.destroy();
    // destroy() ends the pool only when Kysely has used it.
    if (!pool.ended) await pool.end();
  });
  try {
    await checkEncoding(db);
    await migratePostgres(db);
  } catch (err) {
    await close();
    throw err;
  }
  return { db, pool, close };
}

/** Runs the pending PostgreSQL migrations; the error names the one that failed, like data/db.ts does. */
export async function migratePostgres(
  db: Kysely<Database>,
  provider: MigrationProvider = pgMigrationProvider,
): Promise<void> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    const cause = error instanceof Error ? error.message : String(error ?? "");
    const name = failed ? ` ${failed.migrationName}` : "";
    throw new Error(`PostgreSQL migration${name} failed: ${cause}`);
  }
}

/**
 * Post texts are German with umlauts and emoji: a SQL_ASCII database (initdb
 * without a locale) stores the bytes but lower-cases and stems them wrongly.
 */
async function checkEncoding(db: Kysely<Database>): Promise<void> {
  const { rows } = await sql<{
    encoding: string;
  }>`SELECT current_setting('server_encoding') AS encoding`.execute(db);
  const encoding = rows[0]?.encoding;
  if (encoding !== "UTF8")
    throw new Error(
      `PostgreSQL database uses encoding ${encoding}; Resonanz needs UTF8 (CREATE DATABASE … ENCODING 'UTF8' TEMPLATE template0)`,
    );
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => {
    done ??= fn();
    return done;
  };
}
