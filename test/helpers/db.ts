import { createCollectorStore } from "../../collectors/ingest.ts";
import type { NormalizedPost, SyncCollectorStore } from "../../collectors/types.ts";
import { createPostAnalyzer } from "../../data/analysis/analyze-post.ts";
import { createSentimentScorer } from "../../data/analysis/sentiment.ts";
import type { Campaign } from "../../data/campaign.ts";
import { type OpenedDatabase, openDatabase } from "../../data/db.ts";
import type { CampaignSet } from "../../data/filters.ts";
import { rollupFamilies } from "../../data/rollups/family.ts";
import { createRollupMaintainer, type RollupMaintainer } from "../../data/rollups/maintainer.ts";

export const CW2017: Campaign = {
  id: "clusterwoche-2017",
  name: "Clusterwoche Deutschland 2017",
  hashtags: ["Clusterwoche"],
  start: "2017-04-20",
  end: "2017-04-28",
  timezone: "Europe/Berlin",
};

export const CW2019: Campaign = {
  id: "clusterwoche-2019",
  name: "Clusterwoche Deutschland 2019",
  hashtags: ["Clusterwoche"],
  start: "2019-04-02",
  end: "2019-04-11",
  timezone: "Europe/Berlin",
};

export const CAMPAIGNS: CampaignSet = { campaigns: [CW2017, CW2019], defaultCampaign: CW2017.id };

export interface TestDb {
  database: OpenedDatabase;
  store: SyncCollectorStore;
}

/** A fresh in-memory database with the real migrations and the real ingest path. */
export async function createTestDb(
  now: () => Date = () => new Date("2017-04-29T12:00:00Z"),
): Promise<TestDb> {
  const database = await openDatabase(":memory:");
  const store = createCollectorStore({
    database,
    now,
    analyze: createPostAnalyzer({ sentiment: createSentimentScorer() }),
    rollups: testRollups(database),
  });
  return { database, store };
}

/** Rollups for the test campaigns, kept by the real maintainer. */
export function testRollups(database: OpenedDatabase): RollupMaintainer {
  return createRollupMaintainer(database.sqlite, rollupFamilies(CAMPAIGNS.campaigns));
}

let counter = 0;

/** A valid normalized post; override what the test is about. */
export function makePost(overrides: Partial<NormalizedPost> = {}): NormalizedPost {
  counter++;
  const n = overrides.remoteId ?? String(100000000000000000n + BigInt(counter));
  return {
    uid: `mastodon:https://social.example/users/u${counter}/statuses/${n}`,
    platform: "mastodon",
    originInstance: "social.example",
    url: `https://social.example/@u${counter}/${n}`,
    remoteId: n,
    createdAt: "2017-04-21T10:00:00.000Z",
    editedAt: null,
    text: "Heute startet die #Clusterwoche",
    lang: "de",
    author: { handle: `@u${counter}@social.example`, name: `User ${counter}`, url: null, followers: 100 },
    counts: { likes: 1, reposts: 2, replies: 3, quotes: 0 },
    countsFromOrigin: true,
    hashtags: ["clusterwoche"],
    ...overrides,
  };
}

/** Stores posts through the real ingest path, as a collector would. */
export function seed(store: SyncCollectorStore, posts: NormalizedPost[]): void {
  store.ingestBatch({ source: "test", target: "seed", posts });
}
