import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { SourceResult } from "../../collectors/types.ts";
import { parseFilters } from "../../data/filters.ts";
import { getSummary, getSummaryFromPosts } from "../../data/queries/summary.ts";
import { createApp } from "../../server/app.ts";
import { buildCollectors, runCollectors } from "../../server/collection.ts";
import { loadConfig } from "../../server/config.ts";
import { openRuntimeWith, type Runtime } from "../../server/runtime.ts";
import { createScheduler } from "../../server/scheduler.ts";
import { storageErrorOf } from "../../server/storage-errors.ts";
import { writeTestConfig } from "../helpers/config-file.ts";
import { type FakeInstance, type FakeStatus, startFakeMastodon } from "../helpers/fake-mastodon.ts";

/**
 * Storage faults while `npm start` runs, in process with the real runtime,
 * collectors, scheduler and app against a loopback Mastodon:
 * - read-only: `PRAGMA query_only = ON` on the server's connection. SQLite then
 *   refuses every write with SQLITE_READONLY, the code a read-only database
 *   file gives; chmod cannot simulate it here (tests run as root).
 * - full disk: `PRAGMA max_page_count` caps the file a few pages above its
 *   size; SQLite then fails the write with SQLITE_FULL, as on a full disk.
 * Both are set on the live connection, so nothing else in the path is faked.
 */

const BACKOFF_MS = 60_000;

function status(fake: FakeInstance, i: number): FakeStatus {
  return {
    id: String(100_000 + i),
    uri: `${fake.url}users/u${i % 7}/statuses/${100_000 + i}`,
    created_at: new Date(Date.parse("2017-04-20T08:00:00Z") + i * 600_000).toISOString(),
    content: `<p>Beitrag ${i} zur #Clusterwoche – ${"Innovation im Cluster ".repeat(i % 5)}</p>`,
    tags: ["clusterwoche"],
    acct: `u${i % 7}`,
    followers: 50 + i,
    favourites: i % 3,
  };
}

interface Harness {
  rt: Runtime;
  logs: Record<string, unknown>[];
  clock: { now: number };
  /** One scheduled tick of the Mastodon job; the lines `collect` would print. */
  tick(): Promise<SourceResult[]>;
  close(): Promise<void>;
}

async function harness(dir: string, fake: FakeInstance, name: string): Promise<Harness> {
  const configPath = writeTestConfig(
    dir,
    {
      sources: { mastodon: { instances: [fake.url], refresh: { enabled: false } } },
      http: { timeoutMs: 2000, maxRetries: 0, maxRateLimitWaitMs: 0 },
    },
    `${name}.json`,
  );
  const logs: Record<string, unknown>[] = [];
  const log = pino({ level: "debug" }, { write: (line: string) => logs.push(JSON.parse(line)) });
  const rt = await openRuntimeWith(loadConfig(configPath), join(dir, `${name}.sqlite`), log);
  const clock = { now: Date.parse("2017-04-29T12:00:00Z") };
  const collectors = buildCollectors(
    rt.config,
    { store: rt.store, http: rt.http, log, version: "test" },
    { mode: "serve", storageBackoff: { baseMs: BACKOFF_MS, now: () => clock.now } },
  );
  let last: SourceResult[] = [];
  // The job table npm start builds (start.ts); ticks are driven with runNow instead of cron.
  const scheduler = createScheduler(
    collectors.map((e) => ({
      name: `collect:${e.collector.source}`,
      schedule: e.schedule,
      run: async (signal: AbortSignal) => {
        last = await runCollectors([e.collector], { store: rt.store, log, signal });
      },
    })),
    { timezone: "Europe/Berlin", log },
  );
  return {
    rt,
    logs,
    clock,
    async tick() {
      last = [];
      await scheduler.runNow("collect:mastodon");
      return last;
    },
    async close() {
      await scheduler.stop();
      await rt.database.close();
    },
  };
}

