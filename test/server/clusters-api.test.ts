import pino from "pino";
import { beforeAll, describe, expect, it } from "vitest";
import { createCollectorStore } from "../../collectors/ingest.ts";
import { createPostAnalyzer } from "../../data/analysis/analyze-post.ts";
import { compileMatcher } from "../../data/analysis/attribution.ts";
import { parseRegistry } from "../../data/analysis/registry.ts";
import { createSentimentScorer } from "../../data/analysis/sentiment.ts";
import { type OpenedDatabase, openDatabase } from "../../data/db.ts";
import { syncRegistry } from "../../data/registry-sync.ts";
import { createApp } from "../../server/app.ts";
import { CAMPAIGNS, makePost, testRollups } from "../helpers/db.ts";

const registry = parseRegistry({
  clusters: [
    { id: "its-owl", name: "it's OWL Clustermanagement GmbH", shortName: "it's OWL", state: "DE-NW" },
    { id: "biorn", name: "BioRN Network e.V.", shortName: "BioRN", state: "DE-BW" },
  ],
});
const events = [
  {
    id: "owl-tag",
    title: "Tag der offenen Tür",
    start: "2017-04-21",
    end: "2017-04-21",
    city: "Paderborn",
    state: "DE-NW",
    cluster: "its-owl",
    hashtag: null,
  },
  {
    id: "hm",
    title: "Hannover Messe",
    start: "2017-04-24",
    end: "2017-04-28",
    city: "Hannover",
    state: "DE-NI",
    cluster: null,
    hashtag: "hm17",
  },
];

