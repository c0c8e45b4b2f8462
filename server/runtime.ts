import type { Logger } from "pino";
import { abortableSleep, type HttpDeps } from "../collectors/http.ts";
import { createCollectorStore } from "../collectors/ingest.ts";
import type { CollectorStore } from "../collectors/types.ts";
import { createSentimentScorer } from "../data/analysis/sentiment.ts";
import { type OpenedDatabase, openDatabase } from "../data/db.ts";
import type { CampaignSet } from "../data/filters.ts";
import { type Config, DEFAULT_CONFIG_PATH, DEFAULT_DB_PATH, loadConfig } from "./config.ts";

/** Everything a command needs, opened from the environment (CONTRACT.md). */
export interface Runtime {
  config: Config;
  database: OpenedDatabase;
  store: CollectorStore;
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

/** Loads the config first: a bad config fails before anything is opened or started. */
export async function openRuntime(env: NodeJS.ProcessEnv, log: Logger): Promise<Runtime> {
  const config = loadConfig(configPathFromEnv(env));
  return openRuntimeWith(config, dbPathFromEnv(env), log);
}

/** The same from a config already in hand (the demo builds its own). */
export async function openRuntimeWith(config: Config, dbPath: string, log: Logger): Promise<Runtime> {
  const database = await openDatabase(dbPath);
  const store = createCollectorStore({ database, now: () => new Date(), sentiment: createSentimentScorer() });
  return {
    config,
    database,
    store,
    campaigns: {
      campaigns: config.campaigns,
      defaultCampaign: config.defaultCampaign ?? config.campaigns[0]?.id ?? "",
    },
    http: { fetch: globalThis.fetch, sleep: abortableSleep, random: Math.random, now: Date.now },
    log,
  };
}
