/**
 * What every collector produces and what it may ask of storage. Collectors
 * never touch the database themselves: they get a `CollectorStore` (built by
 * ingest.ts) and hand it normalized batches.
 */
export interface NormalizedPost {
  /** Canonical key across instances and runs, e.g. "mastodon:https://example.org/users/a/statuses/1". */
  uid: string;
  platform: string;
  /** Host the post was made on (its origin), if known. */
  originInstance: string | null;
  url: string | null;
  /** The post's id at the target it was fetched from (ids are strings: they exceed 2^53). */
  remoteId: string;
  /** UTC ISO timestamp. */
  createdAt: string;
  editedAt: string | null;
  /** Plain text (HTML already converted). */
  text: string;
  /** The platform's declared language: a hint, not the truth. */
  lang: string | null;
  author: { handle: string; name: string | null; url: string | null; followers: number };
  counts: { likes: number; reposts: number; replies: number; quotes: number };
  /** True when the counts come from the post's own instance, which are authoritative. */
  countsFromOrigin: boolean;
  /** Lower-cased tags without "#". */
  hashtags: string[];
}

export interface IngestResult {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface RunTotals {
  fetched: number;
  inserted: number;
  updated: number;
  rateLimitWaitMs: number;
}

/** A stored post whose counts should be refreshed at its origin. */
export interface RefreshCandidate {
  uid: string;
  originInstance: string | null;
  /** The post's id at its origin, when we saw it there. */
  originId: string | null;
}

/** A value now or later: the SQLite store answers at once, the PostgreSQL store with a promise. */
export type Awaitable<T> = T | Promise<T>;

/**
 * The store's operations, answered synchronously: the SQLite store (ingest.ts)
 * runs each one as a better-sqlite3 transaction and is typed as this, so code
 * that knows it has SQLite (tests, the benchmark) may use results directly.
 */
export interface SyncCollectorStore {
  /** Stores a batch and, in the same transaction, moves the target's cursor. */
  ingestBatch(batch: {
    source: string;
    target: string;
    posts: NormalizedPost[];
    cursor?: string;
  }): IngestResult;
  getCursor(source: string, target: string): string | null;
  /**
   * Marks posts deleted at the source: they leave every metric and their text
   * is removed (the row stays, so a stale copy cannot bring the post back).
   */
  markDeleted(uids: readonly string[]): number;
  /** Posts of `platform` created in [from, to) and not refreshed since `refreshedBefore`, least recently refreshed first. */
  refreshCandidates(q: {
    platform: string;
    createdFrom: string;
    createdTo: string;
    refreshedBefore: string;
    limit: number;
  }): RefreshCandidate[];
  /** Records that a post was looked at now although nothing changed (so it waits its turn again). */
  touchRefreshed(uids: readonly string[]): void;
  startRun(source: string, target: string): number;
  finishRun(
    runId: number,
    status: "ok" | "failed" | "aborted",
    totals: RunTotals,
    error?: string | null,
  ): void;
  /** Records a running run's totals so far (a live stream's run lasts minutes). */
  progressRun(runId: number, totals: RunTotals): void;
  /**
   * Re-attributes up to `limit` stored posts after post id `afterId` with the
   * current analyzer (clusters and events; language and sentiment stay), in one
   * transaction. Returns the last id done (null when none was left) and how
   * many posts changed their clusters or events.
   */
  reattribute(afterId: number, limit: number): ReattributeResult;
}

export interface ReattributeResult {
  lastId: number | null;
  done: number;
  changed: number;
}

/**
 * What collectors and the server are given: the same operations, each of
 * which may answer now (SQLite) or later (PostgreSQL, pg-ingest.ts). Always
 * `await` them; on SQLite that costs a microtask, never a second transaction.
 */
export type CollectorStore = {
  [K in keyof SyncCollectorStore]: (
    ...args: Parameters<SyncCollectorStore[K]>
  ) => Awaitable<ReturnType<SyncCollectorStore[K]>>;
};

/** One line of `npm run collect` output: a source's result over all its targets. */
export interface SourceResult {
  source: string;
  fetched: number;
  inserted: number;
  updated: number;
  /** Targets (instance × hashtag, feed, …) whose run failed. */
  failed: number;
  error: string | null;
}

export interface Collector {
  readonly source: string;
  run(signal: AbortSignal): Promise<SourceResult>;
}

/**
 * Analysis made ahead in another thread (server/analysis-ahead.ts): a bulk
 * ingest (an import) hands it the next batch while it stores this one, so the
 * second core analyses while the first writes. `prepare` never fails: a batch
 * it could not analyse in time is analysed by the store, as without it.
 */
export interface AnalysisAhead {
  /** Resolves when the batch's analyses are ready, or at once while the thread is still starting. */
  prepare(posts: readonly NormalizedPost[]): Promise<void>;
  close(): Promise<void>;
}