describe("cluster, Land and event routes", () => {
  let database: OpenedDatabase;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    database = await openDatabase(":memory:");
    syncRegistry(database, registry, events);
    const analyze = createPostAnalyzer({
      sentiment: createSentimentScorer(),
      attribute: compileMatcher(registry, { campaignHashtags: ["Clusterwoche"] }),
      events,
    });
    const store = createCollectorStore({
      database,
      now: () => new Date("2017-04-29T00:00:00Z"),
      analyze,
      rollups: testRollups(database),
    });
    const author = (followers: number) => ({ handle: `@a${followers}@x`, name: null, url: null, followers });
    store.ingestBatch({
      source: "s",
      target: "t",
      posts: [
        makePost({
          createdAt: "2017-04-21T09:00:00.000Z",
          text: "Tag der offenen Tür bei it's OWL #Clusterwoche",
          author: author(100),
          counts: { likes: 5, reposts: 0, replies: 0, quotes: 0 },
        }),
        makePost({
          createdAt: "2017-04-22T09:00:00.000Z",
          text: "it's OWL und BioRN #Clusterwoche",
          author: author(10),
          counts: { likes: 1, reposts: 0, replies: 0, quotes: 0 },
        }),
        makePost({
          createdAt: "2017-04-25T09:00:00.000Z",
          text: "Messe! #Clusterwoche #HM17",
          hashtags: ["clusterwoche", "hm17"],
          author: author(1),
        }),
      ],
    });
    app = createApp({
      db: database.db,
      store,
      campaigns: CAMPAIGNS,
      version: "t",
      now: () => new Date(),
      log: pino({ level: "silent" }),
    });
  });

  const get = async (path: string) => {
    const res = await app.request(path);
    return { status: res.status, body: (await res.json()) as unknown };
  };

  it("GET /api/clusters: every registry cluster, with share of voice", async () => {
    const { body } = await get("/api/clusters");
    expect(body).toEqual([
      {
        id: "its-owl",
        name: "it's OWL Clustermanagement GmbH",
        state: "DE-NW",
        states: ["DE-NW"],
        posts: 2,
        authors: 2,
        potentialReach: 110,
        engagement: 6,
        shareOfVoice: 0.666667,
        shareOfVoiceAuthors: 0.666667,
        shareOfVoiceEngagement: 0.857143,
        sentimentMean: expect.any(Number),
      },
      {
        id: "biorn",
        name: "BioRN Network e.V.",
        state: "DE-BW",
        states: ["DE-BW"],
        posts: 1,
        authors: 1,
        potentialReach: 10,
        engagement: 1,
        shareOfVoice: 0.333333,
        shareOfVoiceAuthors: 0.333333,
        shareOfVoiceEngagement: 0.142857,
        sentimentMean: expect.any(Number),
      },
    ]);
  });

  it("GET /api/clusters/:id: the row plus timeline, top posts, platforms and events", async () => {
    const { status, body } = await get("/api/clusters/its-owl");
    expect(status).toBe(200);
    const d = body as {
      posts: number;
      timeline: { posts: number }[];
      topPosts: { engagement: number }[];
      platforms: object;
      events: object[];
    };
    expect(d.posts).toBe(2);
    expect(d.timeline.map((p) => p.posts)).toEqual([0, 1, 1, 0, 0, 0, 0, 0, 0]);
    expect(d.topPosts.map((p) => p.engagement)).toEqual([5, 1]);
    expect(d.platforms).toEqual({ mastodon: 2 });
    expect(d.events).toEqual([
      { id: "owl-tag", title: "Tag der offenen Tür", start: "2017-04-21", end: "2017-04-21", posts: 1 },
    ]);
    expect((await get("/api/clusters/nope")).status).toBe(404);
    expect((await get("/api/clusters/Bad%20Id")).status).toBe(400);
  });

  it("GET /api/posts names each post's clusters", async () => {
    const { body } = await get("/api/posts?cluster=its-owl");
    expect((body as { items: { clusters: string[] }[] }).items.map((i) => i.clusters)).toEqual([
      ["biorn", "its-owl"],
      ["its-owl"],
    ]);
  });

  it("GET /api/states: all 16 Länder", async () => {
    const { body } = await get("/api/states");
    const rows = body as { state: string; posts: number; clusters: number; potentialReach: number }[];
    expect(rows).toHaveLength(16);
    expect(rows.find((r) => r.state === "DE-NW")).toEqual({
      state: "DE-NW",
      posts: 2,
      clusters: 1,
      potentialReach: 110,
    });
    expect(rows.find((r) => r.state === "DE-BW")).toEqual({
      state: "DE-BW",
      posts: 1,
      clusters: 1,
      potentialReach: 10,
    });
    expect(rows.find((r) => r.state === "DE-BY")).toEqual({
      state: "DE-BY",
      posts: 0,
      clusters: 0,
      potentialReach: 0,
    });
  });

  it("GET /api/events: linked by cluster and day, or by the event hashtag; most posts first, then by date", async () => {
    const { body } = await get("/api/events");
    expect(body).toEqual([
      {
        id: "owl-tag",
        title: "Tag der offenen Tür",
        start: "2017-04-21",
        end: "2017-04-21",
        cluster: "its-owl",
        state: "DE-NW",
        city: "Paderborn",
        posts: 1,
      },
      {
        id: "hm",
        title: "Hannover Messe",
        start: "2017-04-24",
        end: "2017-04-28",
        cluster: null,
        state: "DE-NI",
        city: "Hannover",
        posts: 1,
      },
    ]);
  });

  it("GET /api/top-posts, /api/authors, /api/hashtags, /api/languages: ranked, filtered like every route", async () => {
    const top = (await get("/api/top-posts?limit=2")).body as { engagement: number; text: string }[];
    expect(top.map((p) => p.engagement)).toEqual([6, 5]);
    expect(top[1]?.text).toMatch(/Tag der offenen Tür/);
    const authors = (await get("/api/authors")).body as {
      handle: string;
      posts: number;
      followers: number;
    }[];
    expect(authors).toHaveLength(3);
    expect(authors[0]).toMatchObject({ handle: "@a100@x", posts: 1, followers: 100, platform: "mastodon" });
    // The campaign's own tag is not a co-hashtag.
    expect((await get("/api/hashtags")).body).toEqual([{ tag: "hm17", posts: 1 }]);
    expect((await get("/api/hashtags?cluster=its-owl")).body).toEqual([]);
    const langs = (await get("/api/languages")).body as { lang: string | null; posts: number }[];
    expect(langs.reduce((a, l) => a + l.posts, 0)).toBe(3);
    expect((await get("/api/authors?state=DE-BW")).body).toEqual([
      expect.objectContaining({ handle: "@a10@x", posts: 1 }),
    ]);
    for (const bad of ["0", "101", "x", "1.5"]) {
      const r = await get(`/api/top-posts?limit=${bad}`);
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ param: "limit" });
    }
  });

  it("GET /api/compare: against the previous edition by default, or the one named in `with`", async () => {
    const r = await get("/api/compare?campaign=clusterwoche-2019");
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      campaign: { id: "clusterwoche-2019", summary: { posts: 0 } },
      other: { id: "clusterwoche-2017", summary: { posts: 3 } },
      change: { posts: -1 },
    });
    expect((r.body as { days: unknown[] }).days[1]).toEqual({
      day: 2,
      date: "2019-04-03",
      posts: 0,
      otherDate: "2017-04-21",
      otherPosts: 1,
    });
    const named = await get("/api/compare?with=clusterwoche-2019");
    expect(named.body).toMatchObject({ change: { posts: null } });
    for (const q of ["", "?with=nope", "?with=clusterwoche-2017"]) {
      const bad = await get(`/api/compare${q}`);
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ param: "with" });
    }
  });
});
