import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { abortableSleep, createHttpClient } from "../../collectors/http.ts";
import { createMastodonCollector } from "../../collectors/mastodon/index.ts";
import { createTestDb, type TestDb } from "../helpers/db.ts";
import { type FakeInstance, type FakeStatus, startFakeMastodon } from "../helpers/fake-mastodon.ts";

const log = pino({ level: "silent" });

function statuses(instance: FakeInstance, n: number, firstId: bigint, startMs: number): FakeStatus[] {
  return Array.from({ length: n }, (_, i) => {
    const id = String(firstId + BigInt(i));
    return {
      id,
      uri: `${instance.url}users/u${i % 7}/statuses/${id}`,
      created_at: new Date(startMs + i * 60_000).toISOString(),
      content: `<p>Beitrag ${i} zur <a href="${instance.url}tags/clusterwoche" class="mention hashtag">#<span>Clusterwoche</span></a></p>`,
      tags: ["clusterwoche"],
      acct: `u${i % 7}`,
      followers: 10 * (i % 7),
      favourites: i % 3,
    };
  });
}

describe("Mastodon collector against two loopback instances", () => {
  let a: FakeInstance;
  let b: FakeInstance;
  let t: TestDb;

  beforeEach(async () => {
    [a, b] = await Promise.all([startFakeMastodon(), startFakeMastodon()]);
    t = await createTestDb(() => new Date());
  });
  afterEach(async () => {
    await Promise.all([a.close(), b.close(), t.database.close()]);
  });

  function collector(maxPagesPerRun = 100) {
    const http = createHttpClient(
      {
        timeoutMs: 5000,
        maxRetries: 3,
        maxRateLimitWaitMs: 10_000,
        backoffBaseMs: 10,
        userAgent: "Resonanz/test",
      },
      { fetch, sleep: abortableSleep, random: Math.random, now: Date.now },
    );
    return createMastodonCollector(
      {
        instances: [a.url, b.url],
        hashtags: [{ tag: "clusterwoche", variants: [] }],
        backfillUntil: "2017-04-13T22:00:00.000Z",
        maxPagesPerRun,
      },
      { http, store: t.store, log },
    );
  }

  async function count(table: "posts" | "authors") {
    const r = await t.database.db
      .selectFrom(table)
      .select((e) => e.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return r.n;
  }

  it("stores every post once across pages, federation and a 429, and respects the reset", async () => {
    const start = Date.parse("2017-04-20T08:00:00Z");
    a.statuses = statuses(a, 95, 100000000000000000n, start); // three pages of 40/40/15
    b.statuses = statuses(b, 30, 200000000000000000n, start + 3_600_000);
    // One of A's posts federated to B: same uri, B's own id, other counts.
    const origin = a.statuses[10] as FakeStatus;
    b.statuses.push({
      ...origin,
      id: "200000000000000999",
      acct: `${origin.acct}@${a.host}`,
      favourites: 99,
    });
    b.rateLimitNext(1, 1200);

    const first = await collector().run(new AbortController().signal);
    expect(first).toMatchObject({ source: "mastodon", failed: 0, error: null, inserted: 125 });
    expect(await count("posts")).toBe(125);

    // A paged backwards through Link rel=next: first page, then max_id pages until
    // an empty one (Mastodon sends a next link whenever a page is non-empty).
    const aQueries = a.requests.map((r) => r.query);
    expect(aQueries[0]).toEqual({ limit: "40" });
    expect(aQueries.filter((q) => q.max_id).length).toBe(3);

    // B answered 429 first; the retry came no earlier than the announced reset.
    expect(b.requests.length).toBeGreaterThanOrEqual(2);
    const gap = (b.requests[1]?.at ?? 0) - (b.requests[0]?.at ?? 0);
    expect(gap).toBeGreaterThanOrEqual(1200);
    const run = await t.database.db
      .selectFrom("collector_runs")
      .selectAll()
      .where("target", "=", `${b.host}#clusterwoche`)
      .executeTakeFirstOrThrow();
    expect(run.status).toBe("ok");
    expect(run.rate_limit_wait_ms).toBeGreaterThanOrEqual(1200);

    // The origin's counts win over the federated copy's.
    const fed = await t.database.db
      .selectFrom("posts")
      .select(["likes", "counts_from"])
      .where("uid", "=", `mastodon:${origin.uri}`)
      .executeTakeFirstOrThrow();
    expect(fed).toEqual({ likes: origin.favourites, counts_from: "origin" });
    const copies = await t.database.db
      .selectFrom("post_sources")
      .select("target")
      .where("remote_id", "in", [origin.id, "200000000000000999"])
      .execute();
    expect(copies).toHaveLength(2);

    // A second run finds nothing new and doubles nothing; new posts arrive by min_id.
    const second = await collector().run(new AbortController().signal);
    expect(second).toMatchObject({ inserted: 0, failed: 0 });
    expect(await count("posts")).toBe(125);
    a.statuses.push(...statuses(a, 3, 100000000000001000n, start + 86_400_000));
    const before = a.requests.length;
    const third = await collector().run(new AbortController().signal);
    expect(third).toMatchObject({ inserted: 3, failed: 0 });
    expect(a.requests.slice(before)[0]?.query.min_id).toBe("100000000000000094");
    expect(await count("posts")).toBe(128);
  });

  it("resumes an interrupted backfill where the stored cursor stands", async () => {
    a.statuses = statuses(a, 120, 100000000000000000n, Date.parse("2017-04-20T08:00:00Z"));
    // One page per run: each run goes one page further back, none repeats or skips.
    const inserted: number[] = [];
    for (let i = 0; i < 4; i++)
      inserted.push((await collector(1).run(new AbortController().signal)).inserted);
    expect(inserted).toEqual([40, 40, 40, 0]);
    expect(await count("posts")).toBe(120);
  });

  it("stops paging backwards once it passes the campaign start", async () => {
    // 200 posts, one every 2 hours ending on 24 April: the oldest reach back to 8 April.
    const end = Date.parse("2017-04-24T12:00:00Z");
    a.statuses = statuses(a, 200, 100000000000000000n, end - 199 * 7_200_000).map((s, i) => ({
      ...s,
      created_at: new Date(end - (199 - i) * 7_200_000).toISOString(),
    }));
    await collector().run(new AbortController().signal);
    const pages = a.requests.filter((r) => r.query.max_id || Object.keys(r.query).length === 1).length;
    expect(pages).toBeLessThan(5); // 5 pages would be everything; the start (14 April, 00:00 Berlin) is reached earlier
    expect(await count("posts")).toBeLessThan(200);
  });

  it("asks for year variants with any[] on every page, and retries first contact on an empty tag", async () => {
    const start = Date.parse("2017-04-20T08:00:00Z");
    const http = createHttpClient(
      { timeoutMs: 5000, maxRetries: 0, maxRateLimitWaitMs: 0, backoffBaseMs: 10, userAgent: "t" },
      { fetch, sleep: abortableSleep, random: Math.random, now: Date.now },
    );
    const c = createMastodonCollector(
      {
        instances: [a.url],
        hashtags: [{ tag: "clusterwoche", variants: ["clusterwoche2017", "clusterwoche17"] }],
        backfillUntil: "2017-04-13T22:00:00.000Z",
        maxPagesPerRun: 100,
      },
      { http, store: t.store, log },
    );
    // Empty at first contact: nothing stored, no cursor, so nothing is skipped later.
    expect(await c.run(new AbortController().signal)).toMatchObject({ inserted: 0, failed: 0 });
    expect(t.store.getCursor("mastodon", `${a.host}#clusterwoche`)).toBeNull();

    a.statuses = statuses(a, 100, 100000000000000000n, start).map((s, i) => ({
      ...s,
      tags: i % 3 === 0 ? ["clusterwoche17"] : i % 3 === 1 ? ["clusterwoche2017"] : ["clusterwoche"],
    }));
    const r = await c.run(new AbortController().signal);
    expect(r).toMatchObject({ inserted: 100, failed: 0 });
    const paged = a.requests.filter((q) => q.query.max_id);
    expect(paged.length).toBeGreaterThan(0);
    for (const q of a.requests) {
      expect(q.path).toBe("/api/v1/timelines/tag/clusterwoche");
      expect(q.any).toEqual(["clusterwoche2017", "clusterwoche17"]);
    }
    expect(await count("posts")).toBe(100);
  });

  it.each([
    ["401 on the timeline", { requireLogin: true, access: null }],
    [
      "timelines_access says authenticated",
      { requireLogin: false, access: { local: "authenticated", remote: "authenticated" } },
    ],
  ])("records an instance whose hashtag feeds need login as such (%s)", async (_name, setup) => {
    a.requireLogin = setup.requireLogin;
    a.timelinesAccess = setup.access;
    a.statuses = statuses(a, 5, 100000000000000000n, Date.parse("2017-04-20T08:00:00Z"));
    const r = await collector().run(new AbortController().signal);
    expect(r.failed).toBe(1);
    expect(r.error).toMatch(
      /login required: 127\.0\.0\.1:\d+ shows its hashtag timelines to logged-in users only/,
    );
    const run = await t.database.db
      .selectFrom("collector_runs")
      .select(["status", "error"])
      .where("target", "like", `${a.host}%`)
      .executeTakeFirstOrThrow();
    expect(run).toMatchObject({ status: "failed", error: expect.stringMatching(/^login required/) });
  });

  it("reads only local posts where only those are public", async () => {
    a.timelinesAccess = { local: "public", remote: "authenticated" };
    a.statuses = statuses(a, 6, 100000000000000000n, Date.parse("2017-04-20T08:00:00Z")).map((s, i) => ({
      ...s,
      acct: i % 2 ? `${s.acct}@elsewhere.example` : s.acct,
    }));
    const r = await collector().run(new AbortController().signal);
    expect(r).toMatchObject({ failed: 0, inserted: 3 });
    expect(a.requests.every((q) => q.query.local === "true")).toBe(true);
  });

  it("records a failed target and carries on with the others", async () => {
    const dead = "http://127.0.0.1:9/";
    const http = createHttpClient(
      { timeoutMs: 2000, maxRetries: 1, maxRateLimitWaitMs: 1000, backoffBaseMs: 5, userAgent: "t" },
      { fetch, sleep: abortableSleep, random: Math.random, now: Date.now },
    );
    a.statuses = statuses(a, 5, 100000000000000000n, Date.parse("2017-04-20T08:00:00Z"));
    const c = createMastodonCollector(
      {
        instances: [dead, a.url],
        hashtags: [{ tag: "clusterwoche", variants: [] }],
        backfillUntil: "2017-04-13T22:00:00.000Z",
        maxPagesPerRun: 10,
      },
      { http, store: t.store, log },
    );
    const r = await c.run(new AbortController().signal);
    expect(r.failed).toBe(1);
    expect(r.error).toMatch(/127\.0\.0\.1:9#clusterwoche: cannot reach/);
    expect(r.inserted).toBe(5);
    const runs = await t.database.db
      .selectFrom("collector_runs")
      .select(["target", "status"])
      .orderBy("id")
      .execute();
    expect(runs).toEqual([
      { target: "127.0.0.1:9#clusterwoche", status: "failed" },
      { target: `${a.host}#clusterwoche`, status: "ok" },
    ]);
  });
});
