import { existsSync, renameSync, rmSync, statSync } from "node:fs";
import SQLite from "better-sqlite3";
import type { Logger } from "pino";
import { openDatabase } from "../../data/db.ts";
import { dbPathFromEnv, refuseDatabaseUrl } from "../runtime.ts";
import { checkResonanzDatabase, removeWithSidecars } from "./backup.ts";
import { UsageError } from "./usage-error.ts";

/**
 * `npm run restore -- FILE`: replaces RESONANZ_DB by the backup FILE, safely.
 * 1. FILE must pass `PRAGMA integrity_check` and carry only migrations this
 *    version knows; otherwise nothing is touched (exit 2).
 * 2. The current database must not be open in another process (a running
 *    server): restore takes SQLite's exclusive lock on it and stops if it can't.
 * 3. The current database is checkpointed (its -wal folded in) and kept as
 *    RESONANZ_DB.before-restore (a timestamp is added if that name is taken).
 * 4. FILE is copied with the backup API to a temporary name beside RESONANZ_DB,
 *    renamed into place, and opened once to apply newer migrations.
 * Prints one JSON line {file, from, posts, migration, previous, seconds}.
 */
export async function restoreCommand(
  opts: { file: string | undefined },
  env: NodeJS.ProcessEnv,
  log: Logger,
  out: (line: string) => void,
): Promise<number> {
  const started = Date.now();
  if (!opts.file) throw new UsageError("FILE is required: the backup to restore");
  const from = opts.file;
  // On PostgreSQL: pg_dump and pg_restore (README, Deployment), not a copy of a SQLite file.
  refuseDatabaseUrl(env);
  const target = dbPathFromEnv(env);
  if (!existsSync(from)) throw new UsageError(`no backup at ${from}`);

  const temp = `${target}.restoring-${process.pid}`;
  const backup = new SQLite(from, { readonly: true, fileMustExist: true });
  try {
    const check = checkResonanzDatabase(backup);
    if (check.problem) throw new UsageError(`${from} cannot be restored: ${check.problem}`);
    // Through the backup API rather than a file copy: a backup that carries a
    // -wal of its own is copied with it, as one consistent snapshot.
    await backup.backup(temp, { progress: () => 0x7fffffff });
  } catch (err) {
    removeWithSidecars(temp);
    throw err;
  } finally {
    backup.close();
  }

  let previous: string | null = null;
  try {
    if (existsSync(target)) {
      previous = setAside(target);
      log.info({ previous }, "current database kept");
    }
    renameSync(temp, target);
  } catch (err) {
    removeWithSidecars(temp);
    throw err;
  }
  // Brings an older backup up to this version's schema, in WAL mode as every start expects.
  const restored = await openDatabase(target);
  let posts: number;
  let migration: string | null;
  try {
    const check = checkResonanzDatabase(restored.sqlite);
    if (check.problem) throw new Error(`the restored database failed its check: ${check.problem}`);
    posts = check.posts;
    migration = check.migration;
  } finally {
    await restored.close();
  }
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  out(JSON.stringify({ file: target, from, posts, migration, previous, seconds }));
  return 0;
}

/**
 * Moves the current database out of the way, refusing while another process
 * has it open: SQLite's exclusive locking mode needs every other connection to
 * be closed, in WAL mode too, so a running `npm start` makes this fail at once.
 */
function setAside(target: string): string {
  const db = new SQLite(target, { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 0");
    db.pragma("locking_mode = EXCLUSIVE");
    try {
      db.exec("BEGIN EXCLUSIVE; COMMIT");
    } catch (err) {
      if ((err as { code?: string }).code?.startsWith("SQLITE_BUSY"))
        throw new UsageError(`${target} is in use by another process: stop the server first, then restore`);
      throw err;
    }
    // Fold the -wal into the file, so the set-aside copy is complete on its own.
    db.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    db.close();
  }
  let previous = `${target}.before-restore`;
  if (existsSync(previous)) previous = `${previous}-${new Date().toISOString().replace(/[:.]/g, "-")}`;
  renameSync(target, previous);
  // Sidecars of the old file would be read as belonging to the restored one. After the
  // checkpoint the -wal is empty and the -shm only an index of it: both can go.
  const wal = `${target}-wal`;
  if (existsSync(wal) && statSync(wal).size > 0) {
    renameSync(wal, `${previous}-wal`); // not expected after TRUNCATE; kept rather than lost
    if (existsSync(`${target}-shm`)) renameSync(`${target}-shm`, `${previous}-shm`);
  }
  rmSync(wal, { force: true });
  rmSync(`${target}-shm`, { force: true });
  return previous;
}
