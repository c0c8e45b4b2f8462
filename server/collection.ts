import type { Logger } from "pino";
import WebSocket from "ws";
import { createBlueskyCollector } from "../collectors/bluesky/index.ts";
import { createXrpcClient } from "../collectors/bluesky/xrpc.ts";
import { createHttpClient, type HttpDeps } from "../collectors/http.ts";
import { createMastodonCollector } from "../collectors/mastodon/index.ts";
import { createMastodonRefresher } from "../collectors/mastodon/refresh.ts";
import { createRssCollector } from "../collectors/rss/index.ts";
import type { Collector, CollectorStore, SourceResult } from "../collectors/types.ts";
import { tagMatchesCampaign } from "../data/campaign.ts";
import { dayRangeUtc } from "../data/time.ts";
import type { Config } from "./config.ts";
import { type BackoffOptions, guardStorage, storageErrorOf } from "./storage-errors.ts";

export interface CollectorEntry {
  collector: Collector;
  /** Cron expression (Europe/Berlin) for the scheduler. */
  schedule: string;
  /** A stream source: under `npm start` it runs back to back instead of on the schedule. */
  continuous?: boolean;
}

export interface BuildOptions {
  /**
   * "once" (npm run collect): a stream source reads to the live edge and stops.
   * "serve" (npm start, npm run demo): it stays connected, storing as it reads.
   */
  mode?: "once" | "serve";
  /** Secrets come from the environment, never from the config file. */
  env?: NodeJS.ProcessEnv;
  /** The pause after a storage fault (full or read-only database); tests shorten it and pass a clock. */
  storageBackoff?: BackoffOptions;
}

/** A live Jetstream connection is renewed this often, so every stretch is recorded as a run. */
const LIVE_RUN_SECONDS = 900;

/** The collectors the config asks for, each wired to the shared HTTP policy and the store. */
export function buildCollectors(
  config: Config,
  deps: { store: CollectorStore; http: HttpDeps; log: Logger; version: string },
  options: BuildOptions = {},
): CollectorEntry[] {
  const live = options.mode === "serve";
  const contact = config.operator?.contact ? `; ${config.operator.contact}` : "";
  const userAgent = `Resonanz/${deps.version} (+hashtag monitor${contact})`;
  const policy = { ...config.http, backoffBaseMs: 1000, userAgent };
  const http = createHttpClient(policy, deps.http);
  // One guard for all collectors: a full or read-only database pauses every source (storage-errors.ts).
  const guard = guardStorage(deps.store, deps.log, options.storageBackoff);
  const store = guard.store;
  const entries: CollectorEntry[] = [];
  const backfillFrom = backfillStart(config);
  const isCampaignTag = (tag: string) => config.campaigns.some((c) => tagMatchesCampaign(tag, c.hashtags));

  const m = config.sources.mastodon;
  if (m) {
    const hashtags = campaignTagVariants(config);
    entries.push({
      schedule: m.schedule,
      collector: createMastodonCollector(
        { instances: m.instances, hashtags, backfillUntil: backfillFrom, maxPagesPerRun: m.maxPagesPerRun },
        { http, store, log: deps.log.child({ source: "mastodon" }) },
      ),
    });
    if (m.refresh.enabled) {
      entries.push({
        schedule: m.refresh.schedule,
        collector: createMastodonRefresher(
          {
            createdFrom: backfillFrom,
            createdTo: refreshUntil(config),
            minIntervalMinutes: m.refresh.minIntervalMinutes,
            maxPerRun: m.refresh.maxPerRun,
          },
          {
            http,
            store,
            log: deps.log.child({ source: "mastodon-refresh" }),
            now: () => new Date(),
          },
        ),
      });
    }
  }
  const b = config.sources.bluesky;
  if (b) {
    const handle = options.env?.BLUESKY_HANDLE;
    const password = options.env?.BLUESKY_APP_PASSWORD;
    entries.push({
      schedule: b.schedule,
      continuous: live,
      collector: createBlueskyCollector(
        {
          service: b.service,
          jetstream: b.jetstream,
          // Live: no idle stop; the connection is renewed every LIVE_RUN_SECONDS.
          idleSeconds: live ? LIVE_RUN_SECONDS : b.idleSeconds,
          maxRunSeconds: live ? LIVE_RUN_SECONDS : b.maxRunSeconds,
          isCampaignTag,
          startCursorUs: Date.parse(backfillFrom) * 1000,
          backfillFrom,
          hashtags: campaignTagVariants(config).flatMap((t) => [t.tag, ...t.variants]),
          ...(handle && password ? { auth: { identifier: handle, password } } : {}),
        },
        {
          http,
          xrpc: createXrpcClient(policy, deps.http),
          store,
          log: deps.log.child({ source: "bluesky" }),
          connect: (url) =>
            new WebSocket(url, { headers: { "user-agent": userAgent }, handshakeTimeout: 10_000 }),
        },
      ),
    });
  }

  const rss = config.sources.rss;
  if (rss) {
    entries.push({
      schedule: rss.schedule,
      collector: createRssCollector(
        { feeds: rss.feeds, keywords: rss.keywords, isCampaignTag },
        { http, store, log: deps.log.child({ source: "rss" }), now: () => new Date() },
      ),
    });
  }
  return entries.map((e) => ({ ...e, collector: guard.wrap(e.collector) }));
}

