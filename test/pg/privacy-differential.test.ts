import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import type { DB } from "../../data/db.ts";
import { parseFilters } from "../../data/filters.ts";
import { copySqliteToPostgres } from "../../data/pg/copy-from-sqlite.ts";
import { createPgPrivacyStore } from "../../data/pg/privacy-store.ts";
import { createPgRollupMaintainer } from "../../data/pg/rollup-maintainer.ts";
import { type ErasureRequest, eraseAuthorWith } from "../../data/privacy/erasure.ts";
import { type RetentionPolicy, runRetentionSteps } from "../../data/privacy/retention.ts";
import { createSqlitePrivacyStore, type PrivacyStore } from "../../data/privacy/store.ts";
import { getSummary } from "../../data/queries/summary.ts";
import { rollupFamilies } from "../../data/rollups/family.ts";
import { CAMPAIGNS } from "../helpers/db.ts";
import { describePg, usePgDatabase } from "../helpers/postgres.ts";
import { makePost, type PrivacyWorld, privacyWorld, SECRET, SILENT } from "../privacy/privacy-world.ts";
import { WRITTEN_TABLES } from "./both-stores.ts";

/** What retention and erasure write besides the tables ingest writes. */
const TABLES: Record<string, readonly string[]> = {
  ...WRITTEN_TABLES,
  erasure_log: ["id"],
  reports: ["id"],
};

const TARGET = "@ziel@social.example";
const target = { handle: TARGET, name: "Ziel", url: "https://social.example/@ziel", followers: 4321 };
const GONE = "@weg@x.example";

/**
 * Retention and erasure run through the shared code with SQLite's statements
 * and with PostgreSQL's (data/pg/retention-steps.ts, erasure-store.ts) on one
 * world, copied: every table must hold the same rows afterwards, rollups included.
 */
