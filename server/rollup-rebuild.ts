import type { Logger } from "pino";
import type { CollectorStore } from "../collectors/types.ts";
import type { RollupRebuilder } from "../data/rollups/maintainer.ts";
import { runBatchedJob } from "./batched-job.ts";

export const ROLLUP_SOURCE = "analysis";
export const ROLLUP_TARGET = "rollups";
const BATCH = 2000;

/**
 * Builds the rollups of families that are not complete (a first start after
 * an upgrade, a new campaign hashtag, a cluster moved to another Land, or
 * `npm run rollups -- --rebuild`), in the background as a recorded run
 * (source "analysis", target "rollups"). Until it completes, queries read the
 * raw posts, so every number stays right, only slower. Resumable: an
 * interrupted rebuild continues from its last batch at the next start.
 */
export async function rebuildRollupsIfNeeded(
  store: CollectorStore,
  rollups: RollupRebuilder,
  deps: { log: Logger; signal: AbortSignal },
): Promise<"unchanged" | "done" | "aborted"> {
  if ((await rollups.completeFamilies()).size === rollups.families.length) return "unchanged";
  deps.log.info("building the hourly rollups from the stored posts");
  return runBatchedJob(
    store,
    {
      source: ROLLUP_SOURCE,
      target: ROLLUP_TARGET,
      label: "rollup rebuild",
      async step() {
        const r = await rollups.rebuildStep(BATCH);
        return { done: r.done, changed: r.done, finished: r.complete };
      },
    },
    deps,
  );
}
