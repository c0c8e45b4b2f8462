import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/**
 * Moves SQLite's WAL checkpoints off the main thread. By default the
 * connection that commits checkpoints every 1,000 pages, and a checkpoint
 * fsyncs: the writer (a collector, and in `npm start` the same thread that
 * answers HTTP) waits on the disk. Measured on this project's benchmark that
 * wait was a third of ingest time at 40,000 posts and grew with the database.
 *
 * A worker thread with its own connection runs PASSIVE checkpoints (they never
 * block readers or writers) every `intervalMs`; the main connection keeps an
 * automatic checkpoint only as a far safety net (`SAFETY_NET_PAGES`), for when
 * the worker cannot keep up or is gone.
 */
export interface Checkpointer {
  /** Checkpoints once more and stops the worker. */
  stop(): Promise<void>;
}

/**
 * The main connection's own checkpoint threshold while a worker runs (pages of
 * 4 KiB: 400 MiB). Under a sustained bulk write the worker's PASSIVE
 * checkpoints never catch up with the end of the log, so the WAL only starts
 * over when the writer checkpoints itself here. At 20,000 pages that happened
 * every few hundred posts at 1M posts and cost a third of ingest time; a longer
 * log also lets a page written many times (a rollup row's) reach the file once.
 */
export const SAFETY_NET_PAGES = 100_000;

/** The WAL file is cut back to this once it starts over, so a bulk write's long log does not keep its disk space. */
export const WAL_SIZE_LIMIT_BYTES = 64 * 2 ** 20;

// Plain JavaScript, evaluated as the worker's source: no loader needed in the thread (tsx, Vitest).
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.betterSqlite3);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma("busy_timeout = 1000");
const checkpoint = () => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message || err) });
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on("message", (m) => {
  if (m === "stop") {
    clearInterval(timer);
    checkpoint();
    db.close();
    parentPort.postMessage("stopped");
  }
});
`;

export function startCheckpointer(
  path: string,
  opts: { intervalMs?: number; onError?: (message: string) => void } = {},
): Checkpointer {
  const betterSqlite3 = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { path, betterSqlite3, intervalMs: opts.intervalMs ?? 1000 },
    // The worker must not keep a finished command alive.
  });
  worker.unref();
  worker.on("message", (m: unknown) => {
    if (m && typeof m === "object" && "error" in m) opts.onError?.(String((m as { error: unknown }).error));
  });
  worker.on("error", (err) => opts.onError?.(err.message));
  let stopped: Promise<void> | null = null;
  return {
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          void worker.terminate().finally(resolve);
        };
        // A worker that does not answer within 5 s (a long checkpoint) is terminated anyway.
        const timer = setTimeout(done, 5000);
        worker.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        worker.once("message", (m) => {
          if (m === "stopped") done();
        });
        worker.postMessage("stop");
      });
      return stopped;
    },
  };
}
