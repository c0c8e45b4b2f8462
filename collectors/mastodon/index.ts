import type { Logger } from "pino";
import { type HttpClient, newRequestStats } from "../http.ts";
import { HttpError } from "../http-errors.ts";
import { runTargets } from "../run-targets.ts";
import type { Collector, CollectorStore, RunTotals } from "../types.ts";
import { compareIds, fetchTimelinePage, MAX_ANY_TAGS, tagTimelineUrl, withAnyTags } from "./api.ts";
import { fetchHashtagAccess, type HashtagAccess, LoginRequiredError } from "./instance.ts";
import { transformTimeline } from "./transform.ts";

export const SOURCE = "mastodon";

export interface MastodonOptions {
  instances: readonly string[];
  /** Tags to follow, without "#", each with the variants (e.g. year suffixes) fetched along with it. */
  hashtags: readonly { tag: string; variants: readonly string[] }[];
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
  // A tag with more variants than one request can carry becomes several targets.
  const groups = opts.hashtags.flatMap(({ tag, variants }) => {
    const out: { tag: string; any: string[]; part: number }[] = [];
    for (let i = 0; i === 0 || i < variants.length; i += MAX_ANY_TAGS) {
      out.push({ tag, any: variants.slice(i, i + MAX_ANY_TAGS), part: out.length + 1 });
    }
    return out;
  });
  const targets = opts.instances.flatMap((instance) => groups.map((g) => ({ instance, ...g })));
  // Asked once per instance an hour: what anonymous clients may read there.
  const accessCache = new Map<string, { at: number; access: HashtagAccess }>();

  async function accessOf(instance: string, signal: AbortSignal, stats: ReturnType<typeof newRequestStats>) {
    const cached = accessCache.get(instance);
    if (cached && Date.now() - cached.at < 3_600_000) return cached.access;
    const access = await fetchHashtagAccess(deps.http, instance, { signal, stats });
    accessCache.set(instance, { at: Date.now(), access });
    return access;
  }

  async function runTarget(
    instance: string,
    tag: string,
    any: string[],
    part: number,
    signal: AbortSignal,
    totals: RunTotals,
  ): Promise<void> {
    const target = targetName(instance, tag, part);
    const stats = newRequestStats();
    const saved = await deps.store.getCursor(SOURCE, target);
    let state: CursorState | null = saved ? (JSON.parse(saved) as CursorState) : null;
    let pages = 0;

    const store = async (statuses: unknown[], next: CursorState) => {
      const page = transformTimeline(statuses, instance);
      for (const r of page.rejected) deps.log.warn({ target, ...r }, "mastodon status rejected");
      const res = await deps.store.ingestBatch({
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

    const host = new URL(instance).host;
    const access = await accessOf(instance, signal, stats);
    if (
      access.local !== "public" &&
      access.local !== "unknown" &&
      access.remote !== "public" &&
      access.remote !== "unknown"
    ) {
      throw new LoginRequiredError(host, `timelines_access: local=${access.local}, remote=${access.remote}`);
    }
    // Only local posts are public: ask for those rather than get a 401 for all.
    const local = access.local === "public" && access.remote !== "public" && access.remote !== "unknown";
    if (local)
      deps.log.info({ target }, "instance shows only its own posts to anonymous clients; reading local=true");
    const page = (url: string) =>
      fetchTimelinePage(deps.http, local ? withLocal(url) : url, { signal, stats }).catch((err: unknown) => {
        if (err instanceof HttpError && (err.status === 401 || err.status === 403)) {
          throw new LoginRequiredError(host, `HTTP ${err.status} for the hashtag timeline`);
        }
        throw err;
      });

    try {
      // First contact: the newest page fixes the forward cursor and starts backfill.
      // An empty tag stores no cursor, so first contact is simply tried again next run.
      if (!state) {
        const first = await page(tagTimelineUrl(instance, tag, { any }));
        if (first.statuses.length === 0) return;
        const newest = maxId(first.statuses, null);
        await store(first.statuses, { newest, backfill: backfillNext(first.statuses, first.next) });
      }
      while (state?.backfill && pages < opts.maxPagesPerRun) {
        const older = await page(withAnyTags(state.backfill, any));
        await store(older.statuses, {
          newest: state.newest ?? maxId(older.statuses, null),
          backfill: backfillNext(older.statuses, older.next),
        });
      }
      while (state && pages < opts.maxPagesPerRun) {
        const current: CursorState = state;
        const url = tagTimelineUrl(instance, tag, current.newest ? { minId: current.newest, any } : { any });
        const newer = await page(url);
        if (newer.statuses.length === 0) break;
        const newest = maxId(newer.statuses, current.newest);
        await store(newer.statuses, { ...current, newest });
        if (!current.newest || newest === current.newest) break;
      }
    } finally {
      totals.rateLimitWaitMs += stats.rateLimitWaitMs;
    }
  }

  /** The next older page to read, or null once a page reaches back past the backfill start (or none is left). */
  function backfillNext(statuses: unknown[], next: string | null): string | null {
    const reached = statuses.some((s) => {
      const created = (s as { created_at?: unknown }).created_at;
      return typeof created === "string" && Date.parse(created) < Date.parse(opts.backfillUntil);
    });
    return reached || statuses.length === 0 ? null : next;
  }

  return {
    source: SOURCE,
    run: (signal) =>
      runTargets(
        SOURCE,
        targets,
        ({ instance, tag, part }) => targetName(instance, tag, part),
        ({ instance, tag, any, part }, sig, totals) => runTarget(instance, tag, any, part, sig, totals),
        deps,
        signal,
      ),
  };
}

function withLocal(pageUrl: string): string {
  const url = new URL(pageUrl);
  url.searchParams.set("local", "true");
  return url.toString();
}

/**
 * "social.bund.de#clusterwoche" — stable whatever variants are asked along, so
 * a config change keeps the cursor; a tag with more variants than one request
 * carries gets further targets "…#clusterwoche/2".
 */
function targetName(instance: string, tag: string, part: number): string {
  return `${new URL(instance).host}#${tag.toLowerCase()}${part > 1 ? `/${part}` : ""}`;
}

function maxId(statuses: unknown[], start: string | null): string | null {
  let best = start;
  for (const s of statuses) {
    const id = (s as { id?: unknown }).id;
    if (typeof id === "string" && /^\d+$/.test(id) && (best === null || compareIds(id, best) > 0)) best = id;
  }
  return best;
}
