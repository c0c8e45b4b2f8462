import { IMPORT_BATCH_SIZE } from "../../collectors/import/store.ts";
import { ingestAhead } from "../../collectors/ingest-ahead.ts";
import type { RelevanceOptions } from "../../collectors/rss/transform.ts";
import type { AnalysisAhead, CollectorStore, NormalizedPost } from "../../collectors/types.ts";
import type { World } from "../../demo/world/model.ts";
import { type PayloadPage, payloadPages, transformPage } from "./payloads.ts";

export interface IngestMeasure {
  /** Posts handed to the store (after the transforms' own filtering). */
  posts: number;
  /** Seconds spent in the transforms. */
  transformSeconds: number;
  /** Seconds spent in the store: analysis (language, sentiment, attribution, events), rows, search index, rollups. */
  storeSeconds: number;
  /**
   * Seconds between batches: on the import path, waiting for the analysis
   * thread's answer and the event loop's turn (pages: the loop's own few).
   */
  waitSeconds: number;
  /** posts ÷ (transform + store + wait): the ingest's own wall-clock time, payload making left out. */
  postsPerSecond: number;
}

/**
 * How the posts reach the store:
 * - `pages`: one transaction per API page (Mastodon 40, Bluesky and RSS 100),
 *   analysed in the store's thread, as a collection run does;
 * - `bulk`: the import's path, batches of 500 per transaction with the next
 *   batch analysed in a second thread meanwhile (collectors/ingest-ahead.ts).
 */
export type IngestMode = "pages" | "bulk";

export interface IngestDeps {
  store: CollectorStore;
  rss: RelevanceOptions;
  /** The runtime's analysis thread, for `bulk`. */
  analysisAhead?: () => AnalysisAhead;
}

/**
 * Ingests the world's posts [from, to) through the collectors' transforms and
 * the real store, timing only the transform and the store (payload making is
 * left out).
 */
export async function ingestWorld(
  world: World,
  range: { from: number; to: number },
  deps: IngestDeps,
  opts: { mode?: IngestMode; progress?: (done: number) => void } = {},
): Promise<IngestMeasure> {
  let posts = 0;
  let transformMs = 0;
  let storeMs = 0;
  let payloadMs = 0;
  let reported = 0;
  const transform = (page: PayloadPage): NormalizedPost[] => {
    const t0 = performance.now();
    const batch = transformPage(page, deps.rss);
    transformMs += performance.now() - t0;
    return batch;
  };
  const store = async (batch: StoreBatch) => {
    const t0 = performance.now();
    // On SQLite the store answers at once: the await costs a microtask, not a measurable share.
    await deps.store.ingestBatch({ source: batch.source, target: "bench", posts: batch.posts });
    storeMs += performance.now() - t0;
    posts += batch.posts.length;
    if (posts - reported >= 10_000) {
      reported = posts;
      opts.progress?.(posts);
    }
  };
  const mode = opts.mode ?? "pages";
  const pages = timed(payloadPages(world, range.from, range.to), (ms) => {
    payloadMs += ms;
  });
  const batches = storeBatches(pages, transform, mode);
  const started = performance.now();
  if (mode === "bulk") {
    const ahead = deps.analysisAhead?.() ?? null;
    try {
      await ingestAhead(batches, ahead, store);
    } finally {
      await ahead?.close();
    }
  } else {
    for (const batch of batches) await store(batch);
  }
  // Whatever the loop spent outside payloads, transforms and the store was spent waiting.
  const waitMs = Math.max(0, performance.now() - started - payloadMs - transformMs - storeMs);
  return measure(posts, transformMs / 1000, storeMs / 1000, waitMs / 1000);
}

/** An ingest measure from its parts; the rate is over all three (a sum of stages is measured the same way). */
export function measure(
  posts: number,
  transformSeconds: number,
  storeSeconds: number,
  waitSeconds: number,
): IngestMeasure {
  const seconds = transformSeconds + storeSeconds + waitSeconds;
  return {
    posts,
    transformSeconds,
    storeSeconds,
    waitSeconds,
    postsPerSecond: seconds > 0 ? posts / seconds : 0,
  };
}

/** `items` as they come, with the time each took to make handed to `add`. */
function* timed<T>(items: Iterable<T>, add: (ms: number) => void): Generator<T> {
  const it = items[Symbol.iterator]();
  for (;;) {
    const t0 = performance.now();
    const next = it.next();
    add(performance.now() - t0);
    if (next.done) return;
    yield next.value;
  }
}

export interface StoreBatch {
  source: string;
  posts: NormalizedPost[];
}

/**
 * The transformed pages as `mode` hands them to the store, one transaction
 * each, lazily: `pages` page by page; `bulk` gathered into the import's batch
 * size per platform (each its own source). The raw insert it is compared with
 * takes the same batches.
 */
export function* storeBatches(
  pages: Iterable<PayloadPage>,
  transform: (page: PayloadPage) => NormalizedPost[],
  mode: IngestMode,
): Generator<StoreBatch> {
  if (mode === "pages") {
    for (const page of pages) yield { source: `bench-${page.platform}`, posts: transform(page) };
    return;
  }
  const pending = new Map<string, NormalizedPost[]>();
  for (const page of pages) {
    const list = pending.get(page.platform) ?? [];
    list.push(...transform(page));
    if (list.length >= IMPORT_BATCH_SIZE) {
      yield { source: `bench-${page.platform}`, posts: list };
      pending.delete(page.platform);
    } else pending.set(page.platform, list);
  }
  for (const [platform, list] of pending)
    if (list.length > 0) yield { source: `bench-${platform}`, posts: list };
}
