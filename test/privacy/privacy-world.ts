import { Hono } from "hono";
import pino from "pino";
import { expect } from "vitest";
import { createCollectorStore } from "../../collectors/ingest.ts";
import type { NormalizedPost, SyncCollectorStore } from "../../collectors/types.ts";
import { createPostAnalyzer } from "../../data/analysis/analyze-post.ts";
import { compileMatcher } from "../../data/analysis/attribution.ts";
import type { CampaignEvent } from "../../data/analysis/events.ts";
import { parseRegistry } from "../../data/analysis/registry.ts";
import { createSentimentScorer } from "../../data/analysis/sentiment.ts";
import { type OpenedDatabase, openDatabase } from "../../data/db.ts";
import { ResonanzError, ValidationError } from "../../data/errors.ts";
import { type Filters, parseFilters } from "../../data/filters.ts";
import { getClusters, getClustersFromPosts } from "../../data/queries/clusters.ts";
import { getEvents, getEventsFromPosts } from "../../data/queries/events.ts";
import { getCoHashtags, getLanguages } from "../../data/queries/insights.ts";
import { getStates, getStatesFromPosts } from "../../data/queries/states.ts";
import { getSummary, getSummaryFromPosts } from "../../data/queries/summary.ts";
import { getTimeline, getTimelineFromPosts } from "../../data/queries/timeline.ts";
import { syncRegistry } from "../../data/registry-sync.ts";
import type { RollupMaintainer } from "../../data/rollups/maintainer.ts";
import { createExportRoutes } from "../../reports/exports/routes.ts";
import { createApiRoutes } from "../../server/api.ts";
import { CAMPAIGNS, makePost, testRollups } from "../helpers/db.ts";
import { prng } from "../helpers/prng.ts";
import { SMALL_EVENTS } from "../helpers/small-registry.ts";

/** A deterministic world for the privacy tests: two editions, clusters, events, many authors, mentions. */

export const SECRET = "test-secret-for-pseudonyms";
export const SILENT = pino({ level: "silent" });

const registry = parseRegistry({
  clusters: [
    { id: "its-owl", name: "it's OWL Clustermanagement GmbH", shortName: "it's OWL", state: "DE-NW" },
    { id: "biorn", name: "BioRN Network e.V.", shortName: "BioRN", state: "DE-BW" },
    { id: "medical-valley", name: "Medical Valley EMN", shortName: "Medical Valley", state: "DE-BY" },
  ],
});
// The cluster's one-day event of the small world (test/helpers/small-registry.ts), without the other.
const events: CampaignEvent[] = SMALL_EVENTS.filter((e) => e.id === "owl-tag");

const TEXTS = [
  "Heute bei it's OWL in Paderborn, großartig!",
  "BioRN und it's OWL gemeinsam, super Veranstaltung",
  "Medical Valley: leider abgesagt, schade",
  "Danke @gast@social.example für den Vortrag",
  "Nothing to see here",
];

export interface PrivacyWorld {
  database: OpenedDatabase;
  store: SyncCollectorStore;
  rollups: RollupMaintainer;
  clock: { now: Date };
  posts: NormalizedPost[];
}

/**
 * ~240 posts: the 2017 edition (authors a0..a14, some also in 2019), a few
 * before and after it, the 2019 edition, edits and count refreshes, and the
 * given extra posts. Ingested through the real path with real rollups.
 */
export async function privacyWorld(extra: NormalizedPost[] = [], seed = 5): Promise<PrivacyWorld> {
  const random = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const database = await openDatabase(":memory:");
  syncRegistry(database, registry, events);
  const clock = { now: new Date("2017-04-29T12:00:00Z") };
  const rollups = testRollups(database);
  const store = createCollectorStore({
    database,
    now: () => clock.now,
    analyze: createPostAnalyzer({
      sentiment: createSentimentScorer(),
      attribute: compileMatcher(registry, { campaignHashtags: ["Clusterwoche"] }),
      events,
    }),
    rollups,
  });
  const authors = Array.from({ length: 15 }, (_, i) => `@a${i}@x.example`);
  const posts: NormalizedPost[] = [];
  for (let i = 0; i < 240; i++) {
    const r = random();
    // Mostly 2017's week, some 2019, some just outside the 2017 week.
    const createdAt =
      r < 0.7
        ? new Date(Date.UTC(2017, 3, 19 + Math.floor(random() * 11), pick([0, 21, 22, 23, 10]), i % 60))
        : r < 0.9
          ? new Date(Date.UTC(2019, 3, 2 + Math.floor(random() * 10), 12, i % 60))
          : new Date(Date.UTC(2017, 4, 3 + Math.floor(random() * 5), 9, i % 60));
    // Authors a10..a14 write in 2019 only; a0..a4 in both editions.
    const author =
      createdAt.getUTCFullYear() === 2019
        ? pick(authors.slice(0, 5).concat(authors.slice(10)))
        : pick(authors.slice(0, 10));
    const tags = [
      pick(["clusterwoche", "clusterwoche2017", "anderes"]),
      ...(random() < 0.3 ? ["owltag"] : []),
    ];
    posts.push(
      makePost({
        createdAt: createdAt.toISOString(),
        platform: pick(["mastodon", "bluesky", "rss"] as const),
        lang: pick(["de", "en", null]),
        text: `${pick(TEXTS)} ${tags.map((t) => `#${t}`).join(" ")}`,
        hashtags: tags,
        author: {
          handle: author,
          name: `Name ${author}`,
          url: `https://x.example/${author}`,
          followers: Math.floor(random() * 3000),
        },
        counts: {
          likes: Math.floor(random() * 20),
          reposts: Math.floor(random() * 5),
          replies: 0,
          quotes: 0,
        },
      }),
    );
  }
  const all = [...posts, ...extra];
  for (let i = 0; i < all.length; i += 40)
    store.ingestBatch({ source: "s", target: "t", posts: all.slice(i, i + 40) });
  // Later refreshes: counts grow, followers learned late.
  store.ingestBatch({
    source: "s",
    target: "t2",
    posts: posts
      .filter(() => random() < 0.2)
      .map((p) => ({ ...p, counts: { ...p.counts, likes: p.counts.likes + 3 } })),
  });
  return { database, store, rollups, clock, posts: all };
}

