import type SQLite from "better-sqlite3";

/** Every table of rollup rows (rollup_state aside): what a rebuild recreates. */
export const ROLLUP_TABLES = [
  "rollup_hours",
  "rollup_authors",
  "rollup_tags",
  "rollup_campaign_authors",
  "rollup_campaign_totals",
] as const;

/**
 * Drops every rollup row and marks every family for a rebuild: for changes
 * the per-post deltas cannot see, such as a cluster moving to another Land.
 * Queries answer from the raw posts until the rebuild completes.
 */
export function invalidateRollups(sqlite: SQLite.Database, now: Date = new Date()): void {
  sqlite
    .transaction(() => {
      for (const t of ROLLUP_TABLES) sqlite.prepare(`DELETE FROM ${t}`).run();
      sqlite.prepare("UPDATE rollup_state SET built_up_to = 0, updated_at = ?").run(now.toISOString());
    })
    .immediate();
}
