import type { Logger } from "pino";
import type { CollectorStore } from "../collectors/types.ts";
import type { RollupRebuilder } from "../data/rollups/maintainer.ts";
import { reattributeIfChanged } from "./reattribution.ts";
import { rebuildRollupsIfNeeded } from "./rollup-rebuild.ts";

/**
 * What a collecting process (`npm start` on SQLite, `resonanz worker` on
 * PostgreSQL) does in the background after it starts: stored posts follow a
 * changed registry first, then missing rollups are built, so the rollups are
 * built from the new attribution. Each logs its own failure and never throws:
 * the dashboard and the schedules keep running.
 */
export async function catchUpAfterStart(
  rt: { store: CollectorStore; analysisFingerprint: string; rollups: RollupRebuilder },
  deps: { log: Logger; signal: AbortSignal },
): Promise<void> {
  await reattributeIfChanged(rt.store, rt.analysisFingerprint, deps).catch((err: unknown) =>
    deps.log.error({ err }, "re-attribution failed"),
  );
  await rebuildRollupsIfNeeded(rt.store, rt.rollups, deps).catch((err: unknown) =>
    deps.log.error({ err }, "rollup rebuild failed"),
  );
}
