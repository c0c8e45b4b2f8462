import pino from "pino";
import { describe, expect, it } from "vitest";
import { storeImport } from "../../collectors/import/store.ts";
import { createCollectorStore } from "../../collectors/ingest.ts";
import { tagMatchesCampaign } from "../../data/campaign.ts";
import { openDatabase } from "../../data/db.ts";
import { syncRegistry } from "../../data/registry-sync.ts";
import { rollupFamilies } from "../../data/rollups/family.ts";
import { ROLLUP_TABLES } from "../../data/rollups/invalidate.ts";
import { createRollupMaintainer } from "../../data/rollups/maintainer.ts";
import { loadAnalysis } from "../../server/analysis.ts";
import { startAnalysisAhead } from "../../server/analysis-ahead.ts";
import { DEFAULT_CONFIG_PATH, loadConfig } from "../../server/config.ts";
import { worldPosts } from "../helpers/world-posts.ts";

const config = loadConfig(DEFAULT_CONFIG_PATH);
const isCampaignTag = (tag: string) => config.campaigns.some((c) => tagMatchesCampaign(tag, c.hashtags));

/** What the analysis decides, as stored: every table it writes or feeds. */
const STORED = [
  "SELECT uid, lang, sentiment_score, sentiment_label FROM posts ORDER BY uid",
  "SELECT p.uid, pc.cluster_id, pc.matched_by FROM post_clusters pc JOIN posts p ON p.id = pc.post_id ORDER BY 1, 2",
  "SELECT p.uid, pe.event_id FROM post_events pe JOIN posts p ON p.id = pe.post_id ORDER BY 1, 2",
  ...ROLLUP_TABLES.map((t) => `SELECT * FROM ${t} ORDER BY 1, 2, 3, 4, 5, 6`),
];

/** Imports the posts as `npm run import` does, with or without the analysis thread. */
async function importWorld(withThread: boolean) {
  const { analyze, precomputed, registry, events } = loadAnalysis(config);
  const database = await openDatabase(":memory:");
  syncRegistry(database, registry, events);
  const rollups = createRollupMaintainer(database.sqlite, rollupFamilies(config.campaigns));
  const store = createCollectorStore({
    database,
    now: () => new Date("2017-04-29T12:00:00Z"),
    analyze,
    rollups,
  });
  const posts = worldPosts(config, 6000, 7);
  const summary = await storeImport(
    {
      store,
      isCampaignTag,
      ...(withThread
        ? { analysisAhead: () => startAnalysisAhead(config, precomputed, pino({ level: "silent" })) }
        : {}),
    },
    { platform: "csv", file: "world.csv", parsed: { posts, errors: [] } },
  );
  const stored = STORED.map((q) => database.sqlite.prepare(q).all());
  await database.close();
  return { summary, stored, taken: precomputed.taken, posts: posts.length };
}

describe("an import with the analysis thread", () => {
  it("stores exactly what an import without it stores, with most analyses made in the thread", async () => {
    const plain = await importWorld(false);
    const ahead = await importWorld(true);
    expect(plain.taken).toBe(0);
    expect(ahead.summary).toEqual(plain.summary);
    expect(ahead.summary.inserted).toBe(plain.posts);
    for (const [i, rows] of ahead.stored.entries())
      expect([STORED[i], rows]).toEqual([STORED[i], plain.stored[i]]);
    // Non-trivial: clusters, events and rollups were written.
    expect(plain.stored[1]?.length).toBeGreaterThan(100);
    expect(plain.stored[2]?.length).toBeGreaterThan(10);
    // The first batches are analysed here while the thread starts (half a second); later ones came from it.
    expect(ahead.taken).toBeGreaterThanOrEqual(1000);
  }, 120_000);
});
