import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import type { CollectorStore, NormalizedPost } from "../../collectors/types.ts";
import { createPostAnalyzer } from "../../data/analysis/analyze-post.ts";
import { compileMatcher } from "../../data/analysis/attribution.ts";
import { parseEvents } from "../../data/analysis/events.ts";
import { createLanguageDetector } from "../../data/analysis/language.ts";
import { loadRegistry, parseRegistry } from "../../data/analysis/registry.ts";
import { createSentimentScorer } from "../../data/analysis/sentiment.ts";
import { tagMatchesCampaign } from "../../data/campaign.ts";
import type { DB } from "../../data/db.ts";
import { type Filters, parseFilters } from "../../data/filters.ts";
import { getClusters, getClustersFromPosts } from "../../data/queries/clusters.ts";
import { getEvents } from "../../data/queries/events.ts";
import { getCoHashtags, getLanguages, getTopAuthors, getTopPosts } from "../../data/queries/insights.ts";
import { getStates } from "../../data/queries/states.ts";
import { getSummary, getSummaryFromPosts } from "../../data/queries/summary.ts";
import { getTimeline } from "../../data/queries/timeline.ts";
import { generateWorld } from "../../demo/world/generate.ts";
import { ingestWorld } from "../../server/bench/ingest.ts";
import { CAMPAIGNS, makePost } from "../helpers/db.ts";
import { describePg } from "../helpers/postgres.ts";
import { prng } from "../helpers/prng.ts";
import { SMALL_EVENTS, SMALL_REGISTRY } from "../helpers/small-registry.ts";
import { useBothStores } from "./both-stores.ts";

const REGISTRY = new URL("../../data/registry/", import.meta.url);

/**
 * The write side on both databases: the same sequence of changes through the
 * SQLite store (collectors/ingest.ts) and the PostgreSQL store
 * (collectors/pg-ingest.ts) must answer the same and leave the same rows in
 * every table, rollups included, so every dashboard number agrees.
 */
const registry = SMALL_REGISTRY;
/** The registry after an edit: one cluster renamed (its posts attribute differently), one added. */
const registry2 = parseRegistry({
  clusters: [
    ...registry.clusters.filter((c) => c.id !== "biorn"),
    { id: "biorn", name: "BioRN Netzwerk", shortName: "BioRN Netzwerk", state: "DE-BW" },
    { id: "great-day", name: "Great Day", shortName: "Great day", state: "DE-HH" },
  ],
});
const events = SMALL_EVENTS;

const analyzerFor = (r: typeof registry) =>
  createPostAnalyzer({
    sentiment: createSentimentScorer(),
    attribute: compileMatcher(r, { campaignHashtags: ["Clusterwoche"] }),
    events,
  });

const TEXTS = [
  "Heute bei it's OWL in Paderborn, großartig!",
  "BioRN und it's OWL gemeinsam, super Veranstaltung",
  "Software-Cluster zeigt neue Ideen",
  "Medical Valley: leider abgesagt, schade",
  "Ein Cluster ist ein Haufen. Nichts weiter.",
  "Great day at Medical Valley and BioRN Netzwerk",
  "Nothing to see here",
];

function worldPosts(seed: number, n: number) {
  const random = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const authors = Array.from({ length: 25 }, (_, i) => `@a${i}@x.example`);
  const posts: NormalizedPost[] = [];
  for (let i = 0; i < n; i++) {
    // Around midnight in Berlin on purpose, and some in the 2019 edition.
    const year = random() < 0.15 ? 2019 : 2017;
    const day = year === 2019 ? 1 + Math.floor(random() * 12) : 17 + Math.floor(random() * 14);
    const hour = pick([0, 1, 21, 22, 23, Math.floor(random() * 24)]);
    const createdAt = new Date(Date.UTC(year, 3, day, hour, Math.floor(random() * 60))).toISOString();
    const tags = [
      pick(["clusterwoche", "clusterwoche2017", "Clusterwoche17", "clusterwoche2019", "anderes"]),
      ...(random() < 0.3 ? [pick(["owltag", "hm17", "ki"])] : []),
    ];
    posts.push(
      makePost({
        createdAt,
        platform: pick(["mastodon", "bluesky", "rss"] as const),
        lang: pick(["de", "en", null]),
        text: `${pick(TEXTS)} ${tags.map((t) => `#${t}`).join(" ")}`,
        hashtags: tags.map((t) => t.toLowerCase()),
        author: {
          handle: pick(authors),
          name: pick([null, "Anna", "Ben"]),
          url: null,
          followers: random() < 0.1 ? 0 : Math.floor(random() * 5000),
        },
        counts: {
          likes: Math.floor(random() * 20),
          reposts: Math.floor(random() * 5),
          replies: Math.floor(random() * 3),
          quotes: 0,
        },
        countsFromOrigin: random() < 0.7,
      }),
    );
  }
  return { posts, random, pick };
}

