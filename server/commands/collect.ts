import type { Logger } from "pino";
import { buildCollectors, runCollectors } from "../collection.ts";
import { openRuntime } from "../runtime.ts";
import { VERSION } from "../version.ts";
import { UsageError } from "./usage-error.ts";

/**
 * `npm run collect -- [--source NAME]`: one collection run now, one JSON line
 * per source on stdout. A failed source is reported in its line, not by the
 * exit code: scripts read the lines.
 */
export async function collectCommand(
  opts: { source?: string | undefined },
  env: NodeJS.ProcessEnv,
  log: Logger,
  out: (line: string) => void,
): Promise<number> {
  const rt = await openRuntime(env, log);
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const all = buildCollectors(
      rt.config,
      { store: rt.store, http: rt.http, log, version: VERSION },
      { mode: "once", env },
    );
    const chosen = opts.source ? all.filter((e) => e.collector.source === opts.source) : all;
    if (opts.source && chosen.length === 0) {
      const known = all.map((e) => e.collector.source).join(", ") || "none configured";
      throw new UsageError(`unknown or unconfigured source '${opts.source}' (configured: ${known})`);
    }
    if (chosen.length === 0) log.warn("no source is configured: nothing to collect");
    const results = await runCollectors(
      chosen.map((e) => e.collector),
      { store: rt.store, log, signal: controller.signal },
    );
    for (const r of results) out(JSON.stringify(r));
    return 0;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await rt.database.close();
  }
}
