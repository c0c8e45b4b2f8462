/**
 * Links that change one thing (UI language, time bucket) must keep every other
 * filter, so a person who switches to English still sees the same slice.
 * Hrefs are path-relative ("?…" or "/?…") and never absolute URLs: the app runs
 * on closed networks behind proxies whose public host it cannot know.
 */
export type Query = Record<string, string | undefined>;

/** `query` with `changes` applied (undefined or "" removes a key), as "/?a=1&b=2" or "/". */
export function pageHref(path: string, query: Query, changes: Query = {}): string {
  const params = new URLSearchParams();
  const merged: Query = { ...query, ...changes };
  for (const [key, value] of Object.entries(merged)) {
    if (value !== undefined && value !== "") params.set(key, value);
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** The parameters both pages understand; the main navigation carries them so a page switch keeps the slice. */
const SHARED_PARAMS = ["campaign", "from", "to", "platform", "postLang", "lang"] as const;

/** `query` reduced to what every page takes (filters and UI language), for links between pages. */
export function sharedQuery(query: Query): Query {
  const out: Query = {};
  for (const name of SHARED_PARAMS) if (query[name]) out[name] = query[name];
  return out;
}
