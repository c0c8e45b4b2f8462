import { readFileSync } from "node:fs";
import { afterAll, beforeAll, expect } from "vitest";
import { createCollectorStore } from "../../collectors/ingest.ts";
import { createPostAnalyzer } from "../../data/analysis/analyze-post.ts";
import { compileMatcher } from "../../data/analysis/attribution.ts";
import { parseEvents } from "../../data/analysis/events.ts";
import { createLanguageDetector } from "../../data/analysis/language.ts";
import { loadRegistry } from "../../data/analysis/registry.ts";
import { createSentimentScorer } from "../../data/analysis/sentiment.ts";
import { tagMatchesCampaign } from "../../data/campaign.ts";
import { type DB, type OpenedDatabase, openDatabase } from "../../data/db.ts";
import { copySqliteToPostgres } from "../../data/pg/copy-from-sqlite.ts";
import { syncRegistry } from "../../data/registry-sync.ts";
import { generateWorld } from "../../demo/world/generate.ts";
import { ingestWorld } from "../../server/bench/ingest.ts";
import { CAMPAIGNS, makePost, testRollups } from "../helpers/db.ts";
import { usePgDatabase } from "../helpers/postgres.ts";

const REGISTRY = new URL("../../data/registry/", import.meta.url);

/** When the world's collection ended: the coverage gaps are measured up to here. */
export const QUERY_WORLD_NOW = new Date("2017-04-29T12:00:00.000Z");

/**
 * A realistic SQLite world for comparing the queries on both databases: the
 * demo world's Clusterwoche 2017 (shipped registry and events, every platform,
 * hostile texts, federated copies) ingested through the real transforms,
 * analyzer and store with rollups, plus a few posts of the 2019 edition,
 * deleted posts, posts of unknown language and a collection history with
 * failed, aborted and rate-limited runs.
 */
