import type { Logger } from "pino";
import { AbortedError } from "./http-errors.ts";
import type { CollectorStore, RunTotals, SourceResult } from "./types.ts";

/**
 * The run loop every collector shares: one recorded run per target (instance ×
 * hashtag, feed, firehose), a failing target recorded with its error while the
 * others carry on, and an abort (shutdown) that stops the loop and is recorded
 * as "aborted", not as a failure. Returns the source's line for `collect`.
 */
const PROGRESS_EVERY_MS = 5000;

export async function runTargets<T>(
  source: string,
  targets: readonly T[],
  nameOf: (target: T) => string,
  runOne: (target: T, signal: AbortSignal, totals: RunTotals) => Promise<void>,
  deps: { store: CollectorStore; log: Logger },
  signal: AbortSignal,
): Promise<SourceResult> {
  const result: SourceResult = { source, fetched: 0, inserted: 0, updated: 0, failed: 0, error: null };
  for (const t of targets) {
    if (signal.aborted) break;
    const target = nameOf(t);
    const runId = await deps.store.startRun(source, target);
    const totals: RunTotals = { fetched: 0, inserted: 0, updated: 0, rateLimitWaitMs: 0 };
    // Long runs (a live stream) show their totals so far on the sources page.
    // A failed progress write (storage faults are the guard's business) must not become an unhandled rejection.
    const progress = setInterval(() => {
      Promise.resolve()
        .then(() => deps.store.progressRun(runId, totals))
        .catch((err: unknown) =>
          deps.log.warn(
            { source, target, err: err instanceof Error ? err.message : String(err) },
            "progress not recorded",
          ),
        );
    }, PROGRESS_EVERY_MS);
    try {
      await runOne(t, signal, totals);
      await deps.store.finishRun(runId, "ok", totals);
      deps.log.info({ source, target, ...totals }, "collected");
    } catch (err) {
      const aborted = err instanceof AbortedError;
      const message = err instanceof Error ? err.message : String(err);
      await deps.store.finishRun(runId, aborted ? "aborted" : "failed", totals, message);
      if (aborted) {
        result.error ??= "aborted";
        break;
      }
      result.failed++;
      result.error ??= `${target}: ${message}`;
      deps.log.warn({ source, target, err: message }, "collection failed");
    } finally {
      clearInterval(progress);
      result.fetched += totals.fetched;
      result.inserted += totals.inserted;
      result.updated += totals.updated;
    }
  }
  if (signal.aborted) result.error ??= "aborted";
  return result;
}
