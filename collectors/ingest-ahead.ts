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
  batches: Iterable<B>,
  ahead: AnalysisAhead | null,
  store: (batch: B, index: number) => Promise<void>,
): Promise<void> {
  // Batches are taken one ahead of the one stored, so a lazy source (the benchmark's) works too.
  const source = batches[Symbol.iterator]();
  let current = source.next();
  let next = !current.done && ahead ? ahead.prepare(current.value.posts) : null;
  for (let i = 0; !current.done; i++) {
    const ready = next;
    const following = source.next();
    next = !following.done && ahead ? ahead.prepare(following.value.posts) : null;
    await ready;
    await store(current.value, i);
    if (!following.done) await new Promise((resolve) => setImmediate(resolve));
    current = following;
  }
}
