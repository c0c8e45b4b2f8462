import type { HttpClient, RequestStats } from "../http.ts";
import { type ParsedFeed, parseFeed } from "./parse.ts";

/** The validators of the last feed version stored: sent back so an unchanged feed costs a 304. */
export interface FeedCursor {
  etag: string | null;
  lastModified: string | null;
}

export type FeedFetch = { status: "not-modified" } | { status: "ok"; feed: ParsedFeed; cursor: FeedCursor };

/** What feed servers should prefer to send; some answer 406 or an HTML page to `application/json`. */
export const FEED_ACCEPT =
  "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1";

/** GET a feed through the shared HTTP policy, conditionally when validators are known. */
export async function fetchFeed(
  http: HttpClient,
  url: string,
  opts: { signal: AbortSignal; stats: RequestStats; cursor: FeedCursor | null; maxItems?: number },
): Promise<FeedFetch> {
  // Lower-case names: they replace the client's defaults instead of being appended to them.
  const headers: Record<string, string> = { accept: FEED_ACCEPT };
  if (opts.cursor?.etag) headers["if-none-match"] = opts.cursor.etag;
  if (opts.cursor?.lastModified) headers["if-modified-since"] = opts.cursor.lastModified;
  const res = await http.get(url, { signal: opts.signal, stats: opts.stats, headers });
  if (res.status === 304) return { status: "not-modified" };
  const feed = parseFeed(res.body, {
    baseUrl: res.url,
    ...(opts.maxItems ? { maxItems: opts.maxItems } : {}),
  });
  return {
    status: "ok",
    feed,
    cursor: { etag: res.headers.get("etag"), lastModified: res.headers.get("last-modified") },
  };
}

/** A stored cursor, or null when there is none or it is unreadable (then the feed is fetched in full). */
export function readCursor(saved: string | null): FeedCursor | null {
  if (!saved) return null;
  try {
    const c = JSON.parse(saved) as Partial<FeedCursor> | null;
    return {
      etag: typeof c?.etag === "string" ? c.etag : null,
      lastModified: typeof c?.lastModified === "string" ? c.lastModified : null,
    };
  } catch {
    return null;
  }
}
