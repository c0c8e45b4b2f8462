import type { Logger } from "pino";
import type { Awaitable, Collector, CollectorStore, SourceResult } from "../collectors/types.ts";

/** What is wrong with the database file, as far as a writer can tell. */
export type StorageProblem = "full" | "read-only" | "io" | "busy" | "damaged" | "cannot-open";

/**
 * A write the database refused for a reason outside the program: a full disk,
 * a read-only file or file system, an I/O error. Its message is written for
 * the person running the server (German / English, no stack), because it is
 * what the sources page and `npm run collect` show for the failed run.
 */
export class StorageError extends Error {
  override name = "StorageError";
  constructor(
    readonly problem: StorageProblem,
    /** SQLite's result code, e.g. SQLITE_FULL or SQLITE_READONLY_DBMOVED. */
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const TEXT: Record<StorageProblem, string> = {
  full: "Datenbank voll / database full: the disk or the database size limit is reached; nothing of this batch was stored",
  "read-only":
    "Datenbank schreibgeschützt / database is read-only: the file or its file system refuses writes; nothing was stored",
  io: "Speicherfehler / storage I/O error: the database file could not be written; nothing of this batch was stored",
  busy: "Datenbank belegt / database busy: another process held the write lock longer than the busy timeout",
  damaged: "Datenbank beschädigt / database damaged: run PRAGMA integrity_check and restore a backup",
  "cannot-open": "Datenbank nicht erreichbar / cannot open the database file",
};

/**
 * The storage fault behind an error, or null for anything else (a constraint
 * violation is a bug and keeps its own message and stack). better-sqlite3's
 * SqliteError carries SQLite's extended result code as `code`.
 */
export function storageErrorOf(err: unknown): StorageError | null {
  if (err instanceof StorageError) return err;
  const code = typeof err === "object" && err !== null ? (err as { code?: unknown }).code : undefined;
  if (typeof code !== "string" || !code.startsWith("SQLITE_")) return null;
  const problem = problemOf(code);
  return problem ? new StorageError(problem, code, `${TEXT[problem]} (${code})`, { cause: err }) : null;
}

function problemOf(code: string): StorageProblem | null {
  // A full disk surfaces as SQLITE_FULL; so does PRAGMA max_page_count being reached.
  if (code === "SQLITE_FULL") return "full";
  if (code.startsWith("SQLITE_READONLY")) return "read-only";
  if (code.startsWith("SQLITE_IOERR")) return "io";
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) return "busy";
  if (code.startsWith("SQLITE_CORRUPT") || code === "SQLITE_NOTADB") return "damaged";
  if (code.startsWith("SQLITE_CANTOPEN")) return "cannot-open";
  return null;
}

export interface BackoffOptions {
  /** First pause after a storage failure (default one minute), doubled per further failure. */
  baseMs?: number;
  /** Longest pause (default 30 minutes). */
  maxMs?: number;
  now?: () => number;
}

export interface StorageGuard {
  /** The store for collectors: storage faults come out as StorageError, and start the pause. */
  readonly store: CollectorStore;
  /** A collector whose runs are skipped during the pause and end with a readable result on a storage fault. */
  wrap(collector: Collector): Collector;
  /** The current pause: the failure behind it and when collection is tried again; null when storage is fine. */
  pause(): { error: StorageError; failures: number; retryAt: number } | null;
}

/**
 * Storage is shared by every collector, so one storage fault pauses them all:
 * a full or read-only database would otherwise have each scheduled run fetch a
 * page from every source only to fail storing it, burning the sources' rate
 * limits and filling the log. The pause doubles per consecutive failure (1, 2,
 * 4 … 30 minutes by default) and ends with the first batch stored again.
 */
export function guardStorage(inner: CollectorStore, log: Logger, opts: BackoffOptions = {}): StorageGuard {
  const baseMs = opts.baseMs ?? 60_000;
  const maxMs = opts.maxMs ?? 30 * 60_000;
  const now = opts.now ?? Date.now;
  let failed: { error: StorageError; failures: number; retryAt: number } | null = null;

  function fail(error: StorageError): StorageError {
    // Further faults while paused (the run's own bookkeeping failing too) are the same outage.
    if (failed && now() < failed.retryAt) return error;
    const failures = (failed?.failures ?? 0) + 1;
    const retryAt = now() + Math.min(baseMs * 2 ** (failures - 1), maxMs);
    failed = { error, failures, retryAt };
    log.error(
      { code: error.code, failures, retryAt: new Date(retryAt).toISOString() },
      `${error.message}; collectors pause until the retry time`,
    );
    return error;
  }

  /** Calls the real store; a storage fault becomes a StorageError and starts (or lengthens) the pause. */
  async function call<T>(fn: () => Awaitable<T>, wrote = false): Promise<T> {
    let value: T;
    try {
      value = await fn();
    } catch (err) {
      const storage = storageErrorOf(err);
      throw storage ? fail(storage) : err;
    }
    if (wrote && failed) {
      log.info({ after: failed.failures }, "storage writable again; collectors resume");
      failed = null;
    }
    return value;
  }

  function pausedError(): StorageError | null {
    if (!failed || now() >= failed.retryAt) return null;
    const until = new Date(failed.retryAt).toISOString();
    return new StorageError(
      failed.error.problem,
      failed.error.code,
      `${failed.error.message}; collection paused until ${until}`,
    );
  }

  const store: CollectorStore = {
    ingestBatch: (batch) => call(() => inner.ingestBatch(batch), true),
    getCursor: (source, target) => call(() => inner.getCursor(source, target)),
    markDeleted: (uids) => call(() => inner.markDeleted(uids)),
    refreshCandidates: (q) => call(() => inner.refreshCandidates(q)),
    touchRefreshed: (uids) => call(() => inner.touchRefreshed(uids)),
    // Every target's run starts here: during the pause the remaining targets are not tried.
    startRun: (source, target) => {
      const paused = pausedError();
      if (paused) return Promise.reject(paused);
      return call(() => inner.startRun(source, target));
    },
    finishRun: (runId, status, totals, error) =>
      call(() => inner.finishRun(runId, status, totals, error), status === "ok"),
    progressRun: async (runId, totals) => {
      // Called from a timer: a storage fault here is the pause's business, not the run's.
      try {
        await call(() => inner.progressRun(runId, totals));
      } catch (err) {
        if (!storageErrorOf(err)) throw err;
      }
    },
    reattribute: (afterId, limit) => call(() => inner.reattribute(afterId, limit)),
  };

  function result(source: string, error: string): SourceResult {
    return { source, fetched: 0, inserted: 0, updated: 0, failed: 1, error };
  }

  return {
    store,
    pause: () => failed,
    wrap(collector) {
      return {
        source: collector.source,
        async run(signal) {
          const paused = pausedError();
          if (paused) {
            log.debug({ source: collector.source }, "storage pause: run skipped");
            return result(collector.source, paused.message);
          }
          try {
            return await collector.run(signal);
          } catch (err) {
            const storage = storageErrorOf(err);
            if (!storage) throw err;
            // Logged once by fail(); the run row holds the message when the database could
            // still take it (a full one usually can), and `collect` prints it either way.
            return result(collector.source, storage.message);
          }
        },
      };
    },
  };
}
