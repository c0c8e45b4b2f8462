import type { Kysely } from "kysely";
import type { PrivacyStore } from "../privacy/store.ts";
import type { Database } from "../schema.ts";
import { createPgErasureStore } from "./erasure-store.ts";
import { createPgRetentionSteps } from "./retention-steps.ts";
import type { PgRollupMaintainer } from "./rollup-maintainer.ts";

/** Retention and erasure on PostgreSQL (data/privacy/store.ts is SQLite's). */
export function createPgPrivacyStore(db: Kysely<Database>, rollups: PgRollupMaintainer): PrivacyStore {
  return {
    retention: (ctx) => createPgRetentionSteps(db, rollups, ctx),
    erasure: createPgErasureStore(db, rollups),
  };
}
