import type { AnalysisAhead, NormalizedPost } from "./types.ts";

/** Below this many posts a bulk ingest analyses in its own thread: starting the other costs about half a second. */
export const AHEAD_MIN_POSTS = 2_000;

/**
 * Stores `batches` in order with `store`, while `ahead` analyses the batch
 * after the one being stored. On SQLite a batch is stored synchronously, so
 * the other thread's work on the next batch runs beside it, not after it.
 * Between batches the event loop gets a turn: the thread's answers arrive
 * there (and a server answers its requests). Without `ahead` this is the
 * plain loop.
 */
export async function ingestAhead<B extends { posts: readonly NormalizedPost[] }>(
  batches: readonly B[],
  ahead: AnalysisAhead | null,
  store: (batch: B, index: number) => Promise<void>,
): Promise<void> {
  let next = batches[0] && ahead ? ahead.prepare(batches[0].posts) : null;
  for (let i = 0; i < batches.length; i++) {
    const ready = next;
    const following = batches[i + 1];
    next = following && ahead ? ahead.prepare(following.posts) : null;
    await ready;
    await store(batches[i] as B, i);
    if (i + 1 < batches.length) await new Promise((resolve) => setImmediate(resolve));
  }
}
