import LinkHeader from "http-link-header";
import type { HttpClient, RequestStats } from "../http.ts";
import { mastodonTimelineSchema } from "./schema.ts";

export interface TimelinePage {
  statuses: unknown[];
  /** Older page (`max_id`), from the Link header. */
  next: string | null;
}

/** Mastodon takes at most this many extra tags (`any[]`) besides the one in the path. */
export const MAX_ANY_TAGS = 4;

/**
 * A tag timeline page, newest first: `limit=40` is the API's maximum; `any`
 * adds tags (year variants) a post may carry instead of the path's tag.
 */
export function tagTimelineUrl(
  instance: string,
  tag: string,
  params: { minId?: string; any?: readonly string[] } = {},
): string {
  const url = new URL(`/api/v1/timelines/tag/${encodeURIComponent(tag)}`, instance);
  url.searchParams.set("limit", "40");
  if (params.minId) url.searchParams.set("min_id", params.minId);
  return withAnyTags(url.toString(), params.any ?? []);
}

/** Mastodon's Link headers drop `any[]`: put them back on every page we follow. */
export function withAnyTags(pageUrl: string, any: readonly string[]): string {
  const url = new URL(pageUrl);
  url.searchParams.delete("any[]");
  for (const t of any.slice(0, MAX_ANY_TAGS)) url.searchParams.append("any[]", t);
  return url.toString();
}

/** GET one timeline page (first-page URL or a Link `next` URL) through the shared HTTP policy. */
export async function fetchTimelinePage(
  http: HttpClient,
  url: string,
  opts: { signal: AbortSignal; stats: RequestStats },
): Promise<TimelinePage> {
  const res = await http.get(url, opts);
  let json: unknown;
  try {
    json = JSON.parse(res.body);
  } catch {
    throw new Error(`${url} did not answer with JSON`);
  }
  const parsed = mastodonTimelineSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${url} did not answer with a list of statuses`);
  // Links are judged against the URL that answered: an instance may redirect (http → https).
  return { statuses: parsed.data, next: nextLink(res.headers.get("link"), res.url) };
}

/** The `rel="next"` URL of a Link header, only when it stays on the same origin. */
export function nextLink(header: string | null, requestUrl: string): string | null {
  if (!header) return null;
  let next: string | undefined;
  try {
    next = LinkHeader.parse(header).rel("next")[0]?.uri;
  } catch {
    return null;
  }
  if (!next) return null;
  const resolved = new URL(next, requestUrl);
  // A Link header may not send us to another host.
  return resolved.origin === new URL(requestUrl).origin ? resolved.toString() : null;
}

/** Mastodon ids are decimal strings beyond 2^53: compare by length, then lexically. */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
