import pino from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type BlueskyOptions, createBlueskyCollector } from "../../collectors/bluesky/index.ts";
import { abortableSleep, createHttpClient } from "../../collectors/http.ts";
import type { CollectorStore } from "../../collectors/types.ts";
import { createTestDb, type TestDb } from "../helpers/db.ts";
import {
  type FakeBluesky,
  type FakeItem,
  fakeDid,
  otherEvent,
  postEvent,
  postViewOf,
  profileOf,
  startFakeBluesky,
} from "../helpers/fake-bluesky.ts";

const log = pino({ level: "silent" });
const T0 = 1_745_000_000_000_000;
/** What the server builds from the campaigns: the hashtag, optionally with a year. */
const isCampaignTag = (tag: string) => /^clusterwoche(\d{2}|\d{4})?$/.test(tag);

describe("Bluesky collector against a loopback Jetstream and AppView", () => {
  let fake: FakeBluesky;
  let t: TestDb;
  const anna = fakeDid("anna");
  const ben = fakeDid("ben");
  const cem = fakeDid("cem");

  beforeEach(async () => {
    fake = await startFakeBluesky();
    t = await createTestDb(() => new Date());
    fake.profiles.set(anna, profileOf(anna, "anna.bsky.social", 120));
    fake.profiles.set(ben, profileOf(ben, "Ben.example.org", 45));
  });
  afterEach(async () => {
    await Promise.all([fake.close(), t.database.close()]);
  });

  function collector(extra: Partial<BlueskyOptions> = {}, store: CollectorStore = t.store, maxRetries = 1) {
    const http = createHttpClient(
      { timeoutMs: 5000, maxRetries, maxRateLimitWaitMs: 1000, backoffBaseMs: 5, userAgent: "Resonanz/test" },
      { fetch, sleep: abortableSleep, random: Math.random, now: Date.now },
    );
    return createBlueskyCollector(
      {
        service: fake.service,
        jetstream: fake.jetstream,
        idleSeconds: 0.3,
        maxRunSeconds: 20,
        isCampaignTag,
        reconnectBaseMs: 10,
        ...extra,
      },
      { http, store, log },
    );
  }

  /** A campaign post in the AppView, with counts. */
  function published(event: Exclude<FakeItem, string>, handle: string, likes: number) {
    const view = postViewOf(event, handle, { likes, reposts: 2, replies: 1, quotes: 0 });
    fake.posts.set(view.uri, view);
    return view.uri;
  }

  const posts = () =>
    t.database.db
      .selectFrom("posts")
      .innerJoin("authors", "authors.id", "posts.author_id")
      .select([
        "posts.uid",
        "posts.likes",
        "posts.reposts",
        "posts.counts_from",
        "posts.author_followers_at_collection as followers",
        "authors.handle",
      ])
      .orderBy("posts.created_at")
      .execute();
  const cursor = () => t.store.getCursor("bluesky", "jetstream");
  const runs = () =>
    t.database.db
      .selectFrom("collector_runs")
      .select(["status", "fetched", "inserted", "error"])
      .orderBy("id")
      .execute();

  it("marks a post deleted when the firehose says so, in the same run or a later one", async () => {
    const kept = postEvent({ did: anna, rkey: "k1", timeUs: T0 + 1000, text: "#Clusterwoche bleibt" });
    const gone = postEvent({ did: ben, rkey: "g1", timeUs: T0 + 2000, text: "#Clusterwoche verschwindet" });
    const deletion = {
      did: ben,
      time_us: T0 + 3000,
      kind: "commit",
      commit: { rev: "rev-del", operation: "delete", collection: "app.bsky.feed.post", rkey: "g1" },
    } as Exclude<FakeItem, string>;
    fake.items = [kept, gone, deletion];
    const r = await collector().run(new AbortController().signal);
    expect(r).toMatchObject({ failed: 0, inserted: 2 });
    const rows = await t.database.db.selectFrom("posts").select(["uid", "deleted_at", "text"]).execute();
    const state = Object.fromEntries(rows.map((x) => [x.uid.slice(-2), [x.deleted_at !== null, x.text]]));
    expect(state).toEqual({ k1: [false, "#Clusterwoche bleibt"], g1: [true, ""] });
  });

  it("stores what it read every few seconds while a live run stays connected", async () => {
    fake.items = [postEvent({ did: anna, rkey: "l1", timeUs: T0 + 1000, text: "#Clusterwoche live" })];
    const controller = new AbortController();
    const running = collector({ idleSeconds: 30, maxRunSeconds: 30, flushEveryMs: 50 }).run(
      controller.signal,
    );
    let stored = 0;
    for (let i = 0; i < 40 && stored === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      stored = (await posts()).length;
    }
    expect(stored).toBe(1); // stored while the run is still connected
    controller.abort();
    expect(await running).toMatchObject({ error: "aborted" });
  });

  it("stores exactly the campaign posts, enriched, and a second run resumes from the cursor", async () => {
    const e1 = postEvent({ did: anna, rkey: "a1", timeUs: T0 + 1000, text: "Grüße 👋 zur #Clusterwoche!" });
    const e3 = postEvent({
      did: ben,
      rkey: "b1",
      timeUs: T0 + 3000,
      text: "Heute #clusterwoche2017",
      facets: false,
    });
    const e4 = postEvent({
      did: anna,
      rkey: "a2",
      timeUs: T0 + 4000,
      text: "Ohne Tag im Text",
      tags: ["Clusterwoche"],
    });
    const e6 = postEvent({ did: cem, rkey: "c1", timeUs: T0 + 6000, text: "#Clusterwoche19 frisch" });
    const uris = [
      published(e1, "anna.bsky.social", 7),
      published(e3, "ben.example.org", 3),
      published(e4, "anna.bsky.social", 1),
    ];
    fake.items = [
      e1,
      otherEvent(ben, T0 + 1500, "app.bsky.feed.like"),
      postEvent({ did: ben, rkey: "b0", timeUs: T0 + 2000, text: "Schönes #Hamburg" }),
      "{this is not json",
      e3,
      { did: ben, time_us: T0 + 3500, kind: "identity", identity: { did: ben, handle: "ben.example.org" } },
      e4,
      otherEvent(anna, T0 + 5000, "app.bsky.feed.post", "delete"),
      e6, // not (yet) in the AppView, author without profile
      postEvent({ did: cem, rkey: "c2", timeUs: T0 + 7000, text: "Die #Clusterwochen sind vorbei" }),
    ];

    const first = await collector().run(new AbortController().signal);
    expect(first).toEqual({ source: "bluesky", fetched: 4, inserted: 4, updated: 0, failed: 0, error: null });
    const stored = await posts();
    expect(stored).toEqual([
      {
        uid: `bluesky:${uris[0]}`,
        likes: 7,
        reposts: 2,
        counts_from: "origin",
        followers: 120,
        handle: "@anna.bsky.social",
      },
      {
        uid: `bluesky:${uris[1]}`,
        likes: 3,
        reposts: 2,
        counts_from: "origin",
        followers: 45,
        handle: "@ben.example.org",
      },
      {
        uid: `bluesky:${uris[2]}`,
        likes: 1,
        reposts: 2,
        counts_from: "origin",
        followers: 120,
        handle: "@anna.bsky.social",
      },
      {
        uid: `bluesky:at://${cem}/app.bsky.feed.post/c1`,
        likes: 0,
        reposts: 0,
        counts_from: "remote",
        followers: 0,
        handle: `@${cem}`,
      },
    ]);
    const tags = await t.database.db
      .selectFrom("post_hashtags")
      .select("tag")
      .distinct()
      .orderBy("tag")
      .execute();
    expect(tags.map((r) => r.tag)).toEqual(["clusterwoche", "clusterwoche19", "clusterwoche2017"]);
    // The cursor passed the last event, although that one was no campaign post.
    expect(cursor()).toBe(String(T0 + 7000));
    expect(fake.connections[0]?.query).toEqual({ wantedCollections: "app.bsky.feed.post" });
    expect(fake.xrpc.every((r) => r.status === 200 && r.keys <= 25)).toBe(true);
    await vi.waitFor(() => expect(fake.connections[0]?.closeCode).toBe(1000));

    // New events arrive; the next run starts after the cursor and stores only them.
    const e8 = postEvent({ did: ben, rkey: "b2", timeUs: T0 + 8000, text: "Noch mehr #Clusterwoche" });
    published(e8, "ben.example.org", 0);
    fake.items.push(e8, postEvent({ did: ben, rkey: "b3", timeUs: T0 + 9000, text: "nichts" }));
    const second = await collector().run(new AbortController().signal);
    expect(second).toMatchObject({ fetched: 1, inserted: 1, updated: 0, failed: 0 });
    expect(fake.connections[1]?.query.cursor).toBe(String(T0 + 7000));
    expect(await posts()).toHaveLength(5);
    expect(cursor()).toBe(String(T0 + 9000));
    expect(await runs()).toEqual([
      { status: "ok", fetched: 4, inserted: 4, error: null },
      { status: "ok", fetched: 1, inserted: 1, error: null },
    ]);
  });

  it("stores batches of 100 with their cursor and enriches 25 at a time", async () => {
    const authors = Array.from({ length: 40 }, (_, i) => fakeDid(`user${i}`));
    authors.forEach((did, i) => {
      fake.profiles.set(did, profileOf(did, `user${i}.bsky.social`, i));
    });
    const events = Array.from({ length: 230 }, (_, i) => {
      const e = postEvent({
        did: authors[i % 40] as string,
        rkey: `p${i}`,
        timeUs: T0 + i * 10,
        text: `#Clusterwoche ${i}`,
      });
      published(e, `user${i % 40}.bsky.social`, i);
      return e;
    });
    // Noise between the campaign posts.
    fake.items = events.flatMap((e, i) => [
      e,
      postEvent({ did: anna, rkey: `n${i}`, timeUs: e.time_us + 5, text: "#anderes" }),
    ]);
    const batches: { posts: number; cursor: string | undefined }[] = [];
    const spy: CollectorStore = {
      ...t.store,
      ingestBatch: (b) => {
        batches.push({ posts: b.posts.length, cursor: b.cursor });
        return t.store.ingestBatch(b);
      },
    };

    const r = await collector({}, spy).run(new AbortController().signal);
    expect(r).toMatchObject({ fetched: 230, inserted: 230, failed: 0 });
    expect(batches).toEqual([
      { posts: 100, cursor: String(T0 + 990) },
      { posts: 100, cursor: String(T0 + 1990) },
      { posts: 30, cursor: String(T0 + 2295) },
    ]);
    expect(fake.xrpc.filter((x) => x.method === "getPosts").map((x) => x.keys)).toEqual([
      25, 25, 25, 25, 25, 25, 25, 25, 25, 5,
    ]);
    expect(fake.xrpc.every((x) => x.status === 200)).toBe(true);
    const stored = await posts();
    expect(stored.every((p) => p.counts_from === "origin")).toBe(true);
    expect(stored.find((p) => p.uid.endsWith("/p41"))).toMatchObject({
      likes: 41,
      followers: 1,
      handle: "@user1.bsky.social",
    });
  });

  it("stores the cursor past long stretches without campaign posts", async () => {
    fake.items = Array.from({ length: 25 }, (_, i) =>
      postEvent({ did: anna, rkey: `n${i}`, timeUs: T0 + i, text: "kein Kampagnenpost" }),
    );
    const batches: (string | undefined)[] = [];
    const spy: CollectorStore = {
      ...t.store,
      ingestBatch: (b) => {
        batches.push(b.cursor);
        return t.store.ingestBatch(b);
      },
    };
    const r = await collector({ cursorEveryEvents: 10 }, spy).run(new AbortController().signal);
    expect(r).toMatchObject({ fetched: 0, inserted: 0, failed: 0 });
    expect(batches).toEqual([String(T0 + 9), String(T0 + 19), String(T0 + 24)]);
    expect(fake.xrpc).toEqual([]);
  });

  it("records an aborted run, closes the socket, and the next run stores the rest once", async () => {
    const events = Array.from({ length: 200 }, (_, i) =>
      postEvent({ did: anna, rkey: `p${i}`, timeUs: T0 + i * 10, text: `#Clusterwoche ${i}` }),
    );
    for (const e of events) published(e, "anna.bsky.social", 1);
    fake.items = events;
    fake.sendDelayMs = 5;
    const ac = new AbortController();
    const running = collector({ idleSeconds: 30, batchSize: 10 }).run(ac.signal);
    await vi.waitFor(() => expect(fake.connections[0]?.sent ?? 0).toBeGreaterThanOrEqual(40));
    ac.abort();
    const r = await running;
    expect(r.error).toBe("aborted");
    expect(r.failed).toBe(0);
    expect((await runs())[0]).toMatchObject({ status: "aborted", error: "aborted" });
    await vi.waitFor(() => expect(fake.connections[0]?.closeCode).toBe(1000));

    // What was stored matches the cursor exactly: every post up to it, none after.
    const storedCursor = Number(cursor());
    const stored = (await posts()).length;
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(200);
    expect(stored).toBe(events.filter((e) => e.time_us <= storedCursor).length);

    fake.sendDelayMs = 0;
    const rest = await collector().run(new AbortController().signal);
    expect(rest).toMatchObject({ inserted: 200 - stored, failed: 0, error: null });
    expect(await posts()).toHaveLength(200);
  });

  it("stores posts un-enriched when the AppView fails, rather than losing them", async () => {
    const e = postEvent({ did: anna, rkey: "a1", timeUs: T0 + 1, text: "#Clusterwoche" });
    published(e, "anna.bsky.social", 9);
    fake.items = [e];
    fake.xrpcStatus = 503;
    const r = await collector({}, t.store, 0).run(new AbortController().signal);
    expect(r).toMatchObject({ fetched: 1, inserted: 1, failed: 0, error: null });
    expect(await posts()).toEqual([
      expect.objectContaining({ likes: 0, counts_from: "remote", followers: 0, handle: `@${anna}` }),
    ]);
    expect(cursor()).toBe(String(T0 + 1));
  });

  it("resumes after a dropped socket within the run", async () => {
    const events = Array.from({ length: 12 }, (_, i) =>
      postEvent({ did: ben, rkey: `p${i}`, timeUs: T0 + i, text: `#Clusterwoche ${i}` }),
    );
    for (const e of events) published(e, "ben.example.org", 2);
    fake.items = events;
    fake.dropNextAfter(5);
    const r = await collector().run(new AbortController().signal);
    expect(r).toMatchObject({ fetched: 12, inserted: 12, failed: 0 });
    expect(fake.connections.map((c) => c.query.cursor)).toEqual([undefined, String(T0 + 4)]);
  });

  it("records a failed run when Jetstream cannot be reached", async () => {
    const c = collector({ jetstream: "ws://127.0.0.1:9/subscribe", maxReconnects: 1 });
    const r = await c.run(new AbortController().signal);
    expect(r.failed).toBe(1);
    expect(r.error).toMatch(/^jetstream: jetstream .*gave up after 1 reconnects/);
    expect(await runs()).toEqual([
      { status: "failed", fetched: 0, inserted: 0, error: expect.stringMatching(/gave up/) },
    ]);
    expect(cursor()).toBeNull();
  });
});