function count(rt: Runtime, sql: string): number {
  return (rt.database.sqlite.prepare(sql).get() as { n: number }).n;
}

/** The log lines at error level: readable messages, never a stack. */
function errorLogs(h: Harness): Record<string, unknown>[] {
  const errors = h.logs.filter((l) => (l.level as number) >= 50);
  for (const e of errors) expect(JSON.stringify(e)).not.toMatch(/"stack"|\n\s+at /);
  return errors;
}

describe("storage faults", () => {
  let fake: FakeInstance;
  let dir: string;
  let h: Harness | null = null;

  beforeAll(async () => {
    fake = await startFakeMastodon();
    dir = mkdtempSync(join(tmpdir(), "resonanz-storage-"));
  });
  afterEach(async () => {
    await h?.close();
    h = null;
  });
  afterAll(() => fake.close());

  it("read-only: the run fails with a readable message, collectors pause and resume, reads go on", async () => {
    fake.statuses = Array.from({ length: 60 }, (_, i) => status(fake, i));
    h = await harness(dir, fake, "readonly");
    const { rt } = h;
    expect(await h.tick()).toMatchObject([{ inserted: 60, failed: 0 }]);
    fake.statuses.push(...Array.from({ length: 30 }, (_, i) => status(fake, 60 + i)));
    const app = createApp({
      db: rt.database.db,
      store: rt.store,
      campaigns: rt.campaigns,
      version: "test",
      now: () => new Date(),
      // Its own log: the collectors' lines are what this test reads.
      log: pino({ level: "silent" }),
    });

    rt.database.sqlite.pragma("query_only = ON");
    const requestsBefore = fake.requests.length;
    const [failed] = await h.tick();
    expect(failed?.failed).toBe(1);
    expect(failed?.error).toMatch(
      /^Datenbank schreibgeschützt \/ database is read-only: .*\(SQLITE_READONLY\)/,
    );
    // The run row cannot be written to a read-only database: the log holds it, once, without a stack.
    const [logged, ...more] = errorLogs(h);
    expect(more).toEqual([]);
    expect(logged?.msg).toMatch(/^Datenbank schreibgeschützt \/ database is read-only/);
    expect(logged?.code).toBe("SQLITE_READONLY");
    // Nothing was fetched for a store that cannot take it.
    expect(fake.requests.length).toBe(requestsBefore);

    // The dashboard keeps serving what is stored.
    for (const path of ["/", "/api/summary", "/api/timeline", "/api/posts", "/healthz"]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
    }
    expect(((await (await app.request("/api/summary")).json()) as { posts: number }).posts).toBe(60);

    // No spinning: ticks during the pause touch neither the source nor the database.
    for (let i = 0; i < 20; i++) {
      const [skipped] = await h.tick();
      expect(skipped?.error).toMatch(
        /database is read-only.*collection paused until 2017-04-29T12:01:00\.000Z/,
      );
    }
    expect(fake.requests.length).toBe(requestsBefore);
    expect(errorLogs(h)).toHaveLength(1);

    // After the pause it tries again; still read-only, the pause doubles.
    h.clock.now += BACKOFF_MS;
    expect((await h.tick())[0]?.error).toMatch(/database is read-only/);
    const second = errorLogs(h)[1];
    expect(second).toMatchObject({ failures: 2, retryAt: "2017-04-29T12:03:00.000Z" });

    // Writable again: the next try after the pause collects what was missed.
    rt.database.sqlite.pragma("query_only = OFF");
    h.clock.now += 2 * BACKOFF_MS;
    expect(await h.tick()).toMatchObject([{ inserted: 30, failed: 0, error: null }]);
    expect(h.logs.some((l) => l.msg === "storage writable again; collectors resume")).toBe(true);
    expect(count(rt, "SELECT count(*) n FROM posts")).toBe(90);
    expect(rt.database.sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
  });

  it("full disk: SQLITE_FULL is 'Datenbank voll / database full', recorded, and nothing is half-written", async () => {
    fake.statuses = Array.from({ length: 40 }, (_, i) => status(fake, i));
    h = await harness(dir, fake, "full");
    const { rt } = h;
    const s = rt.database.sqlite;
    expect(await h.tick()).toMatchObject([{ inserted: 40, failed: 0 }]);
    fake.statuses.push(...Array.from({ length: 120 }, (_, i) => status(fake, 40 + i)));
    const before = {
      posts: count(rt, "SELECT count(*) n FROM posts"),
      tags: count(rt, "SELECT count(*) n FROM post_hashtags"),
      sources: count(rt, "SELECT count(*) n FROM post_sources"),
      rollup: count(rt, "SELECT coalesce(sum(posts), 0) n FROM rollup_hours WHERE scope = ''"),
      cursor: s.prepare("SELECT cursor FROM source_cursors").all(),
    };

    // The file may grow by two pages: room for the run row, not for a page of posts.
    s.pragma("wal_checkpoint(TRUNCATE)");
    s.pragma(`max_page_count = ${Number(s.pragma("page_count", { simple: true })) + 2}`);
    const [failed] = await h.tick();
    expect(failed?.failed).toBe(1);
    expect(failed?.error).toMatch(/Datenbank voll \/ database full: .*\(SQLITE_FULL\)/);
    const run = s
      .prepare("SELECT status, error FROM collector_runs WHERE source = 'mastodon' ORDER BY id DESC LIMIT 1")
      .get() as { status: string; error: string };
    expect(run.status).toBe("failed");
    expect(run.error).toMatch(/^Datenbank voll \/ database full: .*\(SQLITE_FULL\)$/);
    expect(errorLogs(h)[0]?.msg).toMatch(/^Datenbank voll \/ database full/);

    // The batch rolled back whole: posts, their tags, sources, rollups and the cursor as before.
    expect({
      posts: count(rt, "SELECT count(*) n FROM posts"),
      tags: count(rt, "SELECT count(*) n FROM post_hashtags"),
      sources: count(rt, "SELECT count(*) n FROM post_sources"),
      rollup: count(rt, "SELECT coalesce(sum(posts), 0) n FROM rollup_hours WHERE scope = ''"),
      cursor: s.prepare("SELECT cursor FROM source_cursors").all(),
    }).toEqual(before);
    expect(s.pragma("integrity_check", { simple: true })).toBe("ok");

    // Space again: after the pause everything missed is stored, rollups exact.
    s.pragma("max_page_count = 1073741823");
    h.clock.now += BACKOFF_MS;
    expect(await h.tick()).toMatchObject([{ inserted: 120, failed: 0, error: null }]);
    expect(count(rt, "SELECT count(*) n FROM posts")).toBe(160);
    const f = parseFilters({}, rt.campaigns);
    expect(await getSummary(rt.database.db, f)).toEqual(await getSummaryFromPosts(rt.database.db, f));
    expect(s.pragma("integrity_check", { simple: true })).toBe("ok");
  });

  it("maps SQLite's storage codes to readable errors and leaves other errors alone", () => {
    const err = (code: string) => Object.assign(new Error("x"), { code });
    expect(storageErrorOf(err("SQLITE_FULL"))?.message).toMatch(/^Datenbank voll \/ database full/);
    expect(storageErrorOf(err("SQLITE_READONLY_DBMOVED"))?.problem).toBe("read-only");
    expect(storageErrorOf(err("SQLITE_IOERR_WRITE"))?.problem).toBe("io");
    expect(storageErrorOf(err("SQLITE_BUSY"))?.problem).toBe("busy");
    expect(storageErrorOf(err("SQLITE_CORRUPT"))?.problem).toBe("damaged");
    expect(storageErrorOf(err("SQLITE_CONSTRAINT_UNIQUE"))).toBeNull();
    expect(storageErrorOf(new Error("plain"))).toBeNull();
  });
});
