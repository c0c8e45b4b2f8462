import type { Logger } from "pino";
import { type HttpClient, newRequestStats } from "../http.ts";
import { HttpError } from "../http-errors.ts";
import { runTargets } from "../run-targets.ts";
import type { Collector, CollectorStore, RefreshCandidate } from "../types.ts";
import { mastodonStatusSchema } from "./schema.ts";
import { transformStatus } from "./transform.ts";

export const REFRESH_SOURCE = "mastodon-refresh";

/** At least this many 404s, and nothing else, from one origin in one run look like a dead server. */
const MASS_NOT_FOUND = 3;

export interface RefreshOptions {
  /** Posts created in [createdFrom, createdTo) (UTC ISO) are refreshed: the campaigns' windows. */
  createdFrom: string;
  createdTo: string;
  /** A post is refreshed at most this often. */
  minIntervalMinutes: number;
  /** Statuses fetched per run, so a run stays within the instances' rate limits. */
  maxPerRun: number;
}

export interface RefreshDeps {
  http: HttpClient;
  store: CollectorStore;
  log: Logger;
  now: () => Date;
}

/**
 * Counts differ per instance and grow after a post is first seen: the
 * origin's `GET /api/v1/statuses/:id` is authoritative. This job asks each
 * post's origin, least recently refreshed first; a 404 or 410 there means the
 * author deleted it, and it is marked deleted (out of every metric, text removed).
 * Edits arrive the same way. One target per origin instance.
 */
export function createMastodonRefresher(opts: RefreshOptions, deps: RefreshDeps): Collector {
  return {
    source: REFRESH_SOURCE,
    async run(signal) {
      const before = new Date(deps.now().getTime() - opts.minIntervalMinutes * 60_000).toISOString();
      const candidates = await deps.store.refreshCandidates({
        platform: "mastodon",
        createdFrom: opts.createdFrom,
        createdTo: opts.createdTo,
        refreshedBefore: before,
        limit: opts.maxPerRun,
      });
      const byOrigin = new Map<string, RefreshCandidate[]>();
      for (const c of candidates) {
        const origin = originOf(c.uid);
        if (!origin) {
          await deps.store.touchRefreshed([c.uid]);
          continue;
        }
        byOrigin.set(origin, [...(byOrigin.get(origin) ?? []), c]);
      }
      return runTargets(
        REFRESH_SOURCE,
        [...byOrigin.keys()],
        (origin) => new URL(origin).host,
        async (origin, sig, totals) => {
          const stats = newRequestStats();
          const deleted: string[] = [];
          const group = byOrigin.get(origin) ?? [];
          const done = new Set<string>();
          try {
            for (const c of group) {
              done.add(c.uid);
              const id = c.originId ?? statusIdOf(c.uid);
              if (!id) {
                await deps.store.touchRefreshed([c.uid]); // not a Mastodon server: no API to ask
                continue;
              }
              let body: string;
              try {
                body = (
                  await deps.http.get(
                    new URL(`/api/v1/statuses/${encodeURIComponent(id)}`, origin).toString(),
                    { signal: sig, stats },
                  )
                ).body;
              } catch (err) {
                if (err instanceof HttpError && (err.status === 404 || err.status === 410)) {
                  deleted.push(c.uid);
                  continue;
                }
                if (err instanceof HttpError && (err.status === 401 || err.status === 403)) {
                  await deps.store.touchRefreshed([c.uid]); // now private or limited: keep what we have
                  continue;
                }
                throw err;
              }
              totals.fetched++;
              const parsed = mastodonStatusSchema.safeParse(safeJson(body));
              const post = parsed.success ? transformStatus(parsed.data, origin) : null;
              if (!post || typeof post === "string" || post.uid !== c.uid) {
                deps.log.warn({ uid: c.uid, origin }, "origin answered with an unusable status");
                await deps.store.touchRefreshed([c.uid]);
                continue;
              }
              const res = await deps.store.ingestBatch({
                source: REFRESH_SOURCE,
                target: new URL(origin).host,
                posts: [post],
              });
              if (res.unchanged) await deps.store.touchRefreshed([c.uid]);
              totals.updated += res.updated;
            }
          } catch (err) {
            // An unreachable origin must not starve the others: its posts wait their interval again.
            await deps.store.touchRefreshed(group.filter((c) => !done.has(c.uid)).map((c) => c.uid));
            throw err;
          } finally {
            totals.rateLimitWaitMs += stats.rateLimitWaitMs;
          }
          // A server that answers 404 for every post asked is gone or misconfigured, not
          // evidence that each author deleted: nothing is deleted on its word.
          if (deleted.length >= MASS_NOT_FOUND && deleted.length === group.length) {
            await deps.store.touchRefreshed(deleted);
            throw new Error(
              `${new URL(origin).host} answers 404 for all ${deleted.length} posts asked; none marked deleted`,
            );
          }
          totals.updated += await deps.store.markDeleted(deleted);
        },
        deps,
        signal,
      );
    },
  };
}

/** "mastodon:https://host/users/a/statuses/1" → "https://host". */
function originOf(uid: string): string | null {
  try {
    const url = new URL(uid.replace(/^mastodon:/, ""));
    return url.protocol === "https:" || url.protocol === "http:" ? url.origin : null;
  } catch {
    return null;
  }
}

/** The id in a Mastodon ActivityPub uri (`/users/NAME/statuses/ID`); other servers' uris have none. */
export function statusIdOf(uid: string): string | null {
  return /\/users\/[^/]+\/statuses\/(\d+)$/.exec(uid)?.[1] ?? null;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
