import type { Logger } from "pino";
import { abortableSleep, type HttpDeps } from "../collectors/http.ts";
import { createCollectorStore } from "../collectors/ingest.ts";
import type { AnalysisAhead, CollectorStore } from "../collectors/types.ts";
import { type OpenedDatabase, openDatabase } from "../data/db.ts";
import type { CampaignSet } from "../data/filters.ts";
import { syncRegistry } from "../data/registry-sync.ts";
import { rollupFamilies } from "../data/rollups/family.ts";
import { createRollupMaintainer, type RollupMaintainer } from "../data/rollups/maintainer.ts";
import { loadAnalysis } from "./analysis.ts";
import { startAnalysisAhead } from "./analysis-ahead.ts";
import { UsageError } from "./commands/usage-error.ts";
import { type Config, DEFAULT_CONFIG_PATH, DEFAULT_DB_PATH, loadConfig } from "./config.ts";
import { databaseUrlFromEnv } from "./pg-runtime.ts";
import { analysisFingerprint } from "./reattribution.ts";

/** Everything a command needs, opened from the environment (CONTRACT.md). */
export interface Runtime {
  config: Config;
  /** Fingerprint of the registry and events the analyzer was built from (see reattribution.ts). */
  analysisFingerprint: string;
  database: OpenedDatabase;
  store: CollectorStore;
  /** Hourly rollups: kept at ingest, rebuilt in the background when invalid. */
  rollups: RollupMaintainer;
  /** Starts a thread that analyses a bulk ingest's next batch while the store writes this one (close it after). */
  analysisAhead(): AnalysisAhead;
  campaigns: CampaignSet;
  http: HttpDeps;
  log: Logger;
}

export function configPathFromEnv(env: NodeJS.ProcessEnv): string {
  return env.RESONANZ_CONFIG || DEFAULT_CONFIG_PATH;
}

export function dbPathFromEnv(env: NodeJS.ProcessEnv): string {
  return env.RESONANZ_DB || DEFAULT_DB_PATH;
}

/**
 * Loads the config first: a bad config fails before anything is opened or started.
 * With DATABASE_URL set the install lives in PostgreSQL, where `start` (a web
 * instance, pg-web.ts), `worker`, `import` and `erase` run (pg-runtime.ts,
 * any-runtime.ts): the commands that call this refuse rather than quietly
 * open a SQLite file beside it.
 */
export async function openRuntime(env: NodeJS.ProcessEnv, log: Logger): Promise<Runtime> {
  refuseDatabaseUrl(env);
  const config = loadConfig(configPathFromEnv(env));
  return openRuntimeWith(config, dbPathFromEnv(env), log);
}

export function refuseDatabaseUrl(env: NodeJS.ProcessEnv): void {
  if (databaseUrlFromEnv(env))
    throw new UsageError(
      "DATABASE_URL is set, but this command runs on SQLite only so far; on PostgreSQL run `resonanz start` (web), `worker`, `collect`, `import`, `erase`, `report`, `rollups` or `copy-to-postgres` (unset DATABASE_URL to use RESONANZ_DB)",
    );
}

/** The same from a config already in hand (the demo builds its own). */
export async function openRuntimeWith(config: Config, dbPath: string, log: Logger): Promise<Runtime> {
  // Registry and events are read before the database is opened: a bad file stops here.
  const { analyze, precomputed, registry, events, lexicon, skippedEvents } = loadAnalysis(config);
  if (skippedEvents > 0) log.info({ skippedEvents }, "event entries without a usable date were skipped");
  const database = await openDatabase(dbPath);
  syncRegistry(database, registry, events);
  const rollups = createRollupMaintainer(database.sqlite, rollupFamilies(config.campaigns));
  const store = createCollectorStore({ database, now: () => new Date(), analyze, rollups });
  return {
    config,
    database,
    store,
    rollups,
    analysisAhead: () => startAnalysisAhead(config, precomputed, log),
    analysisFingerprint: analysisFingerprint({ registry, events, lexicon }),
    campaigns: {
      campaigns: config.campaigns,
      defaultCampaign: config.defaultCampaign ?? config.campaigns[0]?.id ?? "",
    },
    http: { fetch: globalThis.fetch, sleep: abortableSleep, random: Math.random, now: Date.now },
    log,
  };
}
