/**
 * Bridged posts are one post. Bridgy Fed (fed.brid.gy) mirrors posts between
 * Bluesky and the fediverse, so the same post can reach us twice: once from
 * its origin and once as the bridge's copy. Both copies must get the same
 * canonical uid, the origin's, so ingest stores one post. Pure.
 *
 * What is knowable, from Bridgy Fed's own code (ids.py, atproto.py) and the
 * recorded Mastodon timelines:
 * - Bluesky → fediverse: the copy's ActivityPub id (Mastodon's `uri`) is
 *   `https://bsky.brid.gy/convert/ap/{at-uri}` with the post's DID-based
 *   at:// uri verbatim; its author is `{handle}@bsky.brid.gy`. The uri alone
 *   decides.
 * - fediverse → Bluesky: the copy lives in a Bridgy Fed repo whose handle is
 *   `{user}.{instance}.ap.brid.gy` (unless the person set up a domain handle),
 *   and Bridgy Fed writes `bridgyOriginalUrl` into the post record: the
 *   original's `url` (for Mastodon its web page, `https://host/@user/id`),
 *   else its id. Both are needed: web sites bridged by the same software
 *   (`*.web.brid.gy`) carry a `bridgyOriginalUrl` too, pointing at a blog
 *   post, which is not a Mastodon post. Link facets and external embeds are
 *   no evidence: Bridgy Fed adds a link only to truncated posts, and any
 *   person may link any toot.
 * Mastodon's `uri` for a local post is `https://host/users/user/statuses/id`,
 * its web `url` `https://host/@user/id`; the latter is rewritten to the former
 * so that both copies meet on the uid the Mastodon transform gives.
 */

export interface BridgeHints {
  /** Bluesky: the author's handle, when known (Jetstream events carry only the DID). */
  handle?: string | null | undefined;
  /** Bluesky: the record's `bridgyOriginalUrl`, as found (any type; only an http(s) URL counts). */
  originalUrl?: unknown;
}

const BRIDGED_FROM_BLUESKY = /^https:\/\/bsky\.brid\.gy\/convert\/ap\/(.+)$/i;
/** A post's at:// uri with a DID authority, as the Bluesky collector keys posts. */
const AT_POST_URI =
  /^at:\/\/(did:[a-z]+:[A-Za-z0-9._:%-]+)\/app\.bsky\.feed\.post\/([A-Za-z0-9._~:-]{1,512})$/;
const AP_BRIDGE_HANDLE = /\.ap\.brid\.gy$/;
/** Mastodon's web URL of a status: `/@user/123` (a remote status shown locally would be `/@user@host/123`). */
const MASTODON_STATUS_PAGE = /^\/@([A-Za-z0-9_]+)\/(\d+)$/;

/**
 * The canonical uid of a post seen on `platform` under its native key
 * (`rawUid`: Mastodon's ActivityPub `uri`, Bluesky's at:// uri): normally
 * `{platform}:{rawUid}`; for a bridge's copy the origin's uid.
 */
export function canonicalUid(platform: string, rawUid: string, hints: BridgeHints = {}): string {
  if (platform === "mastodon") {
    const at = blueskyOriginOf(rawUid);
    if (at) return `bluesky:${at}`;
  } else if (platform === "bluesky") {
    const original = fediverseOriginOf(hints);
    if (original) return `mastodon:${original}`;
  }
  return `${platform}:${rawUid}`;
}

/** The at:// uri of a Bluesky post that Bridgy Fed mirrored into the fediverse under `apId`; null otherwise. */
export function blueskyOriginOf(apId: string): string | null {
  const m = BRIDGED_FROM_BLUESKY.exec(apId.trim());
  if (!m) return null;
  let tail = m[1] as string;
  // Some servers hand ids on percent-encoded; the at:// uri itself never contains "%".
  if (/^at%3A/i.test(tail)) {
    try {
      tail = decodeURIComponent(tail);
    } catch {
      return null;
    }
  }
  return parseAtPostUri(tail) ? tail : null;
}

/** "at://did:plc:x/app.bsky.feed.post/3abc" → its DID and record key; null for anything else. */
export function parseAtPostUri(uri: string): { did: string; rkey: string } | null {
  const m = AT_POST_URI.exec(uri);
  return m ? { did: m[1] as string, rkey: m[2] as string } : null;
}

/**
 * The ActivityPub uri of the fediverse original of a Bluesky post that
 * Bridgy Fed mirrored in, from the author's handle and the record's
 * `bridgyOriginalUrl`; null for an ordinary Bluesky post.
 */
export function fediverseOriginOf(hints: BridgeHints): string | null {
  const handle = hints.handle?.trim().replace(/^@/, "").toLowerCase();
  if (!handle || !AP_BRIDGE_HANDLE.test(handle)) return null;
  if (typeof hints.originalUrl !== "string") return null;
  const raw = hints.originalUrl.trim();
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  const host = url.hostname.toLowerCase();
  // A Bluesky or bridge address is no fediverse original (and would loop).
  if (host === "brid.gy" || host.endsWith(".brid.gy") || host === "bsky.app" || host.endsWith(".bsky.app"))
    return null;
  const page = MASTODON_STATUS_PAGE.exec(url.pathname);
  if (page && !url.search && !url.hash) return `${url.origin}/users/${page[1]}/statuses/${page[2]}`;
  return raw;
}
