import { describe, expect, it } from "vitest";
import { createCollectorStore } from "../../collectors/ingest.ts";
import { createPostAnalyzer } from "../../data/analysis/analyze-post.ts";
import { compileMatcher } from "../../data/analysis/attribution.ts";
import { parseRegistry } from "../../data/analysis/registry.ts";
import { createSentimentScorer } from "../../data/analysis/sentiment.ts";
import { openDatabase } from "../../data/db.ts";
import { parseFilters } from "../../data/filters.ts";
import { getSummary } from "../../data/queries/summary.ts";
import { syncRegistry } from "../../data/registry-sync.ts";
import { CAMPAIGNS, makePost, testRollups } from "../helpers/db.ts";

const registry = parseRegistry({
  clusters: [
    { id: "its-owl", name: "it's OWL Clustermanagement GmbH", shortName: "it's OWL", state: "DE-NW" },
    { id: "biorn", name: "BioRN Network e.V.", shortName: "BioRN", state: "DE-BW" },
    {
      id: "software-cluster",
      name: "Software-Cluster",
      shortName: "Software-Cluster",
      state: ["DE-HE", "DE-BW"],
    },
  ],
});

describe("the cluster and state filters", () => {
  it("count the posts attributed to a cluster, or to any cluster of a Land", async () => {
    const database = await openDatabase(":memory:");
    syncRegistry(database, registry, []);
    const analyze = createPostAnalyzer({
      sentiment: createSentimentScorer(),
      attribute: compileMatcher(registry, { campaignHashtags: ["Clusterwoche"] }),
    });
    const store = createCollectorStore({
      database,
      now: () => new Date("2017-04-29T00:00:00Z"),
      analyze,
      rollups: testRollups(database),
    });
    store.ingestBatch({
      source: "s",
      target: "t",
      posts: [
        makePost({ text: "Heute bei it's OWL #Clusterwoche" }),
        makePost({ text: "BioRN und it's OWL gemeinsam #Clusterwoche" }),
        makePost({ text: "Der Software-Cluster stellt aus #Clusterwoche" }),
        makePost({ text: "Ohne Cluster-Bezug #Clusterwoche" }),
      ],
    });
    const posts = async (q: Record<string, string>) =>
      (await getSummary(database.db, parseFilters(q, CAMPAIGNS))).posts;
    expect(await posts({})).toBe(4);
    expect(await posts({ cluster: "its-owl" })).toBe(2);
    expect(await posts({ cluster: "biorn" })).toBe(1);
    expect(await posts({ cluster: "unknown-cluster" })).toBe(0);
    expect(await posts({ state: "DE-NW" })).toBe(2);
    // A cluster in two Länder counts for both; a post of two BW clusters counts once.
    expect(await posts({ state: "DE-BW" })).toBe(2);
    expect(await posts({ state: "DE-HE" })).toBe(1);
    expect(await posts({ state: "DE-BY" })).toBe(0);
    expect(await posts({ state: "DE-NW", cluster: "biorn" })).toBe(1);
    await database.close();
  });
});
