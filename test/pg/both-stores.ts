import { sql } from "kysely";
import { afterAll, beforeAll, expect } from "vitest";
import { createCollectorStore } from "../../collectors/ingest.ts";
import { createPgCollectorStore } from "../../collectors/pg-ingest.ts";
import type { Awaitable, CollectorStore, SyncCollectorStore } from "../../collectors/types.ts";
import type { PostAnalyzer } from "../../data/analysis/analyze-post.ts";
import type { CampaignEvent } from "../../data/analysis/events.ts";
import type { Registry } from "../../data/analysis/registry.ts";
import { type DB, type OpenedDatabase, openDatabase } from "../../data/db.ts";
import { syncRegistryPg } from "../../data/pg/registry-sync.ts";
import { createPgRollupMaintainer, type PgRollupMaintainer } from "../../data/pg/rollup-maintainer.ts";
import { syncRegistry } from "../../data/registry-sync.ts";
import { rollupFamilies } from "../../data/rollups/family.ts";
import { createRollupMaintainer, type RollupMaintainer } from "../../data/rollups/maintainer.ts";
import { CAMPAIGNS } from "../helpers/db.ts";
import { usePgDatabase } from "../helpers/postgres.ts";

/** Every table the write side fills, with the columns that order its rows (its key). */
export const WRITTEN_TABLES: Record<string, readonly string[]> = {
  authors: ["id"],
  posts: ["id"],
  post_hashtags: ["post_id", "tag"],
  post_sources: ["source", "target", "remote_id"],
  post_clusters: ["post_id", "cluster_id"],
  post_events: ["post_id", "event_id"],
  clusters: ["id"],
  events: ["id"],
  collector_runs: ["id"],
  source_cursors: ["source", "target"],
  rollup_state: ["family"],
  rollup_hours: ["family", "scope", "hour", "platform", "lang"],
  rollup_authors: ["family", "scope", "day", "platform", "lang", "author_id"],
  rollup_tags: ["family", "scope", "day", "platform", "lang", "tag"],
  rollup_campaign_authors: ["family", "campaign", "scope", "platform", "lang", "author_id"],
  rollup_campaign_totals: ["family", "campaign", "scope", "platform", "lang"],
  rollup_sources: ["source", "target"],
};

export interface BothStores {
  readonly sqlite: OpenedDatabase;
  readonly pg: DB;
  readonly sqliteStore: SyncCollectorStore;
  readonly pgStore: CollectorStore;
  readonly sqliteRollups: RollupMaintainer;
  readonly pgRollups: PgRollupMaintainer;
  /** The clock both stores and maintainers read. */
  clock: Date;
  /** Runs one operation on each store; expects the same answer and returns it. */
  same<T>(op: (store: CollectorStore) => Awaitable<T>): Promise<T>;
  /** Stores for another analyzer (a changed registry) over the same databases and maintainers. */
  withAnalyzer(analyze: PostAnalyzer): { sqliteStore: SyncCollectorStore; pgStore: CollectorStore };
  /** Expects every written table to hold the same rows on both databases; returns the row counts. */
  expectSameRows(): Promise<Record<string, number>>;
}

/**
 * Inside a describePg: a fresh SQLite database and a fresh PostgreSQL one,
 * each with the registry, rollups for the test campaigns and its collector
 * store over the same analyzer and clock, for the block.
 */
export function useBothStores(setup: {
  analyze: PostAnalyzer;
  registry: Registry;
  events: readonly CampaignEvent[];
  clock: Date;
}): BothStores {
  const pg = usePgDatabase();
  const families = rollupFamilies(CAMPAIGNS.campaigns);
  let state:
    | {
        sqlite: OpenedDatabase;
        sqliteRollups: RollupMaintainer;
        pgRollups: PgRollupMaintainer;
        sqliteStore: SyncCollectorStore;
        pgStore: CollectorStore;
      }
    | undefined;
  const both = {
    clock: setup.clock,
  } as BothStores;
  const now = () => both.clock;
  const storesFor = (analyze: PostAnalyzer) => {
    if (!state) throw new Error("useBothStores: not set up yet");
    return {
      sqliteStore: createCollectorStore({
        database: state.sqlite,
        now,
        analyze,
        rollups: state.sqliteRollups,
      }),
      pgStore: createPgCollectorStore({ db: pg.opened.db, now, analyze, rollups: state.pgRollups }),
    };
  };
  beforeAll(async () => {
    const sqlite = await openDatabase(":memory:");
    syncRegistry(sqlite, setup.registry, setup.events, setup.clock);
    await syncRegistryPg(pg.opened.db, setup.registry, setup.events, setup.clock);
    const sqliteRollups = createRollupMaintainer(sqlite.sqlite, families, now);
    const pgRollups = await createPgRollupMaintainer(pg.opened.db, families, now);
    state = {
      sqlite,
      sqliteRollups,
      pgRollups,
      sqliteStore: undefined as never,
      pgStore: undefined as never,
    };
    Object.assign(state, storesFor(setup.analyze));
  });
  afterAll(async () => {
    await state?.sqlite.close();
  });
  const get = () => {
    if (!state) throw new Error("useBothStores: read it inside a test");
    return state;
  };
  Object.defineProperties(both, {
    sqlite: { get: () => get().sqlite },
    pg: { get: () => pg.opened.db },
    sqliteStore: { get: () => get().sqliteStore },
    pgStore: { get: () => get().pgStore },
    sqliteRollups: { get: () => get().sqliteRollups },
    pgRollups: { get: () => get().pgRollups },
  });
  both.same = async (op) => {
    const expected = await op(get().sqliteStore);
    const actual = await op(get().pgStore);
    expect(actual).toEqual(expected);
    return expected;
  };
  both.withAnalyzer = storesFor;
  both.expectSameRows = async () => {
    const counts: Record<string, number> = {};
    for (const [table, key] of Object.entries(WRITTEN_TABLES)) {
      const read = async (db: DB) =>
        (
          await sql<Record<string, unknown>>`SELECT * FROM ${sql.id(table)}
            ORDER BY ${sql.join(key.map((k) => sql.id(k)))}`.execute(db)
        ).rows;
      const expected = await read(get().sqlite.db);
      const actual = await read(pg.opened.db);
      expect(actual.length, `${table}: row count`).toBe(expected.length);
      for (const [i, row] of expected.entries()) expect(actual[i], `${table} row ${i}`).toEqual(row);
      counts[table] = expected.length;
    }
    return counts;
  };
  return both;
}
