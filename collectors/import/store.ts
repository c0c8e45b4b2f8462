import { AHEAD_MIN_POSTS, ingestAhead } from "../ingest-ahead.ts";
import type { AnalysisAhead, CollectorStore, IngestResult, RunTotals } from "../types.ts";
import type { ImportPlatform, ParseResult, RowError } from "./types.ts";

/** What `npm run import` prints and the upload page shows. */
export interface ImportSummary {
  platform: ImportPlatform;
  file: string;
  /** Data rows (posts) read from the file: stored ones plus rejected ones. */
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Stored posts carrying a campaign hashtag: the only ones the dashboard and reports count. */
  campaignPosts: number;
  /** The first MAX_REPORTED_ERRORS row errors, in file order. */
  errors: RowError[];
  /** Row errors beyond those listed. */
  moreErrors: number;
}

export const IMPORT_SOURCE = "import";
export const MAX_REPORTED_ERRORS = 100;
/** Posts per transaction: a 50 MB file must not hold the database (and the server) for one long write. */
export const IMPORT_BATCH_SIZE = 500;

/** The run's target: "x:tweets.js". Only the file's name, never a path (uploads from Windows send "C:\…"). */
export function importTarget(platform: ImportPlatform, fileName: string): string {
  const base = fileName.split(/[\\/]/).pop()?.trim() || "upload";
  return `${platform}:${base.slice(0, 200)}`;
}

/**
 * Stores parsed posts through the ingest door as one recorded run of source
 * "import", in batches, and sums up. Ingest is idempotent on the uid, so a
 * re-import of the same file updates counts and inserts nothing.
 */
export async function storeImport(
  deps: {
    store: CollectorStore;
    isCampaignTag: (tag: string) => boolean;
    /** For a large file: a thread that analyses the next batch while this one is stored. */
    analysisAhead?: () => AnalysisAhead;
  },
  input: { platform: ImportPlatform; file: string; parsed: ParseResult },
): Promise<ImportSummary> {
  const { store } = deps;
  const { posts } = input.parsed;
  const target = importTarget(input.platform, input.file);
  const runId = await store.startRun(IMPORT_SOURCE, target);
  const totals: RunTotals = { fetched: posts.length, inserted: 0, updated: 0, rateLimitWaitMs: 0 };
  const result: IngestResult = { inserted: 0, updated: 0, unchanged: 0 };
  const batches = [];
  for (let i = 0; i < posts.length; i += IMPORT_BATCH_SIZE)
    batches.push({ source: IMPORT_SOURCE, target, posts: posts.slice(i, i + IMPORT_BATCH_SIZE) });
  let ahead: AnalysisAhead | null = null;
  try {
    if (deps.analysisAhead && posts.length >= AHEAD_MIN_POSTS) ahead = deps.analysisAhead();
    await ingestAhead(batches, ahead, async (batch) => {
      const r = await store.ingestBatch(batch);
      result.inserted += r.inserted;
      result.updated += r.updated;
      result.unchanged += r.unchanged;
      totals.inserted = result.inserted;
      totals.updated = result.updated;
    });
  } catch (err) {
    await store.finishRun(runId, "failed", totals, err instanceof Error ? err.message : String(err));
    throw err;
  } finally {
    await ahead?.close();
  }
  await store.finishRun(runId, "ok", totals);
  return summarizeImport(input, result, deps.isCampaignTag);
}

/** The summary of a stored import. Pure. */
export function summarizeImport(
  input: { platform: ImportPlatform; file: string; parsed: ParseResult },
  stored: IngestResult,
  isCampaignTag: (tag: string) => boolean,
): ImportSummary {
  const { posts, errors } = input.parsed;
  return {
    platform: input.platform,
    file: input.file,
    rows: posts.length + errors.length,
    ...stored,
    rejected: errors.length,
    campaignPosts: posts.filter((p) => p.hashtags.some(isCampaignTag)).length,
    errors: errors.slice(0, MAX_REPORTED_ERRORS),
    moreErrors: Math.max(0, errors.length - MAX_REPORTED_ERRORS),
  };
}
