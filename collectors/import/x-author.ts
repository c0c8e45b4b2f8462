import { bareHandle } from "./fields.ts";

/** Used when neither the file nor `--author` names the account: an archive is always one account's. */
export const X_DEFAULT_AUTHOR = "x-account";

const PERMALINK =
  /^https?:\/\/(?:www\.|mobile\.)?(?:twitter|x)\.com\/(?:([A-Za-z0-9_]{1,15})|i\/web)\/status(?:es)?\/(\d{1,20})(?:[/?#]|$)/i;

/** The handle (null for "i/web" links) and tweet id in a tweet's permalink, or null when it is none. */
export function parsePermalink(url: string | null): { handle: string | null; id: string } | null {
  const m = url ? PERMALINK.exec(url) : null;
  return m ? { handle: m[1] ?? null, id: m[2] as string } : null;
}

const HANDLE = /^[A-Za-z0-9_]{1,15}$/;

/**
 * The author of an X post: "@handle" (lower-cased: handles are case-insensitive) with its profile URL.
 * A name that is no X handle ("Cluster XY") is kept as the author's name, without links.
 */
export function xAuthor(handle: string | null | undefined) {
  const bare = bareHandle(handle);
  if (!bare) return { handle: X_DEFAULT_AUTHOR, name: null, url: null, followers: 0 };
  if (!HANDLE.test(bare)) return { handle: bare, name: bare, url: null, followers: 0 };
  return { handle: `@${bare.toLowerCase()}`, name: null, url: `https://x.com/${bare}`, followers: 0 };
}

export function xPostUrl(handle: string | null | undefined, id: string): string {
  const bare = bareHandle(handle);
  return HANDLE.test(bare) ? `https://x.com/${bare}/status/${id}` : `https://x.com/i/web/status/${id}`;
}
