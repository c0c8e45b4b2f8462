import type { Logger } from "pino";
import { type HttpClient, newRequestStats, type RequestStats } from "../http.ts";
import { AbortedError } from "../http-errors.ts";
import type { CollectorStore, NormalizedPost, RunTotals } from "../types.ts";
import { getProfiles, searchPosts } from "./api.ts";
import { type BlueskyAuth, createSessionManager, type SessionManager } from "./session.ts";
import { campaignTagsOf, normalizeTag, postViewToPost, type TagMatcher } from "./transform.ts";
import type { XrpcClient } from "./xrpc.ts";

/**
 * Where a hashtag's search backfill stands, stored as the cursor of target
 * `search#{tag}`. Search pages are newest first, so `oldest` is how far back
 * the stored pages reach; an interrupted backfill resumes from there (with
 * `until`, not the server's offset cursor, which is only good for one
 * sequence of requests), and a `done` one is never repeated.
 */
export interface BackfillCursor {
  /** The oldest `indexedAt` among the stored pages; null before the first post. */
  oldest: string | null;
  done: boolean;
}

const SEARCH_PREFIX = "search#";

export function searchTarget(tag: string): string {
  return `${SEARCH_PREFIX}${tag}`;
}

/** "search#clusterwoche" → "clusterwoche". */
export function searchTag(target: string): string {
  return target.startsWith(SEARCH_PREFIX) ? target.slice(SEARCH_PREFIX.length) : target;
}

export function parseBackfillCursor(raw: string | null): BackfillCursor | null {
  if (!raw) return null;
  try {
    const c = JSON.parse(raw) as Partial<BackfillCursor>;
    const oldest = typeof c.oldest === "string" && !Number.isNaN(Date.parse(c.oldest)) ? c.oldest : null;
    return { oldest, done: c.done === true };
  } catch {
    return null;
  }
}

/** The base tags to search: lower-cased, without "#", each once. */
export function searchTags(hashtags: readonly string[]): string[] {
  return [...new Set(hashtags.flatMap((h) => normalizeTag(h) ?? []))];
}

export interface BackfillContext {
  source: string;
  session: SessionManager;
  xrpc: XrpcClient;
  /** Public AppView for the authors' follower counts. */
  http: HttpClient;
  service: string;
  store: CollectorStore;
  log: Logger;
  isCampaignTag: TagMatcher;
  /** ISO time the backfill reaches back to. */
  since: string;
  now: () => number;
  /** Pages per tag and run; the rest follows next run. */
  maxPages: number;
}

export interface SearchBackfill {
  /** The hashtags whose backfill is not complete yet: once done, it is never repeated. */
  pending(): Promise<string[]>;
  run(tag: string, signal: AbortSignal, totals: RunTotals): Promise<void>;
}

/**
 * The search backfill of one collector, with its own session (one login,
 * then refreshes). Null, with a warning naming what is missing, when it is
 * only half configured: then only Jetstream runs.
 */
export function createSearchBackfill(
  config: {
    source: string;
    auth: BlueskyAuth;
    hashtags: readonly string[];
    since: string | null;
    service: string;
    isCampaignTag: TagMatcher;
    maxPages: number;
  },
  deps: { http: HttpClient; store: CollectorStore; log: Logger; xrpc?: XrpcClient; now?: () => number },
): SearchBackfill | null {
  const tags = searchTags(config.hashtags);
  const sinceMs = config.since ? Date.parse(config.since) : Number.NaN;
  const missing = [
    ...(deps.xrpc ? [] : ["deps.xrpc"]),
    ...(Number.isNaN(sinceMs) ? ["backfillFrom"] : []),
    ...(tags.length > 0 ? [] : ["hashtags"]),
  ];
  if (!deps.xrpc || missing.length > 0) {
    deps.log.warn(
      { source: config.source, missing },
      "bluesky search backfill needs these; only Jetstream runs",
    );
    return null;
  }
  const now = deps.now ?? Date.now;
  const session = createSessionManager(config.auth, { xrpc: deps.xrpc, now, log: deps.log });
  // The password stays with the session; nothing else holds it.
  const ctx: BackfillContext = {
    source: config.source,
    session,
    xrpc: deps.xrpc,
    http: deps.http,
    service: config.service,
    store: deps.store,
    log: deps.log,
    isCampaignTag: config.isCampaignTag,
    since: new Date(sinceMs).toISOString(),
    now,
    maxPages: config.maxPages,
  };
  return {
    async pending() {
      const open: string[] = [];
      for (const tag of tags)
        if (!parseBackfillCursor(await deps.store.getCursor(config.source, searchTarget(tag)))?.done)
          open.push(tag);
      return open;
    },
    async run(tag, signal, totals) {
      const stats = newRequestStats();
      try {
        await backfillTag(tag, ctx, signal, totals, stats);
      } finally {
        totals.rateLimitWaitMs += stats.rateLimitWaitMs;
        deps.log.info(
          { source: config.source, target: searchTarget(tag), requests: stats.requests },
          "search read",
        );
      }
    },
  };
}

