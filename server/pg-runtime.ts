import type pg from "pg";
import type { Logger } from "pino";
import { abortableSleep, type HttpDeps } from "../collectors/http.ts";
import { createPgCollectorStore } from "../collectors/pg-ingest.ts";
import type { AnalysisAhead, CollectorStore } from "../collectors/types.ts";
import type { DB } from "../data/db.ts";
import type { CampaignSet } from "../data/filters.ts";
import { openPostgres } from "../data/pg/open.ts";
import { syncRegistryPg } from "../data/pg/registry-sync.ts";
import { createPgRollupMaintainer, type PgRollupMaintainer } from "../data/pg/rollup-maintainer.ts";
import { rollupFamilies } from "../data/rollups/family.ts";
import { loadAnalysis } from "./analysis.ts";
import { startAnalysisAhead } from "./analysis-ahead.ts";
import type { Config } from "./config.ts";
import { analysisFingerprint } from "./reattribution.ts";

/** Everything a command needs on PostgreSQL (DATABASE_URL): runtime.ts's Runtime, with a pool instead of a file. */
export interface PgRuntime {
  config: Config;
  analysisFingerprint: string;
  db: DB;
  /** The pool under `db`: the leader lock (data/pg/leader-lock.ts) takes a connection of its own from it. */
  pool: pg.Pool;
  store: CollectorStore;
  rollups: PgRollupMaintainer;
  /** As on SQLite (runtime.ts): analysis of a bulk ingest's next batch in another thread. */
  analysisAhead(): AnalysisAhead;
  campaigns: CampaignSet;
  http: HttpDeps;
  log: Logger;
  close(): Promise<void>;
}

/** The PostgreSQL database to use instead of the SQLite file, if any (issue 9). */
export function databaseUrlFromEnv(env: NodeJS.ProcessEnv): string | null {
  return env.DATABASE_URL?.trim() || null;
}

/**
 * Opens PostgreSQL at `url` (running pending migrations), syncs the registry
 * and the events and builds the store and the rollup maintainer, as
 * runtime.ts does for SQLite. The registry is read before connecting: a bad
 * file stops here.
 */
export async function openPgRuntime(
  config: Config,
  url: string,
  log: Logger,
  opts: {
    applicationName?: string;
    /**
     * Write the registry and the events into the database (default true). A
     * web instance and a one-off command leave that to the worker
     * ("if-empty"): one started with an older file must not turn the clusters
     * back (and invalidate the rollups). Into a database with no cluster yet
     * they write it all the same: there is nothing to turn back, and the
     * dashboard and imports need the clusters before a worker ever started.
     */
    syncRegistry?: boolean | "if-empty";
  } = {},
): Promise<PgRuntime> {
  const { analyze, precomputed, registry, events, lexicon, skippedEvents } = loadAnalysis(config);
  if (skippedEvents > 0) log.info({ skippedEvents }, "event entries without a usable date were skipped");
  const opened = await openPostgres(url, {
    applicationName: opts.applicationName ?? "resonanz",
    onIdleError: (err) => log.warn({ err: err.message }, "an idle PostgreSQL connection failed"),
  });
  try {
    const sync = opts.syncRegistry ?? true;
    const empty = async () =>
      (await opened.db.selectFrom("clusters").select("id").limit(1).execute()).length === 0;
    if (sync === true || (sync === "if-empty" && (await empty())))
      await syncRegistryPg(opened.db, registry, events);
    const rollups = await createPgRollupMaintainer(opened.db, rollupFamilies(config.campaigns));
    const store = createPgCollectorStore({ db: opened.db, now: () => new Date(), analyze, rollups });
    return {
      config,
      analysisFingerprint: analysisFingerprint({ registry, events, lexicon }),
      db: opened.db,
      pool: opened.pool,
      store,
      rollups,
      analysisAhead: () => startAnalysisAhead(config, precomputed, log),
      campaigns: {
        campaigns: config.campaigns,
        defaultCampaign: config.defaultCampaign ?? config.campaigns[0]?.id ?? "",
      },
      http: { fetch: globalThis.fetch, sleep: abortableSleep, random: Math.random, now: Date.now },
      log,
      close: opened.close,
    };
  } catch (err) {
    await opened.close();
    throw err;
  }
}
