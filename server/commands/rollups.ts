import type { Logger } from "pino";
import { openAnyRuntime } from "../any-runtime.ts";
import { loadConfig } from "../config.ts";
import { ROLLUP_SOURCE, ROLLUP_TARGET, rebuildRollupsIfNeeded } from "../rollup-rebuild.ts";
import { configPathFromEnv } from "../runtime.ts";

/**
 * `npm run rollups -- [--rebuild]`: builds the hourly rollups now, in the
 * foreground, instead of in the background of `npm start` (useful after an
 * upgrade on a large database, or to check them). `--rebuild` drops them
 * first. Prints one JSON line: the families and how many posts were added.
 * With DATABASE_URL on PostgreSQL, beside a running worker: each step takes
 * the database's write lock, as the worker's ingest does.
 */
export async function rollupsCommand(
  opts: { rebuild?: boolean | undefined },
  env: NodeJS.ProcessEnv,
  log: Logger,
  out: (line: string) => void,
): Promise<number> {
  const rt = await openAnyRuntime(loadConfig(configPathFromEnv(env)), env, log, "resonanz rollups");
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const started = Date.now();
  try {
    if (opts.rebuild) await rt.rollups.invalidate();
    const outcome = await rebuildRollupsIfNeeded(rt.store, rt.rollups, { log, signal: controller.signal });
    const run = await rt.db
      .selectFrom("collector_runs")
      .select("fetched")
      .where("source", "=", ROLLUP_SOURCE)
      .where("target", "=", ROLLUP_TARGET)
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst();
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
    await rt.close();
  }
}
