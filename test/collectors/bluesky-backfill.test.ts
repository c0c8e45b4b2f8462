import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseBackfillCursor } from "../../collectors/bluesky/backfill.ts";
import { type BlueskyOptions, createBlueskyCollector } from "../../collectors/bluesky/index.ts";
import { postViewSchema } from "../../collectors/bluesky/schema.ts";
import { LOGIN_FAILED, LOGIN_RETRY_AFTER_MS } from "../../collectors/bluesky/session.ts";
import { createXrpcClient } from "../../collectors/bluesky/xrpc.ts";
import { abortableSleep, createHttpClient } from "../../collectors/http.ts";
import { createTestDb, type TestDb } from "../helpers/db.ts";
import {
  type FakeBluesky,
  fakeDid,
  profileOf,
  searchableView,
  startFakeBluesky,
} from "../helpers/fake-bluesky.ts";
import { hasFeeds, NO_SHARED, readFeedJson } from "../helpers/shared.ts";

if (!hasFeeds) console.warn(NO_SHARED);

const PASSWORD = "abcd-efgh-ijkl-mnop";
const NOW = Date.parse("2025-05-20T12:00:00Z");
const FROM = "2025-04-01T00:00:00.000Z";
const isCampaignTag = (tag: string) => /^clusterwoche(\d{2}|\d{4})?$/.test(tag);
const HOUR = 3_600_000;