/** The windows the tests compare: both editions, platform and cluster slices, one Land. */
export function comparisonFilters(): Filters[] {
  const q: Record<string, string>[] = [
    {},
    { from: "2017-04-15", to: "2017-05-14" },
    { campaign: "clusterwoche-2019" },
    { platform: "mastodon" },
    { cluster: "its-owl" },
    { state: "DE-BW" },
    { from: "2017-04-21", to: "2017-04-21", lang: "de" },
  ];
  return q.map((x) => parseFilters(x, CAMPAIGNS));
}

/** Every aggregate the dashboard and reports show, from the rollups and from the raw posts. */
export async function answers(database: OpenedDatabase): Promise<unknown[]> {
  const db = database.db;
  const out: unknown[] = [];
  for (const f of comparisonFilters()) {
    const plain = { ...f, cluster: null, state: null };
    out.push(
      await getSummary(db, f),
      await getSummaryFromPosts(db, f),
      await getTimeline(db, f, "hour"),
      await getTimelineFromPosts(db, f, "hour"),
      await getTimeline(db, f, "day"),
      await getClusters(db, plain),
      await getClustersFromPosts(db, plain),
      await getStates(db, plain),
      await getStatesFromPosts(db, plain),
      await getEvents(db, plain),
      await getEventsFromPosts(db, plain),
      await getCoHashtags(db, f),
      await getCoHashtags(db, f, 20, true),
      await getLanguages(db, f),
    );
  }
  return round(out);
}

/** The raw rollup rows. */
export function rollupSnapshot(database: OpenedDatabase): string[][] {
  return ["rollup_hours", "rollup_authors", "rollup_tags"].map((t) =>
    database.sqlite
      .prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4, 5, 6`)
      .all()
      .map((r) => JSON.stringify(r, (_k, v) => (typeof v === "number" ? Math.round(v * 1e6) / 1e6 : v))),
  );
}

/** Float sums (the sentiment mean) may differ in the last bits with the order of addition. */
export function round(x: unknown): unknown[] {
  return JSON.parse(JSON.stringify(x), (_k, v) => (typeof v === "number" ? Math.round(v * 1e4) / 1e4 : v));
}

/** SQLite's own checks, and the full-text index against its content table. */
export function expectIntact(database: OpenedDatabase): void {
  const s = database.sqlite;
  expect(s.pragma("integrity_check", { simple: true })).toBe("ok");
  expect(s.pragma("foreign_key_check")).toEqual([]);
  // Throws (SQLITE_CORRUPT_VTAB) when the index does not match the posts' text.
  s.prepare("INSERT INTO posts_fts(posts_fts, rank) VALUES ('integrity-check', 1)").run();
}

/** Rebuilding the rollups from the raw rows gives what was kept incrementally. */
export function expectRollupsRebuildTheSame(world: PrivacyWorld): void {
  const kept = rollupSnapshot(world.database);
  world.rollups.invalidate();
  while (!world.rollups.rebuildStep(100).complete);
  expect(rollupSnapshot(world.database)).toEqual(kept);
}

/** The API and export routes on a bare app, with an onError answering like the server's. */
/** `secret` null: no server secret configured. */
export function dataApp(world: PrivacyWorld, secret: string | null = SECRET): Hono {
  const db = world.database.db;
  const deps = {
    db,
    store: world.store,
    campaigns: CAMPAIGNS,
    version: "test",
    now: () => world.clock.now,
    log: SILENT,
  };
  const app = new Hono()
    .route("/", createApiRoutes(deps))
    .route("/", createExportRoutes({ db, campaigns: CAMPAIGNS, now: deps.now, secret: secret ?? undefined }));
  app.onError((err, c) =>
    err instanceof ResonanzError
      ? c.json(
          { error: err.message, param: err instanceof ValidationError ? err.param : undefined },
          err.status as 400,
        )
      : c.json({ error: String(err) }, 500),
  );
  return app;
}

export function count(database: OpenedDatabase, sql: string, ...params: unknown[]): number {
  return (database.sqlite.prepare(sql).get(...params) as { n: number }).n;
}

export { makePost };
