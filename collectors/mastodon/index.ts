import type { Logger } from "pino";
import { type HttpClient, newRequestStats } from "../http.ts";
import { runTargets } from "../run-targets.ts";
import type { Collector, CollectorStore, RunTotals } from "../types.ts";
import { compareIds, fetchTimelinePage, tagTimelineUrl } from "./api.ts";
import { transformTimeline } from "./transform.ts";

export const SOURCE = "mastodon";

export interface MastodonOptions {
  instances: readonly string[];
  /** Tags to follow, without "#". */
  hashtags: readonly string[];
  /** Backfill pages back to this instant (UTC ISO), the earliest campaign start. */
  backfillUntil: string;
  maxPagesPerRun: number;
}

export interface MastodonDeps {
  http: HttpClient;
  store: CollectorStore;
  log: Logger;
}

/**
 * Where a target stands. `newest` is the highest id stored (forward polling
 * continues from it with `min_id`); `backfill` the Link `next` URL still to
 * follow toward the campaign start, null once backfill is complete.
 */
interface CursorState {
  newest: string | null;
  backfill: string | null;
}

/**
 * Follows each hashtag on each instance: backfill through `Link: rel=next`
 * down to the campaign start, then forward polling with `min_id` until empty.
 * Every page is stored with its cursor in one transaction, so a crash or a
 * failed page never skips posts: the next run resumes where storage stands.
 */
export function createMastodonCollector(opts: MastodonOptions, deps: MastodonDeps): Collector {
  const targets = opts.instances.flatMap((instance) => opts.hashtags.map((tag) => ({ instance, tag })));

  async function runTarget(
    instance: string,
    tag: string,
    signal: AbortSignal,
    totals: RunTotals,
  ): Promise<void> {
    const target = targetName(instance, tag);
    const stats = newRequestStats();
    const saved = deps.store.getCursor(SOURCE, target);
    let state: CursorState | null = saved ? (JSON.parse(saved) as CursorState) : null;
    let pages = 0;

    const store = (statuses: unknown[], next: CursorState) => {
      const page = transformTimeline(statuses, instance);
      for (const r of page.rejected) deps.log.warn({ target, ...r }, "mastodon status rejected");
      const res = deps.store.ingestBatch({
        source: SOURCE,
        target,
        posts: page.posts,
        cursor: JSON.stringify(next),
      });
      totals.fetched += statuses.length;
      totals.inserted += res.inserted;
      totals.updated += res.updated;
      state = next;
      pages++;
    };

    try {
      // First contact: the newest page fixes the forward cursor and starts backfill.
      if (!state) {
        const first = await fetchTimelinePage(deps.http, tagTimelineUrl(instance, tag), { signal, stats });
        const newest = maxId(first.statuses, null);
        store(first.statuses, { newest, backfill: reachedStart(first.statuses) ? null : first.next });
      }
      while (state?.backfill && pages < opts.maxPagesPerRun) {
        const page = await fetchTimelinePage(deps.http, state.backfill, { signal, stats });
        store(page.statuses, {
          newest: state.newest ?? maxId(page.statuses, null),
          backfill: reachedStart(page.statuses) ? null : page.next,
        });
      }
      while (state && pages < opts.maxPagesPerRun) {
        const current: CursorState = state;
        const url = tagTimelineUrl(instance, tag, current.newest ? { minId: current.newest } : {});
        const page = await fetchTimelinePage(deps.http, url, { signal, stats });
        if (page.statuses.length === 0) break;
        const newest = maxId(page.statuses, current.newest);
        store(page.statuses, { ...current, newest });
        if (!current.newest || newest === current.newest) break;
      }
    } finally {
      totals.rateLimitWaitMs += stats.rateLimitWaitMs;
    }
  }

  function reachedStart(statuses: unknown[]): boolean {
    return statuses.some((s) => {
      const created = (s as { created_at?: unknown }).created_at;
      return typeof created === "string" && Date.parse(created) < Date.parse(opts.backfillUntil);
    });
  }

  return {
    source: SOURCE,
    run: (signal) =>
      runTargets(
        SOURCE,
        targets,
        ({ instance, tag }) => targetName(instance, tag),
        ({ instance, tag }, sig, totals) => runTarget(instance, tag, sig, totals),
        deps,
        signal,
      ),
  };
}

function targetName(instance: string, tag: string): string {
  return `${new URL(instance).host}#${tag.toLowerCase()}`;
}

function maxId(statuses: unknown[], start: string | null): string | null {
  let best = start;
  for (const s of statuses) {
    const id = (s as { id?: unknown }).id;
    if (typeof id === "string" && /^\d+$/.test(id) && (best === null || compareIds(id, best) > 0)) best = id;
  }
  return best;
}