const FILTERS: Record<string, string>[] = [
  {},
  { platform: "mastodon" },
  { lang: "de" },
  { cluster: "its-owl" },
  { cluster: "biorn" },
  { state: "DE-BW" },
  { from: "2017-04-20", to: "2017-04-21" },
  { campaign: "clusterwoche-2019" },
  { campaign: "clusterwoche-2019", platform: "bluesky", lang: "en" },
];

async function sameQueries(sqlite: DB, pg: DB): Promise<number> {
  let posts = 0;
  for (const q of FILTERS) {
    const f: Filters = parseFilters(q, CAMPAIGNS);
    const pair = async <T>(run: (db: DB) => Promise<T>) => {
      const expected = await run(sqlite);
      expect(await run(pg), JSON.stringify(q)).toEqual(expected);
      return expected;
    };
    posts += (await pair((db) => getSummary(db, f))).posts;
    await pair((db) => getSummaryFromPosts(db, f));
    await pair((db) => getTimeline(db, f, "hour"));
    await pair((db) => getTimeline(db, f, "day"));
    await pair((db) => getClusters(db, f));
    await pair((db) => getClustersFromPosts(db, f));
    await pair((db) => getStates(db, f));
    await pair((db) => getEvents(db, f));
    await pair((db) => getTopAuthors(db, f));
    await pair((db) => getTopPosts(db, f));
    await pair((db) => getCoHashtags(db, f));
    await pair((db) => getLanguages(db, f));
  }
  return posts;
}

describePg("the PostgreSQL collector store writes what the SQLite one writes", () => {
  const both = useBothStores({
    analyze: analyzerFor(registry),
    registry,
    events,
    clock: new Date("2017-04-20T06:00:00.000Z"),
  });
  const { posts, random, pick } = worldPosts(42, 300);
  const tick = (minutes: number) => {
    both.clock = new Date(both.clock.getTime() + minutes * 60_000);
  };

  it("stores new posts in batches with their cursor, runs and authors alike", async () => {
    for (let i = 0; i < posts.length; i += 37) {
      tick(7);
      // The origin instance's tag timeline (its remote ids are the refresh's), in any case of letters.
      const target = pick([
        "social.example#clusterwoche",
        "Social.Example#ClusterWoche",
        "feed",
        "jetstream",
      ]);
      const runId = await both.same((s) => s.startRun("mastodon", target));
      const result = await both.same((s) =>
        s.ingestBatch({ source: "mastodon", target, posts: posts.slice(i, i + 37), cursor: `c${i}` }),
      );
      expect(result.inserted).toBeGreaterThan(0);
      tick(1);
      await both.same((s) =>
        s.progressRun(runId, { fetched: 37, inserted: 1, updated: 0, rateLimitWaitMs: 0 }),
      );
      await both.same((s) =>
        s.finishRun(
          runId,
          i % 3 ? "ok" : "failed",
          { fetched: 37, inserted: 2, updated: 1, rateLimitWaitMs: 12.6 },
          "x",
        ),
      );
      await both.same((s) => s.getCursor("mastodon", target));
    }
    expect(await both.same((s) => s.getCursor("s", "nowhere"))).toBeNull();
    const counts = await both.expectSameRows();
    expect(counts.posts).toBe(300);
    expect(counts.rollup_campaign_totals).toBeGreaterThan(10);
    expect(counts.rollup_sources).toBeGreaterThan(2); // kept by migration 0010's triggers on both
    expect(await sameQueries(both.sqlite.db, both.pg)).toBeGreaterThan(100);
  });

  it("takes edits, count refreshes, late follower counts, federated copies and deletions alike", async () => {
    for (let round = 0; round < 3; round++) {
      tick(60);
      const changed: NormalizedPost[] = [];
      for (const p of posts) {
        const r = random();
        if (r < 0.08)
          changed.push({
            ...p,
            text: `${pick(TEXTS)} #clusterwoche #owltag`,
            hashtags: ["clusterwoche", "owltag"],
            editedAt: pick([null, both.clock.toISOString()]),
            countsFromOrigin: random() < 0.5,
          });
        else if (r < 0.2)
          changed.push({
            ...p,
            counts: { ...p.counts, likes: p.counts.likes + Math.floor(random() * 9) - 3 },
            countsFromOrigin: random() < 0.5,
          });
        else if (r < 0.25) changed.push({ ...p, author: { ...p.author, followers: 1234 + round } });
        // The same post seen at another instance: another remote id, remote counts.
        else if (r < 0.3)
          changed.push({ ...p, remoteId: `copy-${round}-${p.remoteId}`, countsFromOrigin: false });
        else if (r < 0.33) changed.push(p);
      }
      const result = await both.same((s) =>
        s.ingestBatch({ source: "s", target: `t${round}`, posts: changed }),
      );
      expect(result.updated).toBeGreaterThan(0);
      const gone = posts.filter(() => random() < 0.03).map((p) => p.uid);
      expect(await both.same((s) => s.markDeleted([...gone, "mastodon:never-seen"]))).toBeGreaterThan(0);
      // A stale copy of a deleted post does not bring it back.
      const stale = posts.filter((p) => gone.includes(p.uid)).slice(0, 3);
      expect(await both.same((s) => s.ingestBatch({ source: "s", target: "stale", posts: stale }))).toEqual({
        inserted: 0,
        updated: 0,
        unchanged: stale.length,
      });
    }
    await both.expectSameRows();
    await sameQueries(both.sqlite.db, both.pg);
  });

  it("chooses and touches the same refresh candidates", async () => {
    tick(24 * 60);
    const ask = (s: CollectorStore) =>
      s.refreshCandidates({
        platform: "mastodon",
        createdFrom: "2017-04-17T00:00:00.000Z",
        createdTo: "2017-05-01T00:00:00.000Z",
        refreshedBefore: both.clock.toISOString(),
        limit: 25,
      });
    const first = await both.same(ask);
    expect(first.length).toBe(25);
    expect(first.some((c) => c.originId !== null)).toBe(true);
    await both.same((s) => s.touchRefreshed(first.slice(0, 10).map((c) => c.uid)));
    await both.same((s) => s.touchRefreshed([]));
    tick(1);
    const second = await both.same(ask);
    expect(second.map((c) => c.uid)).not.toContain(first[0]?.uid);
    await both.expectSameRows();
  });

  it("re-attributes stored posts with a changed registry alike, in batches", async () => {
    const { sqliteStore, pgStore } = both.withAnalyzer(analyzerFor(registry2));
    let afterId = 0;
    let changed = 0;
    for (;;) {
      const expected = sqliteStore.reattribute(afterId, 40);
      expect(await pgStore.reattribute(afterId, 40)).toEqual(expected);
      changed += expected.changed;
      if (expected.lastId === null) break;
      afterId = expected.lastId;
    }
    expect(changed).toBeGreaterThan(5);
    await both.expectSameRows();
    await sameQueries(both.sqlite.db, both.pg);
  });

  it("rebuilds the rollups from nothing to the same rows, taking changes during the rebuild", async () => {
    tick(5);
    both.sqliteRollups.invalidate();
    await both.pgRollups.invalidate();
    expect([...(await both.pgRollups.completeFamilies())]).toEqual([
      ...both.sqliteRollups.completeFamilies(),
    ]);
    expect(both.sqliteRollups.rebuildStep(70)).toEqual(await both.pgRollups.rebuildStep(70));
    // Mid-rebuild: a new post, an edit and a deletion on both sides of the rebuild's position.
    const late = makePost({
      createdAt: "2017-04-22T12:00:00.000Z",
      author: { ...(posts[0] as NormalizedPost).author },
    });
    await both.same((s) =>
      s.ingestBatch({
        source: "s",
        target: "late",
        posts: [
          late,
          {
            ...(posts[5] as NormalizedPost),
            text: "Späte Änderung bei it's OWL #clusterwoche",
            countsFromOrigin: true,
          },
          { ...(posts[250] as NormalizedPost), counts: { likes: 99, reposts: 9, replies: 9, quotes: 9 } },
        ],
      }),
    );
    await both.same((s) =>
      s.markDeleted([(posts[1] as NormalizedPost).uid, (posts[260] as NormalizedPost).uid]),
    );
    for (;;) {
      tick(1);
      const expected = both.sqliteRollups.rebuildStep(70);
      expect(await both.pgRollups.rebuildStep(70)).toEqual(expected);
      if (expected.complete) break;
    }
    expect((await both.pgRollups.completeFamilies()).size).toBe(1);
    await both.expectSameRows();
    await sameQueries(both.sqlite.db, both.pg);
  });
});