describe("Bluesky search backfill against a loopback PDS", () => {
  let fake: FakeBluesky;
  let t: TestDb;
  let now: number;
  let lines: string[];
  const authors = Array.from({ length: 5 }, (_, i) => fakeDid(`author${i}`));

  beforeEach(async () => {
    fake = await startFakeBluesky();
    t = await createTestDb(() => new Date(now));
    now = NOW;
    lines = [];
    fake.pds.clock = () => now;
    fake.pds.accounts.push({
      identifier: "resonanz.bsky.social",
      password: PASSWORD,
      did: fakeDid("resonanz"),
      handle: "resonanz.bsky.social",
    });
    authors.forEach((did, i) => {
      fake.profiles.set(did, profileOf(did, `author${i}.bsky.social`, 100 * (i + 1)));
    });
  });
  afterEach(async () => {
    const log = lines.join("");
    expect(log).not.toContain(PASSWORD);
    for (const token of fake.pds.issued) expect(log).not.toContain(token);
    await Promise.all([fake.close(), t.database.close()]);
  });

  function collector(extra: Partial<BlueskyOptions> = {}, maxRetries = 0) {
    const policy = {
      timeoutMs: 5000,
      maxRetries,
      maxRateLimitWaitMs: 1000,
      backoffBaseMs: 5,
      userAgent: "t",
    };
    const httpDeps = { fetch, sleep: abortableSleep, random: Math.random, now: () => now };
    return createBlueskyCollector(
      {
        service: fake.service,
        jetstream: fake.jetstream,
        idleSeconds: 0.1,
        maxRunSeconds: 10,
        isCampaignTag,
        auth: { identifier: "resonanz.bsky.social", password: PASSWORD, pds: fake.service },
        backfillFrom: FROM,
        hashtags: ["#Clusterwoche"],
        ...extra,
      },
      {
        http: createHttpClient(policy, httpDeps),
        xrpc: createXrpcClient(policy, httpDeps),
        store: t.store,
        log: pino({ level: "debug" }, { write: (line: string) => void lines.push(line) }),
        now: () => now,
      },
    );
  }

  /** `n` campaign posts an hour apart, the newest an hour before NOW, by five authors. */
  function campaignPosts(n: number) {
    return Array.from({ length: n }, (_, i) =>
      searchableView({
        did: authors[i % 5] as string,
        handle: `author${i % 5}.bsky.social`,
        rkey: `c${i}`,
        text: `Tag ${i} der #Clusterwoche`,
        at: new Date(NOW - (i + 1) * HOUR).toISOString(),
        likes: i,
      }),
    );
  }
  const inWindow = (views: { indexedAt: string }[]) =>
    views.filter((v) => Date.parse(v.indexedAt) - 500 >= Date.parse(FROM));

  const stored = () =>
    t.database.db
      .selectFrom("posts")
      .innerJoin("authors", "authors.id", "posts.author_id")
      .select([
        "posts.uid",
        "posts.likes",
        "posts.author_followers_at_collection as followers",
        "authors.handle",
      ])
      .execute();
  const runs = () =>
    t.database.db
      .selectFrom("collector_runs")
      .select(["target", "status", "fetched", "error"])
      .orderBy("id")
      .execute();
  const cursor = () => parseBackfillCursor(t.store.getCursor("bluesky", "search#clusterwoche"));

  it("pages searchPosts with the session down to the backfill start and stores the campaign posts", async () => {
    // About 1,300 hours reach back before FROM; those the server leaves out.
    const views = campaignPosts(1300);
    const lookalike = searchableView({
      did: authors[0] as string,
      handle: "author0.bsky.social",
      rkey: "x1",
      text: "Die #Clusterwochen sind vorbei",
      at: new Date(NOW - 5 * HOUR - 1000).toISOString(),
    });
    fake.pds.searchable = [...views, lookalike];
    const expected = inWindow(views);
    expect(expected.length).toBeGreaterThan(1000);

    const r = await collector().run(new AbortController().signal);
    expect(r).toEqual({
      source: "bluesky",
      fetched: expected.length,
      inserted: expected.length,
      updated: 0,
      failed: 0,
      error: null,
    });
    const pages = Math.ceil((expected.length + 1) / 100);
    expect(fake.pds.searches).toHaveLength(pages);
    expect(fake.pds.searches.map((s) => s.query.cursor)).toEqual(
      Array.from({ length: pages }, (_, i) => (i === 0 ? undefined : String(i * 100))),
    );
    for (const s of fake.pds.searches) {
      expect(s).toMatchObject({ auth: "live", status: 200 });
      expect(s.query).toMatchObject({
        q: "#clusterwoche",
        since: FROM,
        until: new Date(NOW).toISOString(),
        sort: "latest",
        limit: "100",
      });
    }
    expect(fake.pds.logins).toHaveLength(1);
    const posts = await stored();
    expect(posts).toHaveLength(expected.length);
    // The look-alike tag was found by the search but is no campaign hashtag.
    expect(posts.some((p) => p.uid.endsWith("/x1"))).toBe(false);
    // Counts and handle come with the PostView, followers through getProfiles.
    expect(posts.find((p) => p.uid.endsWith("/c7"))).toEqual({
      uid: `bluesky:at://${authors[2]}/app.bsky.feed.post/c7`,
      likes: 7,
      followers: 300,
      handle: "@author2.bsky.social",
    });
    const oldest = expected.at(-1)?.indexedAt;
    expect(cursor()).toEqual({ oldest, done: true });
    expect(await runs()).toEqual([
      { target: "jetstream", status: "ok", fetched: 0, error: null },
      { target: "search#clusterwoche", status: "ok", fetched: expected.length, error: null },
    ]);
  });

  it("resumes an interrupted backfill from the oldest post stored, then never repeats it", async () => {
    const views = campaignPosts(350);
    fake.pds.searchable = views;
    fake.pds.failSearchNumber = 2;
    const c = collector();
    const first = await c.run(new AbortController().signal);
    expect(first).toMatchObject({ fetched: 100, inserted: 100, failed: 1 });
    expect(first.error).toMatch(/^search#clusterwoche: HTTP 503 from .*app\.bsky\.feed\.searchPosts/);
    expect(cursor()).toEqual({ oldest: views[99]?.indexedAt, done: false });
    expect(await stored()).toHaveLength(100);

    // The next run starts a fresh search just after the oldest stored post (the server's offset
    // cursor is not kept): the overlap is upserted, nothing doubles, the session is reused.
    const second = await c.run(new AbortController().signal);
    expect(second).toMatchObject({ inserted: 250, failed: 0, error: null });
    const resumed = fake.pds.searches.slice(2);
    expect(resumed[0]?.query).toMatchObject({
      until: new Date(Date.parse(views[99]?.indexedAt as string) + 1).toISOString(),
    });
    expect(resumed[0]?.query.cursor).toBeUndefined();
    expect(resumed.map((s) => s.query.cursor)).toEqual([undefined, "100", "200"]);
    expect(await stored()).toHaveLength(350);
    expect(cursor()).toEqual({ oldest: views[349]?.indexedAt, done: true });
    expect(fake.pds.logins).toHaveLength(1);

    // Done: a new collector (a restart) neither logs in nor searches; only Jetstream runs.
    const searches = fake.pds.searches.length;
    fake.pds.searchable.push(...campaignPosts(1));
    const third = await collector().run(new AbortController().signal);
    expect(third).toMatchObject({ fetched: 0, failed: 0, error: null });
    expect(fake.pds.searches).toHaveLength(searches);
    expect(fake.pds.logins).toHaveLength(1);
    expect((await runs()).map((r) => r.target)).toEqual([
      "jetstream",
      "search#clusterwoche",
      "jetstream",
      "search#clusterwoche",
      "jetstream",
    ]);
  });

  it("spreads a long backfill over runs with backfillMaxPages", async () => {
    fake.pds.searchable = campaignPosts(250);
    const c = collector({ backfillMaxPages: 1 });
    const fetched: number[] = [];
    for (let i = 0; i < 4 && !cursor()?.done; i++)
      fetched.push((await c.run(new AbortController().signal)).fetched);
    // Each run re-reads the post at the boundary, which is upserted, not doubled.
    expect(fetched).toEqual([100, 100, 52]);
    expect(await stored()).toHaveLength(250);
    expect(cursor()?.done).toBe(true);
  });

  it("fails the search targets with a clear message on a bad password and logs in at most once per 5 minutes", async () => {
    const c = collector({
      auth: { identifier: "resonanz.bsky.social", password: "wrong", pds: fake.service },
      hashtags: ["Clusterwoche", "#clusterwoche", "Innovationscluster"],
    });
    const first = await c.run(new AbortController().signal);
    expect(first).toMatchObject({ failed: 2, error: `search#clusterwoche: ${LOGIN_FAILED}` });
    const second = await c.run(new AbortController().signal);
    expect(second.failed).toBe(2);
    expect(fake.pds.logins).toHaveLength(1);
    expect(fake.pds.searches).toEqual([]);
    expect(
      (await runs()).filter((r) => r.target.startsWith("search#")).map((r) => [r.target, r.status]),
    ).toEqual([
      ["search#clusterwoche", "failed"],
      ["search#innovationscluster", "failed"],
      ["search#clusterwoche", "failed"],
      ["search#innovationscluster", "failed"],
    ]);
    expect((await runs())[4]?.error).toMatch(/next login attempt after 2025-05-20T12:05:00\.000Z/);
    now += LOGIN_RETRY_AFTER_MS;
    await c.run(new AbortController().signal);
    expect(fake.pds.logins).toHaveLength(2);
    // The Jetstream part is not held up by the search.
    expect((await runs()).filter((r) => r.target === "jetstream").every((r) => r.status === "ok")).toBe(true);
  });

  it("runs only Jetstream when the backfill is half configured, and says what is missing", async () => {
    const c = collector({ hashtags: [] });
    const r = await c.run(new AbortController().signal);
    expect(r).toMatchObject({ failed: 0, error: null });
    expect((await runs()).map((x) => x.target)).toEqual(["jetstream"]);
    expect(lines.some((l) => JSON.parse(l).missing?.includes("hashtags"))).toBe(true);
    expect(fake.pds.logins).toEqual([]);
  });

  it.skipIf(!hasFeeds)("stores the real recorded PostViews the search finds, with their counts", async () => {
    const page = readFeedJson<{ posts: unknown[] }>("bluesky-searchPosts-bsky.social-redistricting.json");
    fake.pds.searchable = page.posts.map((p) => postViewSchema.parse(p));
    const r = await collector({
      hashtags: ["txlege"],
      isCampaignTag: (tag) => tag === "txlege",
      backfillFrom: "2025-05-18T00:00:00Z",
    }).run(new AbortController().signal);
    expect(r).toMatchObject({ fetched: 1, inserted: 1, failed: 0 });
    expect(await stored()).toEqual([
      {
        uid: "bluesky:at://did:plc:7nagdvjqrzaquzk7mueohne5/app.bsky.feed.post/3lpica7sxmk2u",
        likes: 58,
        followers: 0,
        handle: "@mcpli.bsky.social",
      },
    ]);
    expect(parseBackfillCursor(t.store.getCursor("bluesky", "search#txlege"))).toEqual({
      oldest: "2025-05-19T00:16:53.915Z",
      done: true,
    });
  });
});
