import type { Migration, MigrationProvider } from "kysely";
import * as m0001 from "./0001-initial.ts";

/** Numbered, statically imported migrations: nothing is read from disk at run time. */
export const migrations: Record<string, Migration> = {
  "0001-initial": m0001,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
