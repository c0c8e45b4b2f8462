import type { Logger } from "pino";
import type { HttpDeps } from "../../collectors/http.ts";
import type { CollectorStore, SourceResult } from "../../collectors/types.ts";
import { acquireLeaderLock } from "../../data/pg/leader-lock.ts";
import { buildCollectors, runCollectors } from "../collection.ts";
import type { Config } from "../config.ts";
import { loadConfig } from "../config.ts";
import { databaseUrlFromEnv, openPgRuntime } from "../pg-runtime.ts";
import { configPathFromEnv, openRuntime } from "../runtime.ts";
import { VERSION } from "../version.ts";
import { UsageError } from "./usage-error.ts";
import { COLLECTOR_LOCK } from "./worker.ts";

/**
 * `npm run collect -- [--source NAME]`: one collection run now, one JSON line
 * per source on stdout. A failed source is reported in its line, not by the
 * exit code: scripts read the lines. With DATABASE_URL it collects into
 * PostgreSQL, holding the workers' collector lock for the run (exit 2 while a
 * worker holds it: that worker collects on its schedule).
 */
export async function collectCommand(
  opts: { source?: string | undefined },
  env: NodeJS.ProcessEnv,
  log: Logger,
  out: (line: string) => void,
): Promise<number> {
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const results = databaseUrlFromEnv(env)
      ? await collectIntoPostgres(opts, env, log, controller)
      : await collectIntoSqlite(opts, env, log, controller.signal);
    for (const r of results) out(JSON.stringify(r));
    return 0;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

async function collectIntoSqlite(
  opts: { source?: string | undefined },
  env: NodeJS.ProcessEnv,
  log: Logger,
  signal: AbortSignal,
): Promise<SourceResult[]> {
  const rt = await openRuntime(env, log);
  try {
    return await collectOnce(rt.config, { store: rt.store, http: rt.http }, opts, env, log, signal);
  } finally {
    await rt.database.close();
  }
}

async function collectIntoPostgres(
  opts: { source?: string | undefined },
  env: NodeJS.ProcessEnv,
  log: Logger,
  controller: AbortController,
): Promise<SourceResult[]> {
  const url = databaseUrlFromEnv(env) as string;
  const config = loadConfig(configPathFromEnv(env));
  // The registry stays the worker's to write (an older file here must not turn it back), as for any command.
  const rt = await openPgRuntime(config, url, log, {
    applicationName: "resonanz collect",
    syncRegistry: "if-empty",
  });
  try {
    // The same lock the workers take: one collecting process at a time, whichever it is.
    const lock = await acquireLeaderLock(rt.pool, COLLECTOR_LOCK);
    if (!lock.held)
      throw new UsageError(
        "a worker holds the collector lock and collects on its schedule; `collect` runs while no worker does (stop the workers, or let them collect)",
      );
    // Lost mid-run (the connection died): another process may collect now, so this one stops.
    void lock.lost.then((err) => {
      log.error({ err: err.message }, "collector lock lost: collection stopped");
      controller.abort();
    });
    try {
      return await collectOnce(config, { store: rt.store, http: rt.http }, opts, env, log, controller.signal);
    } finally {
      await lock.release();
    }
  } finally {
    await rt.close();
  }
}

/** The configured collectors (or the one named), each run once. */
async function collectOnce(
  config: Config,
  deps: { store: CollectorStore; http: HttpDeps },
  opts: { source?: string | undefined },
  env: NodeJS.ProcessEnv,
  log: Logger,
  signal: AbortSignal,
): Promise<SourceResult[]> {
  const all = buildCollectors(config, { ...deps, log, version: VERSION }, { mode: "once", env });
  const chosen = opts.source ? all.filter((e) => e.collector.source === opts.source) : all;
  if (opts.source && chosen.length === 0) {
    const known = all.map((e) => e.collector.source).join(", ") || "none configured";
    throw new UsageError(`unknown or unconfigured source '${opts.source}' (configured: ${known})`);
  }
  if (chosen.length === 0) log.warn("no source is configured: nothing to collect");
  return runCollectors(
    chosen.map((e) => e.collector),
    { store: deps.store, log, signal },
  );
}
