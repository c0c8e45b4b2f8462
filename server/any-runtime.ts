import type { Logger } from "pino";
import type { AnalysisAhead, CollectorStore } from "../collectors/types.ts";
import type { DB } from "../data/db.ts";
import type { CampaignSet } from "../data/filters.ts";
import { createPgPrivacyStore } from "../data/pg/privacy-store.ts";
import { createSqlitePrivacyStore, type PrivacyStore } from "../data/privacy/store.ts";
import type { RollupRebuilder } from "../data/rollups/maintainer.ts";
import type { Config } from "./config.ts";
import { databaseUrlFromEnv, openPgRuntime } from "./pg-runtime.ts";
import { dbPathFromEnv, openRuntimeWith } from "./runtime.ts";

/** What `import`, `erase`, `report` and `rollups` need, on SQLite (RESONANZ_DB) or on PostgreSQL (DATABASE_URL) alike. */
export interface AnyRuntime {
  db: DB;
  /** Ingest: on PostgreSQL every batch takes the write lock, as the worker's do. */
  store: CollectorStore;
  /** A thread analysing a bulk ingest's next batch (runtime.ts); close it after. */
  analysisAhead(): AnalysisAhead;
  privacy: PrivacyStore;
  /** The rollups' rebuild (the PostgreSQL maintainer writes under the write lock). */
  rollups: RollupRebuilder;
  campaigns: CampaignSet;
  close(): Promise<void>;
}

/**
 * Opens the install's database for a one-off command. On PostgreSQL the
 * registry is left as the worker wrote it, unless none is stored yet
 * (pg-runtime.ts says why); on SQLite the command syncs it, as it always has.
 */
export async function openAnyRuntime(
  config: Config,
  env: NodeJS.ProcessEnv,
  log: Logger,
  applicationName: string,
): Promise<AnyRuntime> {
  const url = databaseUrlFromEnv(env);
  if (url) {
    const rt = await openPgRuntime(config, url, log, { applicationName, syncRegistry: "if-empty" });
    return {
      db: rt.db,
      store: rt.store,
      analysisAhead: rt.analysisAhead,
      privacy: createPgPrivacyStore(rt.db, rt.rollups),
      rollups: rt.rollups,
      campaigns: rt.campaigns,
      close: rt.close,
    };
  }
  const rt = await openRuntimeWith(config, dbPathFromEnv(env), log);
  return {
    db: rt.database.db,
    store: rt.store,
    analysisAhead: rt.analysisAhead,
    privacy: createSqlitePrivacyStore(rt.database.sqlite, rt.rollups),
    rollups: rt.rollups,
    campaigns: rt.campaigns,
    close: () => rt.database.close(),
  };
}
