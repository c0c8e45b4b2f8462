import type { Logger } from "pino";
import type { Awaitable, CollectorStore, RunTotals } from "../collectors/types.ts";

export interface BatchedJob {
  /** Recorded as a run under this source and target (the sources page shows it). */
  source: string;
  target: string;
  /** For log lines: what is being done. */
  label: string;
  /** One batch, one transaction: posts looked at, posts changed, and whether all is done. */
  step(): Awaitable<{ done: number; changed: number; finished: boolean }>;
}

/**
 * Runs a job over all stored posts in batches, in the background: the event
 * loop is yielded between batches so the dashboard keeps answering. Progress
 * is a recorded run whose totals grow as it goes, and a log line every 20
 * batches; a stop (shutdown) records the run as aborted.
 */
export async function runBatchedJob(
  store: CollectorStore,
  job: BatchedJob,
  deps: { log: Logger; signal: AbortSignal },
): Promise<"done" | "aborted"> {
  const runId = await store.startRun(job.source, job.target);
  const totals: RunTotals = { fetched: 0, inserted: 0, updated: 0, rateLimitWaitMs: 0 };
  for (let batch = 1; ; batch++) {
    if (deps.signal.aborted) {
      await store.finishRun(runId, "aborted", totals, `stopped before ${job.label} was finished`);
      deps.log.info({ posts: totals.fetched }, `${job.label}: stopped, continues at the next start`);
      return "aborted";
    }
    let r: Awaited<ReturnType<BatchedJob["step"]>>;
    try {
      r = await job.step();
    } catch (err) {
      // Recorded as failed (not left "running" for ever on the sources page), then passed on.
      await store.finishRun(runId, "failed", totals, err instanceof Error ? err.message : String(err));
      throw err;
    }
    totals.fetched += r.done;
    totals.updated += r.changed;
    if (r.finished) break;
    await store.progressRun(runId, totals);
    if (batch % 20 === 0)
      deps.log.info({ posts: totals.fetched, changed: totals.updated }, `${job.label}: progress`);
    await new Promise((resolve) => setImmediate(resolve));
  }
  await store.finishRun(runId, "ok", totals);
  deps.log.info({ posts: totals.fetched, changed: totals.updated }, `${job.label}: finished`);
  return "done";
}