export async function createQueryWorld(posts: number): Promise<OpenedDatabase> {
  const database = await openDatabase(":memory:");
  const registry = loadRegistry(new URL("clusters.json", REGISTRY).pathname);
  const { events } = parseEvents(readFileSync(new URL("events.json", REGISTRY), "utf8"), "json");
  syncRegistry(database, registry, events);
  let clock = new Date("2017-04-16T22:00:00.000Z");
  const store = createCollectorStore({
    database,
    now: () => clock,
    analyze: createPostAnalyzer({
      sentiment: createSentimentScorer(),
      language: createLanguageDetector(),
      attribute: compileMatcher(registry, { campaignHashtags: ["Clusterwoche"] }),
      events,
      timezone: "Europe/Berlin",
    }),
    rollups: testRollups(database),
  });
  const isCampaignTag = (tag: string) => CAMPAIGNS.campaigns.some((c) => tagMatchesCampaign(tag, c.hashtags));
  const world = generateWorld({ posts });
  await ingestWorld(
    world,
    { from: 0, to: posts },
    { store, rss: { isCampaignTag, keywords: ["Clusterwoche"], now: clock } },
  );

  // The 2019 edition, for comparisons: a handful of posts on three days, one without a known language.
  const later = [
    makePost({
      createdAt: "2019-04-02T08:00:00.000Z",
      text: "Auftakt der #Clusterwoche2019 in Berlin",
      hashtags: ["clusterwoche2019"],
    }),
    makePost({
      createdAt: "2019-04-02T21:59:59.000Z",
      text: "Wasserstoff und Photonik #clusterwoche19",
      hashtags: ["clusterwoche19", "h2"],
    }),
    makePost({
      createdAt: "2019-04-05T12:00:00.000Z",
      text: "Über Künstliche Intelligenz #Clusterwoche",
      lang: null,
    }),
    makePost({
      platform: "bluesky",
      uid: "bluesky:at://did:plc:later/app.bsky.feed.post/1",
      createdAt: "2019-04-11T21:30:00.000Z",
      text: "Letzter Tag der #Clusterwoche – „Danke“ an alle!",
      lang: "de",
    }),
  ];
  store.ingestBatch({ source: "test", target: "seed-2019", posts: later });

  // Posts removed at the source leave every metric, on both databases.
  const gone = database.sqlite.prepare("SELECT uid FROM posts ORDER BY id LIMIT 5 OFFSET 100").all() as {
    uid: string;
  }[];
  store.markDeleted(gone.map((g) => g.uid));

  // A collection history: successes with gaps between them, a failure, an abort, a run still going.
  const run = (
    source: string,
    target: string,
    start: string,
    end: string | null,
    status: "ok" | "failed" | "aborted",
    error: string | null = null,
    rateLimitWaitMs = 0,
  ) => {
    clock = new Date(start);
    const id = store.startRun(source, target);
    if (end === null) return;
    clock = new Date(end);
    store.finishRun(id, status, { fetched: 40, inserted: 12, updated: 3, rateLimitWaitMs }, error);
  };
  run(
    "mastodon",
    "social.bund.demo#clusterwoche",
    "2017-04-20T06:00:00.000Z",
    "2017-04-20T06:01:00.000Z",
    "ok",
  );
  run(
    "mastodon",
    "social.bund.demo#clusterwoche",
    "2017-04-20T12:00:00.000Z",
    "2017-04-20T12:02:00.000Z",
    "failed",
    "HTTP 503",
    0,
  );
  run(
    "mastodon",
    "social.bund.demo#clusterwoche",
    "2017-04-21T09:00:00.000Z",
    "2017-04-21T09:05:00.000Z",
    "ok",
    null,
    61_000,
  );
  run(
    "mastodon",
    "norden.demo#clusterwoche",
    "2017-04-22T10:00:00.000Z",
    "2017-04-22T10:00:30.000Z",
    "failed",
    "HTTP 401 from https://norden.demo/api/v1/timelines/tag/clusterwoche",
  );
  run("bluesky", "jetstream", "2017-04-20T00:00:00.000Z", "2017-04-25T00:00:00.000Z", "aborted");
  run("bluesky", "jetstream", "2017-04-25T00:01:00.000Z", null, "ok");
  run(
    "rss",
    "https://presse.demo/feeds/presse.xml",
    "2017-04-27T08:00:00.000Z",
    "2017-04-27T08:00:05.000Z",
    "ok",
  );
  run("import", "x:export.csv", "2017-04-28T08:00:00.000Z", "2017-04-28T08:00:05.000Z", "ok");
  clock = QUERY_WORLD_NOW;
  store.ingestBatch({
    source: "import",
    target: "x:export.csv",
    posts: [
      makePost({
        platform: "x",
        uid: "x:1",
        originInstance: null,
        createdAt: "2017-04-26T10:00:00.000Z",
        text: "Import aus X: #Clusterwoche in Hannover",
      }),
    ],
  });
  return database;
}

export interface BothDatabases {
  readonly sqlite: OpenedDatabase;
  readonly pg: DB;
  /** Runs a query on both databases, expects deep-equal results, returns SQLite's. */
  same<T>(run: (db: DB) => Promise<T>): Promise<T>;
}

/**
 * Inside a describePg: the query world on SQLite and the same rows copied to a
 * fresh PostgreSQL database with copySqliteToPostgres, for the block.
 */
export function useQueryWorlds(posts = 3000): BothDatabases {
  const pg = usePgDatabase();
  let sqlite: OpenedDatabase | undefined;
  beforeAll(async () => {
    sqlite = await createQueryWorld(posts);
    await copySqliteToPostgres(sqlite.sqlite, pg.opened.db);
  }, 120_000);
  afterAll(async () => {
    await sqlite?.close();
  });
  const both: BothDatabases = {
    get sqlite() {
      if (!sqlite) throw new Error("useQueryWorlds: no world yet (read it inside a test)");
      return sqlite;
    },
    get pg() {
      return pg.opened.db;
    },
    async same(run) {
      const expected = await run(both.sqlite.db);
      const actual = await run(both.pg);
      expect(actual).toEqual(expected);
      return expected;
    },
  };
  return both;
}
