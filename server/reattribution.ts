import { createHash } from "node:crypto";
import type { Logger } from "pino";
import type { CollectorStore, RunTotals } from "../collectors/types.ts";
import type { LoadedAnalysis } from "./analysis.ts";

export const REATTRIBUTION_SOURCE = "analysis";
export const REATTRIBUTION_TARGET = "registry";
const BATCH = 500;

/** What the stored attribution was computed from: the registry and the events as loaded. */
export function analysisFingerprint(analysis: Pick<LoadedAnalysis, "registry" | "events">): string {
  return createHash("sha256")
    .update(JSON.stringify([analysis.registry, analysis.events]))
    .digest("hex");
}

/**
 * When the registry or the events changed since the stored posts were
 * attributed, attributes them again in batches, in the background: each batch
 * is one transaction and the event loop is yielded between batches, so the
 * dashboard keeps answering. Progress is a recorded run (source "analysis",
 * target "registry") whose totals grow as it goes, shown on the sources page,
 * and a log line every 20 batches. An interrupted pass starts over next time
 * (the fingerprint is stored only when it completes).
 */
export async function reattributeIfChanged(
  store: CollectorStore,
  fingerprint: string,
  deps: { log: Logger; signal: AbortSignal },
): Promise<"unchanged" | "done" | "aborted"> {
  if (store.getCursor(REATTRIBUTION_SOURCE, REATTRIBUTION_TARGET) === fingerprint) return "unchanged";
  const runId = store.startRun(REATTRIBUTION_SOURCE, REATTRIBUTION_TARGET);
  const totals: RunTotals = { fetched: 0, inserted: 0, updated: 0, rateLimitWaitMs: 0 };
  deps.log.info("registry or events changed: attributing stored posts again");
  let afterId = 0;
  for (let batch = 1; ; batch++) {
    if (deps.signal.aborted) {
      store.finishRun(runId, "aborted", totals, "stopped before all posts were attributed again");
      return "aborted";
    }
    const r = store.reattribute(afterId, BATCH);
    totals.fetched += r.done;
    totals.updated += r.changed;
    if (r.lastId === null) break;
    afterId = r.lastId;
    store.progressRun(runId, totals);
    if (batch % 20 === 0)
      deps.log.info({ posts: totals.fetched, changed: totals.updated }, "re-attribution progress");
    await new Promise((resolve) => setImmediate(resolve));
  }
  store.ingestBatch({
    source: REATTRIBUTION_SOURCE,
    target: REATTRIBUTION_TARGET,
    posts: [],
    cursor: fingerprint,
  });
  store.finishRun(runId, "ok", totals);
  deps.log.info({ posts: totals.fetched, changed: totals.updated }, "re-attribution finished");
  return "done";
}
