import type SQLite from "better-sqlite3";
import type { RollupMaintainer } from "../rollups/maintainer.ts";
import { createSqliteErasureStore, type ErasureStore } from "./erasure.ts";
import { createRetentionSteps, type RetentionContext, type RetentionSteps } from "./retention.ts";

/**
 * The database side of retention and erasure, bound to one database: SQLite
 * here, PostgreSQL in data/pg/privacy-store.ts. The runs themselves
 * (`runRetentionSteps`, `eraseAuthorWith`) are shared, so what is removed,
 * counted and logged is decided once for both.
 */
export interface PrivacyStore {
  retention(ctx: RetentionContext): RetentionSteps;
  erasure: ErasureStore;
}

export function createSqlitePrivacyStore(sqlite: SQLite.Database, rollups: RollupMaintainer): PrivacyStore {
  return {
    retention: (ctx) => createRetentionSteps({ ...ctx, sqlite, rollups }),
    erasure: createSqliteErasureStore(sqlite, rollups),
  };
}
