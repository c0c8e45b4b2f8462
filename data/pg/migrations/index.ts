import type { Migration, MigrationProvider } from "kysely";
import * as m0001 from "./0001-initial.ts";
import * as m0002 from "./0002-attribution.ts";
import * as m0003 from "./0003-rollups.ts";
import * as m0004 from "./0004-reports.ts";
import * as m0005 from "./0005-access.ts";
import * as m0006 from "./0006-privacy.ts";
import * as m0007 from "./0007-rollup-indexes.ts";
import * as m0008 from "./0008-engagement-index.ts";
import * as m0009 from "./0009-campaign-authors.ts";
import * as m0010 from "./0010-source-coverage.ts";
import * as m0011 from "./0011-cluster-post-order.ts";
import * as m0012 from "./0012-login-failures.ts";
import * as m0013 from "./0013-lighter-ingest-indexes.ts";

/**
 * The PostgreSQL migrations: one per SQLite migration, same name, same
 * resulting tables, columns, keys and indexes (test/pg/schema.test.ts compares
 * the two databases). Statically imported: nothing is read from disk at run time.
 */
export const pgMigrations: Record<string, Migration> = {
  "0001-initial": m0001,
  "0002-attribution": m0002,
  "0003-rollups": m0003,
  "0004-reports": m0004,
  "0005-access": m0005,
  "0006-privacy": m0006,
  "0007-rollup-indexes": m0007,
  "0008-engagement-index": m0008,
  "0009-campaign-authors": m0009,
  "0010-source-coverage": m0010,
  "0011-cluster-post-order": m0011,
  "0012-login-failures": m0012,
  "0013-lighter-ingest-indexes": m0013,
};

export const pgMigrationProvider: MigrationProvider = {
  getMigrations: async () => pgMigrations,
};
