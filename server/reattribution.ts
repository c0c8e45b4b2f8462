import { createHash } from "node:crypto";
import type { Logger } from "pino";
import type { CollectorStore } from "../collectors/types.ts";
import type { LoadedAnalysis } from "./analysis.ts";
import { runBatchedJob } from "./batched-job.ts";

export const REATTRIBUTION_SOURCE = "analysis";
export const REATTRIBUTION_TARGET = "registry";
const BATCH = 500;

/** What the stored analysis was computed from: the registry, the events and the extra lexicon as loaded. */
export function analysisFingerprint(
  analysis: Pick<LoadedAnalysis, "registry" | "events"> & Partial<Pick<LoadedAnalysis, "lexicon">>,
): string {
  const parts: unknown[] = [analysis.registry, analysis.events];
  // Without an extra lexicon the fingerprint stays what it was before lexicons counted.
  if (analysis.lexicon) parts.push(analysis.lexicon);
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}

/**
 * When the registry or the events changed since the stored posts were
 * attributed, attributes them again in batches of 500, in the background, as
 * a recorded run (source "analysis", target "registry"). An interrupted pass
 * starts over next time (the fingerprint is stored only when it completes).
 */
export async function reattributeIfChanged(
  store: CollectorStore,
  fingerprint: string,
  deps: { log: Logger; signal: AbortSignal },
): Promise<"unchanged" | "done" | "aborted"> {
  if ((await store.getCursor(REATTRIBUTION_SOURCE, REATTRIBUTION_TARGET)) === fingerprint) return "unchanged";
  deps.log.info("registry or events changed: attributing stored posts again");
  let afterId = 0;
  const outcome = await runBatchedJob(
    store,
    {
      source: REATTRIBUTION_SOURCE,
      target: REATTRIBUTION_TARGET,
      label: "re-attribution",
      async step() {
        const r = await store.reattribute(afterId, BATCH);
        if (r.lastId !== null) afterId = r.lastId;
        return { done: r.done, changed: r.changed, finished: r.lastId === null };
      },
    },
    deps,
  );
  if (outcome === "done") await recordAnalysisFingerprint(store, fingerprint);
  return outcome;
}

/** Notes that every stored post is attributed with the analysis of `fingerprint`. */
export async function recordAnalysisFingerprint(store: CollectorStore, fingerprint: string): Promise<void> {
  await store.ingestBatch({
    source: REATTRIBUTION_SOURCE,
    target: REATTRIBUTION_TARGET,
    posts: [],
    cursor: fingerprint,
  });
}
