import type { Logger } from "pino";
import { type HttpClient, newRequestStats, type RequestStats } from "../http.ts";
import { AbortedError } from "../http-errors.ts";
import { runTargets } from "../run-targets.ts";
import type { Collector, CollectorStore, NormalizedPost, RunTotals } from "../types.ts";
import { getPosts, getProfiles } from "./api.ts";
import { createSearchBackfill, searchTag, searchTarget } from "./backfill.ts";
import { type Connect, consumeJetstream } from "./jetstream.ts";
import type { JetstreamEvent } from "./schema.ts";
import type { BlueskyAuth } from "./session.ts";
import { campaignTagsOf, classifyEvent, type Enrichment, eventToPost, type PostEvent } from "./transform.ts";
import type { XrpcClient } from "./xrpc.ts";

export const SOURCE = "bluesky";
/** One target: the Jetstream firehose, filtered here. Its cursor is the last consumed `time_us`. */
export const TARGET = "jetstream";

export interface BlueskyOptions {
  /** Public AppView base URL for getPosts/getProfiles, e.g. "https://public.api.bsky.app". */
  service: string;
  /** Jetstream subscribe endpoint, e.g. "wss://jetstream2.us-east.bsky.network/subscribe". */
  jetstream: string;
  /** A run ends after this many seconds without an event. */
  idleSeconds: number;
  /** A run ends after this many seconds at the latest. */
  maxRunSeconds: number;
  /** Whether a lower-cased tag (without "#") is a campaign hashtag, year variants included. */
  isCampaignTag: (tag: string) => boolean;
  /**
   * Where the very first run starts (Unix µs), when no cursor is stored yet:
   * the earliest campaign start. Jetstream replays what it still retains from
   * there (about 36 hours); without it the first run would start at the live edge.
   */
  startCursorUs?: number;
  /**
   * Stores what has been read at least this often (default 2000 ms), so a long,
   * quiet live run (under `npm start`) still shows new posts within seconds.
   */
  flushEveryMs?: number;
  /** Posts per stored batch (default 100). */
  batchSize?: number;
  /** Consumed events after which the cursor is stored even without campaign posts (default 5000). */
  cursorEveryEvents?: number;
  /** Reconnects per run when the socket drops (default 5). */
  maxReconnects?: number;
  /** Base of the reconnect backoff (default 500 ms). */
  reconnectBaseMs?: number;
  /**
   * An account (handle + app password, from BLUESKY_HANDLE / BLUESKY_APP_PASSWORD) for the
   * search backfill; without it only Jetstream runs. Needs `deps.xrpc`.
   */
  auth?: BlueskyAuth;
  /** ISO time the search backfill reaches back to (default: `startCursorUs`). */
  backfillFrom?: string;
  /** The campaigns' base hashtags to search, with or without "#" (one target `search#{tag}` each). */
  hashtags?: string[];
  /** searchPosts pages (100 posts) per hashtag and run (default 20); a longer backfill resumes next run. */
  backfillMaxPages?: number;
}

export interface BlueskyDeps {
  http: HttpClient;
  store: CollectorStore;
  log: Logger;
  /** Opens the Jetstream websocket (default: `ws` without extra headers). */
  connect?: Connect;
  /** Authenticated XRPC for the search backfill (`createXrpcClient` with the shared HTTP policy and deps). */
  xrpc?: XrpcClient;
  /** Clock for the session (token expiry, login back-off); default Date.now. */
  now?: () => number;
}

interface Pending {
  posts: PostEvent[];
  /** uids of posts deleted at the source in this stretch of the stream. */
  deletes: string[];
  /** The last consumed event's time_us when the batch was cut. */
  cursor: number;
}

/**
 * Follows Jetstream from the stored cursor, keeps the posts carrying a
 * campaign hashtag, enriches them through the public AppView (counts,
 * handle, followers) and stores them in batches, each batch together with
 * the cursor of the last event consumed before it was cut. A restart
 * therefore resumes exactly where storage stands; the posts between the
 * stored cursor and a crash are read again and upserted, never doubled.
 *
 * With an account (`opts.auth`), each campaign hashtag also gets a search
 * backfill (target `search#{tag}`, see backfill.ts) until it has reached
 * `backfillFrom` once; after that only Jetstream runs.
 */