/**
 * Pages `searchPosts` for `#{tag}` from the stored position (or now) back to
 * `since`, storing each page's campaign posts together with the new
 * position. Ends when the search has no next page, the run's page budget is
 * spent (not done: resumes next run) or `signal` aborts.
 */
export async function backfillTag(
  tag: string,
  ctx: BackfillContext,
  signal: AbortSignal,
  totals: RunTotals,
  stats: RequestStats,
): Promise<void> {
  const target = searchTarget(tag);
  const saved = parseBackfillCursor(await ctx.store.getCursor(ctx.source, target));
  if (saved?.done) return;
  let oldest = saved?.oldest ?? null;
  // Search `until` is exclusive and compares `sortAt` (≤ indexedAt): a millisecond more re-reads, never skips.
  const until = oldest ? new Date(Date.parse(oldest) + 1).toISOString() : new Date(ctx.now()).toISOString();
  let cursor: string | undefined;
  for (let page = 0; page < ctx.maxPages; page++) {
    const q = { q: `#${tag}`, since: ctx.since, until, cursor };
    const res = await ctx.session.withAuth(signal, stats, (token) =>
      searchPosts(ctx.xrpc, ctx.session.pds, token, q, { signal, stats }),
    );
    for (const r of res.rejected) ctx.log.warn({ source: ctx.source, target, ...r }, "bluesky view rejected");
    const kept = res.posts.filter((v) => campaignTagsOf(v.record).some(ctx.isCampaignTag));
    totals.fetched += kept.length;
    const pageOldest = oldestOf(res.posts.map((v) => v.indexedAt));
    if (pageOldest !== null && (oldest === null || Date.parse(pageOldest) < Date.parse(oldest)))
      oldest = pageOldest;
    const done =
      res.cursor === null ||
      res.posts.length + res.rejected.length === 0 ||
      res.cursor === cursor ||
      (pageOldest !== null && Date.parse(pageOldest) <= Date.parse(ctx.since));
    const posts = await toPosts(kept, ctx, signal, stats, target);
    const stored = await ctx.store.ingestBatch({
      source: ctx.source,
      target,
      posts,
      cursor: JSON.stringify({ oldest, done } satisfies BackfillCursor),
    });
    totals.inserted += stored.inserted;
    totals.updated += stored.updated;
    if (done) {
      ctx.log.info({ source: ctx.source, target, oldest }, "bluesky search backfill complete");
      return;
    }
    cursor = res.cursor ?? undefined;
  }
}

async function toPosts(
  views: Parameters<typeof postViewToPost>[0][],
  ctx: BackfillContext,
  signal: AbortSignal,
  stats: RequestStats,
  target: string,
): Promise<NormalizedPost[]> {
  if (views.length === 0) return [];
  let profiles: Awaited<ReturnType<typeof getProfiles>> | null = null;
  try {
    profiles = await getProfiles(
      ctx.http,
      ctx.service,
      views.map((v) => v.author.did),
      { signal, stats },
    );
  } catch (err) {
    // Posts without follower counts are still worth storing; the failure is logged.
    if (err instanceof AbortedError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    ctx.log.warn(
      { source: ctx.source, target, err: message },
      "getProfiles failed; storing posts without it",
    );
  }
  const out: NormalizedPost[] = [];
  for (const v of views) {
    const post = postViewToPost(v, profiles?.found.get(v.author.did));
    if (typeof post === "string") ctx.log.warn({ source: ctx.source, target, reason: post }, "post rejected");
    else out.push(post);
  }
  return out;
}

/** The earliest of some timestamps as UTC ISO; null when none is readable. */
function oldestOf(times: string[]): string | null {
  const ms = times.map((t) => Date.parse(t)).filter((t) => !Number.isNaN(t));
  return ms.length > 0 ? new Date(Math.min(...ms)).toISOString() : null;
}