describePg("privacy on PostgreSQL: the same rows as SQLite", () => {
  const pg = usePgDatabase();
  let world: PrivacyWorld;
  let sqliteStore: PrivacyStore;
  let pgStore: PrivacyStore;
  const clock = { now: new Date("2017-05-01T00:00:00Z") };

  beforeAll(async () => {
    const seenTwice = makePost({
      createdAt: "2017-04-21T08:00:00.000Z",
      text: "Zielwort #Clusterwoche #owltag",
      hashtags: ["clusterwoche", "owltag"],
      author: target,
    });
    world = await privacyWorld([
      seenTwice,
      makePost({
        createdAt: "2017-04-24T08:00:00.000Z",
        text: "Zielwort zwei #Clusterwoche",
        author: target,
      }),
      makePost({ createdAt: "2019-04-05T08:00:00.000Z", text: "Ziel 2019 #Clusterwoche", author: target }),
      makePost({
        createdAt: "2017-04-22T10:00:00.000Z",
        text: "Gelöscht #Clusterwoche",
        author: { handle: GONE, name: "Weg", url: null, followers: 9 },
      }),
    ]);
    world.clock.now = clock.now;
    // Deleted at the source on 1 May 2017: purged 30 days later.
    world.store.markDeleted(
      world.posts.filter((p, i) => i % 9 === 0 || p.author.handle === GONE).map((p) => p.uid),
    );
    // Archived reports: one covers the target's 2017 posts, one does not.
    const s = world.database.sqlite;
    const report = s.prepare(
      `INSERT INTO reports (kind, campaign, lang, period_from, period_to, file, bytes, sha256, created_at,
         "trigger", status) VALUES ('manual', ?, 'de', ?, ?, ?, 1, 'ab', '2017-05-01T00:00:00.000Z', 'request', 'archived')`,
    );
    report.run("clusterwoche-2017", "2017-04-20", "2017-04-23", "a.pdf");
    report.run("clusterwoche-2017", "2017-04-26", "2017-04-28", "b.pdf");
    await copySqliteToPostgres(s, pg.opened.db);
    // The same post under a second id on the same target (a copy on another instance): two
    // sightings that only together count the post for the target. Added on both after the copy,
    // one row as ingest adds it (copySqliteToPostgres inserts in bulk, where the triggers count such a pair as none).
    const second = sql`INSERT INTO post_sources (post_id, source, target, remote_id, seen_at)
      SELECT id, 's', 't', '999', '2017-04-30T00:00:00.000Z' FROM posts WHERE uid = ${seenTwice.uid}`;
    for (const db of [world.database.db, pg.opened.db])
      expect((await second.execute(db)).numAffectedRows).toBe(1n);
    const families = rollupFamilies(CAMPAIGNS.campaigns);
    sqliteStore = createSqlitePrivacyStore(s, world.rollups);
    pgStore = createPgPrivacyStore(pg.opened.db, await createPgRollupMaintainer(pg.opened.db, families));
  });

  async function expectSameRows(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const [table, key] of Object.entries(TABLES)) {
      const read = async (db: DB) =>
        (
          await sql<Record<string, unknown>>`SELECT * FROM ${sql.id(table)}
            ORDER BY ${sql.join(key.map((k) => sql.id(k)))}`.execute(db)
        ).rows;
      const expected = await read(world.database.db);
      const actual = await read(pg.opened.db);
      expect(actual.length, `${table}: row count`).toBe(expected.length);
      for (const [i, row] of expected.entries()) expect(actual[i], `${table} row ${i}`).toEqual(row);
      counts[table] = expected.length;
    }
    return counts;
  }

  const deps = () => ({
    campaigns: CAMPAIGNS.campaigns,
    secret: SECRET,
    now: () => clock.now,
    log: SILENT,
    batchSize: 23,
  });
  const retain = async (store: PrivacyStore, policy: RetentionPolicy) =>
    runRetentionSteps(store.retention(deps()), deps(), policy);
  const erase = async (store: PrivacyStore, request: ErasureRequest) =>
    eraseAuthorWith(store.erasure, deps(), request);
  const both = async <T>(op: (store: PrivacyStore) => Promise<T>): Promise<T> => {
    const expected = await op(sqliteStore);
    expect(await op(pgStore)).toEqual(expected);
    return expected;
  };

  it("starts from the same rows", async () => {
    const counts = await expectSameRows();
    expect(counts.posts).toBeGreaterThan(200);
  });

  it("purges posts deleted at the source, with their orphaned authors", async () => {
    clock.now = new Date("2017-05-29T00:00:00Z");
    expect(await both((s) => retain(s, {}))).toMatchObject({ status: "ok", purged: 0 });
    clock.now = new Date("2017-06-01T00:00:00Z");
    const r = await both((s) => retain(s, {}));
    expect(r.purged).toBeGreaterThan(20);
    expect(r.authorsRemoved).toBeGreaterThanOrEqual(1);
    await expectSameRows();
  });

  it("erases an author: a dry run counts, the erasure removes, flags and logs the same", async () => {
    clock.now = new Date("2017-06-02T00:00:00Z");
    const dry = await both((s) => erase(s, { handle: "ZIEL@social.example", dryRun: true }));
    expect(dry).toMatchObject({ posts: 3, authors: 1, reportsFlagged: 1, logId: null });
    const done = await both((s) => erase(s, { handle: TARGET, trigger: "cli" }));
    expect(done).toMatchObject({ posts: 3, reportsFlagged: 1, previousErasures: 0 });
    expect(done.logId).not.toBeNull();
    await expectSameRows();
    expect(await both((s) => erase(s, { handle: TARGET, platform: "mastodon" }))).toMatchObject({
      posts: 0,
      previousErasures: 1,
    });
    await expectSameRows();
  });

  it("redacts text and identity after the retention period, and erases a pseudonymised author", async () => {
    // 2019-04-20: the 2017 edition is past 30 days after its end, the 2019 one is not.
    clock.now = new Date("2019-04-20T12:00:00Z");
    const r = await both((s) => retain(s, { retentionDays: 30 }));
    expect(r.redacted).toBeGreaterThan(50);
    expect(r.authorsRedacted).toBeGreaterThan(0);
    const counts = await expectSameRows();
    expect(counts.collector_runs).toBe(3);
    // Again: nothing left to do, on both.
    expect(await both((s) => retain(s, { retentionDays: 30 }))).toMatchObject({ redacted: 0 });
    // An author whose identity retention removed is still found by the handle.
    const erased = await both((s) => erase(s, { handle: "@a5@x.example" }));
    expect(erased.authors).toBeGreaterThanOrEqual(1);
    expect(erased.posts).toBeGreaterThan(0);
    await expectSameRows();
    const f = parseFilters({}, CAMPAIGNS);
    expect(await getSummary(pg.opened.db, f)).toEqual(await getSummary(world.database.db, f));
  });

  it("a stopped run is recorded as aborted on both", async () => {
    const stopped = AbortSignal.abort();
    const r = await both((s) => runRetentionSteps(s.retention(deps()), deps(), {}, stopped));
    expect(r.status).toBe("aborted");
    await expectSameRows();
  });
});