/**
 * Each campaign hashtag with its year-suffixed variants for the campaigns'
 * years (#clusterwoche2017, #clusterwoche17, …): Mastodon's tag timeline only
 * returns exact tags, so the variants are asked for along with the tag.
 */
export function campaignTagVariants(config: Config): { tag: string; variants: string[] }[] {
  const byTag = new Map<string, Set<string>>();
  for (const c of config.campaigns) {
    const years = new Set([c.start.slice(0, 4), c.end.slice(0, 4)]);
    for (const h of c.hashtags) {
      const tag = h.toLowerCase();
      const variants = byTag.get(tag) ?? new Set<string>();
      for (const y of years) {
        variants.add(`${tag}${y}`);
        variants.add(`${tag}${y.slice(2)}`);
      }
      byTag.set(tag, variants);
    }
  }
  return [...byTag].map(([tag, variants]) => ({ tag, variants: [...variants] }));
}

/** Backfill reaches back to a week before the earliest campaign start (UTC ISO). */
export const BACKFILL_DAYS = 7;

function backfillStart(config: Config): string {
  const earliest = config.campaigns
    .map((c) => dayRangeUtc(c.start, c.start, c.timezone).fromUtc)
    .sort()[0] as string;
  return new Date(Date.parse(earliest) - BACKFILL_DAYS * 86_400_000).toISOString();
}

/** Counts keep moving for a while after a campaign: posts up to two weeks after the last end are refreshed. */
function refreshUntil(config: Config): string {
  const latest = config.campaigns
    .map((c) => dayRangeUtc(c.end, c.end, c.timezone).toUtc)
    .sort()
    .at(-1) as string;
  return new Date(Date.parse(latest) + 14 * 86_400_000).toISOString();
}

/**
 * Runs collectors one after another. A collector that throws (which it should
 * not: it records its own failures per target) is caught and recorded too, so
 * one broken source never stops the others or the process.
 */
export async function runCollectors(
  collectors: readonly Collector[],
  deps: { store: CollectorStore; log: Logger; signal: AbortSignal },
): Promise<SourceResult[]> {
  const results: SourceResult[] = [];
  for (const c of collectors) {
    if (deps.signal.aborted) break;
    try {
      results.push(await c.run(deps.signal));
    } catch (err) {
      const storage = storageErrorOf(err);
      const message = storage?.message ?? (err instanceof Error ? err.message : String(err));
      try {
        const runId = await deps.store.startRun(c.source, "*");
        await deps.store.finishRun(
          runId,
          "failed",
          { fetched: 0, inserted: 0, updated: 0, rateLimitWaitMs: 0 },
          message,
        );
      } catch (recordErr) {
        // The database that failed the run may refuse its record too: the log keeps it.
        deps.log.error({ source: c.source, error: messageOf(recordErr) }, "could not record the failed run");
      }
      if (storage) deps.log.error({ source: c.source, code: storage.code }, message);
      else deps.log.error({ source: c.source, err }, "collector crashed");
      results.push({ source: c.source, fetched: 0, inserted: 0, updated: 0, failed: 1, error: message });
    }
  }
  return results;
}

function messageOf(err: unknown): string {
  return storageErrorOf(err)?.message ?? (err instanceof Error ? err.message : String(err));
}