describePg("the demo world ingested through both stores", () => {
  const shipped = loadRegistry(new URL("clusters.json", REGISTRY).pathname);
  const { events: shippedEvents } = parseEvents(
    readFileSync(new URL("events.json", REGISTRY), "utf8"),
    "json",
  );
  const both = useBothStores({
    analyze: createPostAnalyzer({
      sentiment: createSentimentScorer(),
      language: createLanguageDetector(),
      attribute: compileMatcher(shipped, { campaignHashtags: ["Clusterwoche"] }),
      events: shippedEvents,
      timezone: "Europe/Berlin",
    }),
    registry: shipped,
    events: shippedEvents,
    clock: new Date("2017-04-29T12:00:00.000Z"),
  });

  it("leaves the same rows and the same dashboard numbers", async () => {
    const world = generateWorld({ posts: 800 });
    const isCampaignTag = (tag: string) =>
      CAMPAIGNS.campaigns.some((c) => tagMatchesCampaign(tag, c.hashtags));
    const rss = { isCampaignTag, keywords: ["Clusterwoche"], now: both.clock };
    const a = await ingestWorld(world, { from: 0, to: 800 }, { store: both.sqliteStore, rss });
    const b = await ingestWorld(world, { from: 0, to: 800 }, { store: both.pgStore, rss });
    expect(b.posts).toBe(a.posts);
    const counts = await both.expectSameRows();
    expect(counts.posts).toBeGreaterThan(500);
    expect(counts.post_clusters).toBeGreaterThan(100);
    expect(await sameQueries(both.sqlite.db, both.pg)).toBeGreaterThan(500);
  }, 120_000);
});
