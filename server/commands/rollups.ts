import type { Logger } from "pino";
import { rebuildRollupsIfNeeded } from "../rollup-rebuild.ts";
import { openRuntime } from "../runtime.ts";

/**
 * `npm run rollups -- [--rebuild]`: builds the hourly rollups now, in the
 * foreground, instead of in the background of `npm start` (useful after an
 * upgrade on a large database, or to check them). `--rebuild` drops them
 * first. Prints one JSON line: the families and how many posts were added.
 */
export async function rollupsCommand(
  opts: { rebuild?: boolean | undefined },
  env: NodeJS.ProcessEnv,
  log: Logger,
  out: (line: string) => void,
): Promise<number> {
  const rt = await openRuntime(env, log);
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const started = Date.now();
  try {
    if (opts.rebuild) rt.rollups.invalidate();
    const outcome = await rebuildRollupsIfNeeded(rt.store, rt.rollups, { log, signal: controller.signal });
    const run = rt.database.sqlite
      .prepare<[], { fetched: number }>(
        "SELECT fetched FROM collector_runs WHERE source = 'analysis' AND target = 'rollups' ORDER BY id DESC LIMIT 1",
      )
      .get();
    out(
      JSON.stringify({
        outcome,
        families: rt.rollups.families.map((f) => f.id),
        posts: outcome === "unchanged" ? 0 : (run?.fetched ?? 0),
        seconds: Math.round((Date.now() - started) / 100) / 10,
      }),
    );
    return outcome === "aborted" ? 130 : 0;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await rt.database.close();
  }
}
