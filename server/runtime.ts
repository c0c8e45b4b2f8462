import type { Logger } from "pino";
import { abortableSleep, type HttpDeps } from "../collectors/http.ts";
import { createCollectorStore } from "../collectors/ingest.ts";
import type { CollectorStore } from "../collectors/types.ts";
import { type OpenedDatabase, openDatabase } from "../data/db.ts";
import type { CampaignSet } from "../data/filters.ts";
import { loadAnalysis } from "./analysis.ts";
import { type Config, DEFAULT_CONFIG_PATH, DEFAULT_DB_PATH, loadConfig } from "./config.ts";
import { analysisFingerprint } from "./reattribution.ts";

/** Everything a command needs, opened from the environment (CONTRACT.md). */
export interface Runtime {
  config: Config;
  /** Fingerprint of the registry and events the analyzer was built from (see reattribution.ts). */
  analysisFingerprint: string;
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

/** Keeps the registry's names and Länder and the events in the database, where queries join them. */
function syncRegistry(
  database: OpenedDatabase,
  registry: ReturnType<typeof loadAnalysis>["registry"],
  events: ReturnType<typeof loadAnalysis>["events"],
): void {
  const s = database.sqlite;
  const now = new Date().toISOString();
  const upsertCluster = s.prepare(
    `INSERT INTO clusters (id, name, short_name, states, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, short_name = excluded.short_name,
       states = excluded.states, updated_at = excluded.updated_at`,
  );
  const upsertEvent = s.prepare(
    `INSERT INTO events (id, title, start, "end", city, state, cluster_id, hashtag) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET title = excluded.title, start = excluded.start, "end" = excluded."end",
       city = excluded.city, state = excluded.state, cluster_id = excluded.cluster_id, hashtag = excluded.hashtag`,
  );
  s.transaction(() => {
    for (const c of registry.clusters)
      upsertCluster.run(c.id, c.name, c.shortName, JSON.stringify(c.states), now);
    for (const e of events)
      upsertEvent.run(e.id, e.title, e.start, e.end, e.city, e.state, e.cluster, e.hashtag);
  })();
}

/** Loads the config first: a bad config fails before anything is opened or started. */
export async function openRuntime(env: NodeJS.ProcessEnv, log: Logger): Promise<Runtime> {
  const config = loadConfig(configPathFromEnv(env));
  return openRuntimeWith(config, dbPathFromEnv(env), log);
}

/** The same from a config already in hand (the demo builds its own). */
export async function openRuntimeWith(config: Config, dbPath: string, log: Logger): Promise<Runtime> {
  // Registry and events are read before the database is opened: a bad file stops here.
  const { analyze, registry, events, skippedEvents } = loadAnalysis(config);
  if (skippedEvents > 0) log.info({ skippedEvents }, "event entries without a usable date were skipped");
  const database = await openDatabase(dbPath);
  syncRegistry(database, registry, events);
  const store = createCollectorStore({ database, now: () => new Date(), analyze });
  return {
    config,
    database,
    store,
    analysisFingerprint: analysisFingerprint({ registry, events }),
    campaigns: {
      campaigns: config.campaigns,
      defaultCampaign: config.defaultCampaign ?? config.campaigns[0]?.id ?? "",
    },
    http: { fetch: globalThis.fetch, sleep: abortableSleep, random: Math.random, now: Date.now },
    log,
  };
}
