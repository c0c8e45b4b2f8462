import { existsSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import type { Logger } from "pino";
import { migrations } from "../../data/migrations/index.ts";
import { dbPathFromEnv, refuseDatabaseUrl } from "../runtime.ts";
import { UsageError } from "./usage-error.ts";

/** Pages per backup step: all of them, so the copy is one read snapshot (see below). */
const ALL_PAGES = 0x7fffffff;

/**
 * `npm run backup -- FILE [--force]`: a consistent copy of RESONANZ_DB made with
 * SQLite's online backup API while the server keeps running and collecting.
 * The copy is written next to FILE under a temporary name, checked, switched
 * to a single self-contained file (no -wal) and only then renamed to FILE: an
 * interrupted backup never leaves a half-written FILE. Prints one JSON line
 * {file, bytes, posts, seconds}. Exit 2 when FILE exists (without --force) or
 * there is no database to back up; 1 when the copy fails.
 */
export async function backupCommand(
  opts: { file: string | undefined; force?: boolean | undefined },
  env: NodeJS.ProcessEnv,
  log: Logger,
  out: (line: string) => void,
): Promise<number> {
  const started = Date.now();
  if (!opts.file) throw new UsageError("FILE is required: where to write the backup");
  const file = opts.file;
  // On PostgreSQL: pg_dump and pg_restore (README, Deployment), not a copy of a SQLite file.
  refuseDatabaseUrl(env);
  const source = dbPathFromEnv(env);
  if (!existsSync(source)) throw new UsageError(`no database at ${source} (RESONANZ_DB) to back up`);
  if (existsSync(file) && !opts.force)
    throw new UsageError(`${file} exists; choose another name or pass --force to replace it`);
  if (!existsSync(dirname(file)) || !statSync(dirname(file)).isDirectory())
    throw new UsageError(`the folder of ${file} does not exist`);

  const temp = `${file}.partial-${process.pid}`;
  // Read-only: a backup never writes to the live database, and works on one the disk refuses to grow.
  const db = new SQLite(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    // One step copies every page inside one read transaction: in WAL mode that
    // snapshot does not block the collectors' writes, and no write can make the
    // backup start over (which a page-by-page copy does when the source changes).
    await db.backup(temp, { progress: () => ALL_PAGES });
  } catch (err) {
    removeWithSidecars(temp);
    throw err;
  } finally {
    db.close();
  }
  try {
    const { posts } = finishCopy(temp);
    renameSync(temp, file);
    const bytes = statSync(file).size;
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    log.info({ source, file, bytes, posts }, "backup written");
    out(JSON.stringify({ file, bytes, posts, seconds }));
    return 0;
  } catch (err) {
    removeWithSidecars(temp);
    throw err;
  }
}

/**
 * Turns a fresh copy into one self-contained file (rollback journal instead of
 * WAL, so no -wal/-shm belongs to it) and checks it; returns its post count.
 */
function finishCopy(path: string): { posts: number } {
  const db = new SQLite(path, { fileMustExist: true });
  try {
    db.pragma("journal_mode = DELETE");
    const check = checkResonanzDatabase(db);
    if (check.problem) throw new Error(`the copy failed its check: ${check.problem}`);
    return { posts: check.posts };
  } finally {
    db.close();
  }
}

export interface DatabaseCheck {
  /** null when the file is an intact Resonanz database this version can open. */
  problem: string | null;
  posts: number;
  /** The newest migration applied to it. */
  migration: string | null;
}

/**
 * Is this an intact Resonanz database that this version can open? Checks
 * `PRAGMA integrity_check` and that every migration applied to it is one this
 * version knows (a backup from a newer version could not be opened safely).
 */
export function checkResonanzDatabase(db: SQLite.Database): DatabaseCheck {
  let integrity: string;
  try {
    integrity = String(db.pragma("integrity_check", { simple: true }));
  } catch (err) {
    return {
      problem: `not a readable SQLite database (${(err as Error).message})`,
      posts: 0,
      migration: null,
    };
  }
  if (integrity !== "ok") return { problem: `integrity_check: ${integrity}`, posts: 0, migration: null };
  const tables = new Set(
    db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map((t) => t.name),
  );
  if (!tables.has("kysely_migration") || !tables.has("posts"))
    return { problem: "not a Resonanz database (no posts or migration table)", posts: 0, migration: null };
  const applied = db
    .prepare<[], { name: string }>("SELECT name FROM kysely_migration ORDER BY name")
    .all()
    .map((m) => m.name);
  const unknown = applied.filter((name) => !(name in migrations));
  const migration = applied.at(-1) ?? null;
  if (unknown.length > 0)
    return {
      problem: `made by a newer Resonanz (migration ${unknown.join(", ")} unknown to this version)`,
      posts: 0,
      migration,
    };
  const posts = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM posts").get()?.n ?? 0;
  return { problem: null, posts, migration };
}

export function removeWithSidecars(path: string): void {
  for (const p of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) rmSync(p, { force: true });
}
