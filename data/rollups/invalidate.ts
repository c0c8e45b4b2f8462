import type SQLite from "better-sqlite3";

/**
 * Drops every rollup row and marks every family for a rebuild: for changes
 * the per-post deltas cannot see, such as a cluster moving to another Land.
 * Queries answer from the raw posts until the rebuild completes.
 */
export function invalidateRollups(sqlite: SQLite.Database, now: Date = new Date()): void {
  sqlite
    .transaction(() => {
      for (const t of ["rollup_hours", "rollup_authors", "rollup_tags"])
        sqlite.prepare(`DELETE FROM ${t}`).run();
      sqlite.prepare("UPDATE rollup_state SET built_up_to = 0, updated_at = ?").run(now.toISOString());
    })
    .immediate();
}
