import type { Logger } from "pino";
import { type HttpClient, newRequestStats } from "../http.ts";
import { runTargets } from "../run-targets.ts";
import type { Collector, CollectorStore, NormalizedPost, RunTotals } from "../types.ts";
import { fetchFeed, readCursor } from "./api.ts";
import { MAX_FEED_ITEMS } from "./parse.ts";
import { itemToPost } from "./transform.ts";

export const SOURCE = "rss";

export interface RssOptions {
  /** Feed URLs (RSS 2.0, Atom 1.0, RSS 1.0); each is one target. */
  feeds: readonly string[];
  /** Words that make an item relevant without a campaign hashtag. */
  keywords: readonly string[];
  /** True for a campaign hashtag (lower-cased, without "#"). */
  isCampaignTag: (tag: string) => boolean;
  maxItemsPerFeed?: number;
}

export interface RssDeps {
  http: HttpClient;
  store: CollectorStore;
  log: Logger;
  now: () => Date;
}

/**
 * Polls each feed with a conditional GET (the last ETag / Last-Modified are
 * the target's cursor), keeps the items about the campaign and stores them
 * with the new cursor in one batch. A feed carries its whole recent history
 * in every answer, so there is nothing to page: an unchanged feed is a 304
 * and a changed one re-delivers old items, which ingest recognises by uid.
 */
export function createRssCollector(opts: RssOptions, deps: RssDeps): Collector {
  async function runTarget(url: string, signal: AbortSignal, totals: RunTotals): Promise<void> {
    const stats = newRequestStats();
    try {
      const res = await fetchFeed(deps.http, url, {
        signal,
        stats,
        cursor: readCursor(await deps.store.getCursor(SOURCE, url)),
        maxItems: opts.maxItemsPerFeed ?? MAX_FEED_ITEMS,
      });
      if (res.status === "not-modified") return;
      const { feed } = res;
      if (feed.truncated > 0)
        deps.log.warn({ target: url, left: feed.truncated }, "feed has more items than the limit");
      const source = { url, title: feed.title, link: feed.link };
      const now = deps.now();
      const posts: NormalizedPost[] = [];
      for (const item of feed.items) {
        if (!item.guid && !item.link) {
          deps.log.warn({ target: url, title: item.title.slice(0, 100) }, "feed item without guid or link");
          continue;
        }
        const post = itemToPost(item, source, { ...opts, now });
        if (post) posts.push(post);
      }
      const stored = await deps.store.ingestBatch({
        source: SOURCE,
        target: url,
        posts,
        cursor: JSON.stringify(res.cursor),
      });
      totals.fetched += feed.items.length;
      totals.inserted += stored.inserted;
      totals.updated += stored.updated;
    } finally {
      totals.rateLimitWaitMs += stats.rateLimitWaitMs;
    }
  }

  return {
    source: SOURCE,
    run: (signal) => runTargets(SOURCE, opts.feeds, (url) => url, runTarget, deps, signal),
  };
}
