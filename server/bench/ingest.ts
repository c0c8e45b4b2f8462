import type { RelevanceOptions } from "../../collectors/rss/transform.ts";
import type { CollectorStore, NormalizedPost } from "../../collectors/types.ts";
import type { World } from "../../demo/world/model.ts";
import { payloadPages, transformPage } from "./payloads.ts";

export interface IngestMeasure {
  /** Posts handed to the store (after the transforms' own filtering). */
  posts: number;
  /** Seconds spent in the transforms. */
  transformSeconds: number;
  /** Seconds spent in the store: analysis (language, sentiment, attribution, events), rows, search index, rollups. */
  storeSeconds: number;
  /** posts ÷ (transform + store). */
  postsPerSecond: number;
}

/**
 * Ingests the world's posts [from, to) through the collectors' transforms and
 * the real store, page by page as a collection run would, timing only the
 * transform and the store (payload making is left out). `keep` receives every
 * transformed post, for the raw-insert comparison.
 */
export async function ingestWorld(
  world: World,
  range: { from: number; to: number },
  deps: { store: CollectorStore; rss: RelevanceOptions },
  opts: { keep?: (post: NormalizedPost) => void; progress?: (done: number) => void } = {},
): Promise<IngestMeasure> {
  let posts = 0;
  let transformMs = 0;
  let storeMs = 0;
  let pages = 0;
  for (const page of payloadPages(world, range.from, range.to)) {
    const t0 = performance.now();
    const batch = transformPage(page, deps.rss);
    const t1 = performance.now();
    // On SQLite the store answers at once: the await costs a microtask, not a measurable share.
    await deps.store.ingestBatch({ source: `bench-${page.platform}`, target: "bench", posts: batch });
    const t2 = performance.now();
    transformMs += t1 - t0;
    storeMs += t2 - t1;
    posts += batch.length;
    if (opts.keep) for (const p of batch) opts.keep(p);
    if (++pages % 250 === 0) opts.progress?.(posts);
  }
  const seconds = (transformMs + storeMs) / 1000;
  return {
    posts,
    transformSeconds: transformMs / 1000,
    storeSeconds: storeMs / 1000,
    postsPerSecond: seconds > 0 ? posts / seconds : 0,
  };
}
