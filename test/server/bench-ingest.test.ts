import { describe, expect, it } from "vitest";
import type { CollectorStore, NormalizedPost } from "../../collectors/types.ts";
import { tagMatchesCampaign } from "../../data/campaign.ts";
import { generateWorld } from "../../demo/world/generate.ts";
import { ingestWorld } from "../../server/bench/ingest.ts";
import { payloadPages } from "../../server/bench/payloads.ts";

const world = generateWorld({ posts: 3000, seed: 11 });
const rss = {
  isCampaignTag: (tag: string) => tagMatchesCampaign(tag, ["Clusterwoche"]),
  keywords: ["Clusterwoche"],
  now: new Date("2017-05-01T00:00:00Z"),
};

/** A store that only counts: the measure is about the time around it. */
function countingStore(): { store: CollectorStore; batches: NormalizedPost[][] } {
  const batches: NormalizedPost[][] = [];
  const store = {
    ingestBatch(batch: { posts: NormalizedPost[] }) {
      batches.push(batch.posts);
      return { inserted: batch.posts.length, updated: 0, unchanged: 0 };
    },
  } as unknown as CollectorStore;
  return { store, batches };
}

describe("the benchmark's ingest measure", () => {
  it("counts the time the import path waits for the analysis thread", async () => {
    const { store, batches } = countingStore();
    const delayMs = 40;
    const ahead = {
      prepare: () => new Promise<void>((resolve) => setTimeout(resolve, delayMs)),
      close: async () => {},
    };
    const m = await ingestWorld(
      world,
      { from: 0, to: 1500 },
      { store, rss, analysisAhead: () => ahead },
      {
        mode: "bulk",
      },
    );
    expect(m.posts).toBe(batches.flat().length);
    expect(batches.length).toBeGreaterThanOrEqual(3);
    // Each request is made as the batch before it starts to wait, so every second batch waits a full delay.
    expect(m.waitSeconds).toBeGreaterThan((Math.ceil(batches.length / 2) * delayMs * 0.8) / 1000);
    const seconds = m.transformSeconds + m.storeSeconds + m.waitSeconds;
    expect(m.postsPerSecond).toBeCloseTo(m.posts / seconds, 6);
  });

  it("leaves the making of the payloads out, and waits next to nothing page by page", async () => {
    const { store } = countingStore();
    const t0 = performance.now();
    for (const _page of payloadPages(world, 0, 3000));
    const payloadSeconds = (performance.now() - t0) / 1000;
    const m = await ingestWorld(world, { from: 0, to: 3000 }, { store, rss }, { mode: "pages" });
    expect(m.posts).toBeGreaterThan(2600);
    // Counted as waiting, the payloads would come to about payloadSeconds.
    expect(m.waitSeconds).toBeLessThan(payloadSeconds / 2);
  });
});
