import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect } from "kysely";
import {
  type Checkpointer,
  SAFETY_NET_PAGES,
  startCheckpointer,
  WAL_SIZE_LIMIT_BYTES,
} from "./checkpointer.ts";
import { migrationProvider } from "./migrations/index.ts";
import type { Database } from "./schema.ts";

export type DB = Kysely<Database>;

export interface OpenedDatabase {
  db: DB;
  /** The raw handle, for synchronous transactions in ingest and for backups. */
  sqlite: SQLite.Database;
  /** Refreshes the query planner's statistics where the data has changed (cheap when nothing has). */
  optimize(): void;
  close(): Promise<void>;
}

/**
 * Opens (creating if needed) the SQLite file, sets the pragmas every connection
 * needs and runs all pending migrations. `:memory:` gives a private database.
 */
export async function openDatabase(path: string): Promise<OpenedDatabase> {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  // WAL lets the dashboard read while a collector writes; the busy timeout
  // absorbs short lock waits between processes instead of failing at once.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  // A statement that may fail halfway (an upsert, an insert under a trigger or a foreign key) keeps
  // the pages it changes in a statement journal, spilled past 64 KiB into a temporary file: two
  // system calls per page, ~40 pages a post at ingest. In memory it holds one statement's pages at a
  // time. Sorts still spill to files (SQLite opens those regardless of this setting).
  sqlite.pragma("temp_store = MEMORY");
  // Checkpoints run in a worker thread, not in the thread that commits (checkpointer.ts).
  let checkpointer: Checkpointer | null = null;
  if (path !== ":memory:") {
    sqlite.pragma(`wal_autocheckpoint = ${SAFETY_NET_PAGES}`);
    sqlite.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
    checkpointer = startCheckpointer(path);
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  try {
    await migrate(db);
  } catch (err) {
    await checkpointer?.stop();
    await db.destroy();
    throw err;
  }
  // The planner needs statistics to choose an index (the rollups' window indexes, the engagement
  // index); without ANALYZE it guesses. A bounded sample keeps this to milliseconds at any size.
  sqlite.pragma("analysis_limit = 1000");
  const optimize = (mask?: string) => {
    try {
      sqlite.pragma(mask ? `optimize = ${mask}` : "optimize");
    } catch {
      // read-only or busy: the statistics wait for the next time
    }
  };
  optimize("0x10002");
  let closed = false;
  return {
    db,
    sqlite,
    optimize: () => optimize(),
    async close() {
      if (closed) return;
      closed = true;
      optimize();
      await checkpointer?.stop();
      await db.destroy(); // also closes the better-sqlite3 handle (the last connection: the WAL is folded in)
    },
  };
}

export async function migrate(db: DB): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    const cause = error instanceof Error ? error.message : String(error ?? "");
    throw new Error(`database migration ${failed?.migrationName ?? ""} failed: ${cause}`.trim());
  }
}

/**
 * Kysely prepares every query anew; SQLite's prepare is a measurable share of a
 * dashboard request. The dialect gets the same handle with `prepare` cached by
 * SQL text. Safe because Kysely runs a statement to completion (`all`/`run`)
 * before the next: nothing here streams with `iterate`, which would make a
 * shared statement busy (exports page through `listPosts` instead).
 */
function withStatementCache(sqlite: SQLite.Database): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  return new Proxy(sqlite, {
    get(target, key) {
      if (key === "prepare") {
        return (source: string) => {
          let stmt = cache.get(source);
          if (!stmt) {
            stmt = target.prepare(source);
            // Queries with IN-lists of varying length make new texts: keep the cache bounded.
            if (cache.size >= 1000) cache.clear();
            cache.set(source, stmt);
          }
          return stmt;
        };
      }
      const value = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