export function createBlueskyCollector(opts: BlueskyOptions, deps: BlueskyDeps): Collector {
  const batchSize = opts.batchSize ?? 100;
  const cursorEvery = opts.cursorEveryEvents ?? 5000;

  async function enrich(posts: PostEvent[], signal: AbortSignal, stats: RequestStats) {
    const uris = posts.map((p) => p.uri);
    const dids = posts.map((p) => p.did);
    const [views, profiles] = await Promise.all([
      softly("getPosts", () => getPosts(deps.http, opts.service, uris, { signal, stats })),
      softly("getProfiles", () => getProfiles(deps.http, opts.service, dids, { signal, stats })),
    ]);
    for (const r of [...(views?.rejected ?? []), ...(profiles?.rejected ?? [])])
      deps.log.warn({ source: SOURCE, ...r }, "bluesky view rejected");
    return (p: PostEvent): Enrichment => ({
      post: views?.found.get(p.uri),
      profile: profiles?.found.get(p.did),
    });
  }

  /** An enrichment failure must not lose the posts: they are stored un-enriched and the failure is logged. */
  async function softly<T>(what: string, call: () => Promise<T>): Promise<T | null> {
    try {
      return await call();
    } catch (err) {
      if (err instanceof AbortedError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      deps.log.warn({ source: SOURCE, err: message }, `${what} failed; storing posts without it`);
      return null;
    }
  }

  async function runJetstream(signal: AbortSignal, totals: RunTotals): Promise<void> {
    const stats = newRequestStats();
    const saved = await deps.store.getCursor(SOURCE, TARGET);
    const storedCursor = saved && /^\d+$/.test(saved) ? saved : null;
    if (saved && !storedCursor)
      deps.log.warn({ source: SOURCE, cursor: saved }, "stored cursor unusable; starting over");
    const cursor =
      storedCursor ?? (opts.startCursorUs !== undefined ? String(Math.floor(opts.startCursorUs)) : null);
    const counts = { deletes: 0, rejected: 0, ignored: 0 };
    let pending: PostEvent[] = [];
    let deletes: string[] = [];
    let lastTimeUs: number | null = null;
    let cutTimeUs: number | null = cursor ? Number(cursor) : null;
    let sinceCut = 0;
    // Batches are stored strictly one after another, so cursors only move forward.
    let chain: Promise<void> = Promise.resolve();
    let failure: unknown = null;
    const stop = new AbortController();

    async function store(batch: Pending) {
      let posts: NormalizedPost[] = [];
      if (batch.posts.length > 0) {
        const lookup = await enrich(batch.posts, signal, stats);
        posts = batch.posts.map((p) => eventToPost(p, lookup(p)));
      }
      // Posts, then deletions (a post created and deleted in one batch ends deleted), then
      // the cursor: it moves only once both are stored.
      const cursor = String(batch.cursor);
      const withDeletes = batch.deletes.length > 0;
      const res = await deps.store.ingestBatch({
        source: SOURCE,
        target: TARGET,
        posts,
        ...(withDeletes ? {} : { cursor }),
      });
      totals.inserted += res.inserted;
      totals.updated += res.updated;
      if (withDeletes) {
        totals.updated += await deps.store.markDeleted(batch.deletes);
        await deps.store.ingestBatch({ source: SOURCE, target: TARGET, posts: [], cursor });
      }
    }

    function cut() {
      if (lastTimeUs === null || (pending.length === 0 && deletes.length === 0 && lastTimeUs === cutTimeUs))
        return;
      const batch: Pending = { posts: pending, deletes, cursor: lastTimeUs };
      cutTimeUs = lastTimeUs;
      pending = [];
      deletes = [];
      sinceCut = 0;
      chain = chain.then(() => store(batch));
      chain.catch((err) => {
        failure ??= err;
        stop.abort();
      });
    }

    function onEvent(event: JetstreamEvent) {
      lastTimeUs = event.time_us;
      sinceCut++;
      const c = classifyEvent(event);
      if (c.type === "delete") {
        // Deleted at the source: marked deleted when the batch is stored (a no-op for posts we never had).
        counts.deletes++;
        deletes.push(`bluesky:${c.uri}`);
        deps.log.debug({ source: SOURCE, uri: c.uri }, "bluesky post deleted");
      } else if (c.type === "rejected") {
        counts.rejected++;
        deps.log.debug({ source: SOURCE, uri: c.uri, reason: c.reason }, "bluesky post rejected");
      } else if (c.type === "post" && campaignTagsOf(c.post.record).some(opts.isCampaignTag)) {
        totals.fetched++;
        pending.push(c.post);
      } else {
        counts.ignored++;
      }
      if (pending.length >= batchSize || sinceCut >= cursorEvery) cut();
    }

    const flushTimer = setInterval(() => {
      if (pending.length > 0 || deletes.length > 0) cut();
    }, opts.flushEveryMs ?? 2000);
    let consumeError: unknown = null;
    let malformedLogged = 0;
    let consumed: Awaited<ReturnType<typeof consumeJetstream>> | null = null;
    try {
      consumed = await consumeJetstream({
        url: opts.jetstream,
        cursor,
        idleMs: opts.idleSeconds * 1000,
        maxRunMs: opts.maxRunSeconds * 1000,
        signal: AbortSignal.any([signal, stop.signal]),
        onEvent,
        onMalformed: (reason) => {
          // A format change would make every message malformed: log a few, count them all.
          if (++malformedLogged <= 10)
            deps.log.warn({ source: SOURCE, reason }, "malformed jetstream message skipped");
        },
        connect: deps.connect,
        maxReconnects: opts.maxReconnects,
        backoffBaseMs: opts.reconnectBaseMs,
      });
    } catch (err) {
      // The socket is gone for good; what was read is still worth storing below.
      consumeError = err;
    } finally {
      clearInterval(flushTimer);
    }
    // On abort the unstored rest is dropped: the cursor stays before it, so the next run reads it again.
    if (!signal.aborted && failure === null) cut();
    try {
      await chain;
    } catch (err) {
      failure ??= err;
    } finally {
      totals.rateLimitWaitMs += stats.rateLimitWaitMs;
    }
    deps.log.info(
      {
        source: SOURCE,
        target: TARGET,
        ...counts,
        events: consumed?.events,
        malformed: consumed?.malformed,
        reconnects: consumed?.reconnects,
        stop: consumed?.stop,
        requests: stats.requests,
      },
      "jetstream read",
    );
    if (signal.aborted) throw new AbortedError();
    if (failure !== null) throw failure;
    if (consumeError !== null) throw consumeError;
  }

  const backfill = opts.auth
    ? createSearchBackfill(
        {
          source: SOURCE,
          auth: opts.auth,
          hashtags: opts.hashtags ?? [],
          since:
            opts.backfillFrom ??
            (opts.startCursorUs !== undefined
              ? new Date(Math.floor(opts.startCursorUs / 1000)).toISOString()
              : null),
          service: opts.service,
          isCampaignTag: opts.isCampaignTag,
          maxPages: opts.backfillMaxPages ?? 20,
        },
        deps,
      )
    : null;

  return {
    source: SOURCE,
    run: async (signal) => {
      // Jetstream first: the firehose forgets after about 36 hours, the search does not.
      const targets = [TARGET, ...((await backfill?.pending()) ?? []).map(searchTarget)];
      return runTargets(
        SOURCE,
        targets,
        (t) => t,
        (t, sig, totals) =>
          t === TARGET
            ? runJetstream(sig, totals)
            : (backfill?.run(searchTag(t), sig, totals) ?? Promise.resolve()),
        deps,
        signal,
      );
    },
  };
}
