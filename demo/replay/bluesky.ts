import { createHash } from "node:crypto";
import type { Context } from "hono";
import { Hono } from "hono";
import type { World, WorldAuthor, WorldPost } from "../world/model.ts";
import type { WorldClock } from "./clock.ts";

/**
 * The public Bluesky AppView of the demo world (what https://public.api.bsky.app
 * answers anonymously): `app.bsky.feed.getPosts` and `app.bsky.actor.getProfiles`
 * in the lexicons' shapes, with the real limits (≤ 25 uris/actors, else 400),
 * error bodies, rate-limit headers and a 501 for every other method. A post is
 * visible once the world clock has passed its `createdAt`.
 *
 * The record, uri and cid helpers are shared with the Jetstream replay, so a
 * post looks the same on the firehose and on the AppView.
 */

export const POST_COLLECTION = "app.bsky.feed.post";
export const TAG_FEATURE = "app.bsky.richtext.facet#tag";
export const LINK_FEATURE = "app.bsky.richtext.facet#link";
export const MENTION_FEATURE = "app.bsky.richtext.facet#mention";

const MAX_ITEMS = 25;
const DAY_MS = 86_400_000;

export interface BlueskyReplayOptions {
  /** Requests per client and 300 s window, as the AppView allows (default 3000); 0 never answers 429. */
  rateLimit?: number;
  /** Wall clock for the rate-limit window (default Date.now). */
  now?: () => number;
}

export interface Facet {
  features: (
    | { $type: string; tag: string }
    | { $type: string; uri: string }
    | { $type: string; did: string }
  )[];
  index: { byteEnd: number; byteStart: number };
}

/** An `app.bsky.feed.post` record. Keys in the alphabetical order AppView and Jetstream print them. */
export interface PostRecord {
  $type: typeof POST_COLLECTION;
  createdAt: string;
  facets?: Facet[];
  langs: string[];
  text: string;
}

/** Lookups over the world's Bluesky side, built once per world and shared by the AppView and Jetstream. */
export interface BlueskyIndex {
  world: World;
  /** Campaign and noise posts of Bluesky, by createdAt (then id). */
  posts: WorldPost[];
  /** `{did}/{rkey}` → post. */
  byKey: Map<string, WorldPost>;
  byDid: Map<string, WorldAuthor>;
  /** Lower-cased handle → author. */
  byHandle: Map<string, WorldAuthor>;
  /** Author id → createdAt of their Bluesky posts, ascending (for `postsCount`). */
  postTimes: Map<number, number[]>;
}

const indexes = new WeakMap<World, BlueskyIndex>();

export function blueskyIndex(world: World): BlueskyIndex {
  const cached = indexes.get(world);
  if (cached) return cached;
  const byDid = new Map<string, WorldAuthor>();
  const byHandle = new Map<string, WorldAuthor>();
  for (const a of world.authors) {
    if (a.platform !== "bluesky" || !a.did) continue;
    byDid.set(a.did, a);
    const h = handleOf(a).toLowerCase();
    if (!byHandle.has(h)) byHandle.set(h, a);
  }
  const posts = [...world.posts.filter((p) => p.platform === "bluesky" && p.rkey), ...world.noise].filter(
    (p) => p.rkey && world.authors[p.author]?.did,
  );
  posts.sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
  const byKey = new Map<string, WorldPost>();
  const postTimes = new Map<number, number[]>();
  for (const p of posts) {
    const did = world.authors[p.author]?.did as string;
    byKey.set(`${did}/${p.rkey}`, p);
    const times = postTimes.get(p.author);
    if (times) times.push(p.createdAt);
    else postTimes.set(p.author, [p.createdAt]);
  }
  const index = { world, posts, byKey, byDid, byHandle, postTimes };
  indexes.set(world, index);
  return index;
}

export function handleOf(author: WorldAuthor): string {
  return `${author.username}.bsky.social`;
}

export function postUri(did: string, rkey: string): string {
  return `at://${did}/${POST_COLLECTION}/${rkey}`;
}

export function didOf(index: BlueskyIndex, post: WorldPost): string {
  return index.world.authors[post.author]?.did as string;
}

/** The post's record, as the author's client wrote it: text, language and richtext facets. */
export function postRecord(index: BlueskyIndex, post: WorldPost): PostRecord {
  const facets = detectFacets(post.text, (handle) => index.byHandle.get(handle.toLowerCase())?.did ?? null);
  return {
    $type: POST_COLLECTION,
    createdAt: new Date(post.createdAt).toISOString(),
    ...(facets.length > 0 ? { facets } : {}),
    langs: [post.lang],
    text: post.text,
  };
}

/** A CIDv1 (dag-cbor, sha-256) lookalike: "b" + base32 of the CID bytes, so it starts "bafyrei" as real ones do. */
export function recordCid(record: PostRecord): string {
  const digest = createHash("sha256").update(JSON.stringify(record)).digest();
  return `b${base32(Buffer.concat([Buffer.from([0x01, 0x71, 0x12, 0x20]), digest]))}`;
}

const B32_RFC4648 = "abcdefghijklmnopqrstuvwxyz234567";

function base32(bytes: Uint8Array): string {
  let out = "";
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += B32_RFC4648[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += B32_RFC4648[(value << (5 - bits)) & 31];
  return out;
}

/** A stable 32-bit hash (FNV-1a) of a string, for per-item fake details. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

// --- Richtext facets, detected as Bluesky's own client does (social-app's detectFacets) ---

const INVISIBLE = "\\u00AD\\u2060\\u200A\\u200B\\u200C\\u200D\\u20e2";
const TAG_RE = new RegExp(
  `(^|\\s)[#＃]((?!\\ufe0f)[^\\s${INVISIBLE}]*[^\\d\\s\\p{P}${INVISIBLE}]+[^\\s${INVISIBLE}]*)?`,
  "gu",
);
const MENTION_RE = /(^|\s|\()@([a-zA-Z0-9.-]+)\b/g;
const LINK_RE = /(^|\s|\()((https?:\/\/\S+)|([a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)+)\S*)/gi;
/** Top-level domains the link detection accepts for bare domains (the real client checks the full IANA list). */
const TLDS = new Set([
  "de",
  "com",
  "org",
  "net",
  "eu",
  "info",
  "io",
  "nrw",
  "sh",
  "berlin",
  "hamburg",
  "bayern",
  "ruhr",
  "saarland",
  "social",
]);

/**
 * `#tag`, `@mention` and link facets of a text, with UTF-8 byte offsets.
 * `resolve` turns a handle into a DID; mentions of unknown handles get no facet,
 * as the real client drops them when resolution fails.
 */
export function detectFacets(text: string, resolve: (handle: string) => string | null): Facet[] {
  const found: { start: number; end: number; feature: Facet["features"][number] }[] = [];

  for (const m of text.matchAll(MENTION_RE)) {
    const handle = (m[2] as string).replace(/\.+$/, "");
    if (!handle.includes(".")) continue;
    const did = resolve(handle);
    if (!did) continue;
    const start = (m.index as number) + (m[1] as string).length;
    found.push({ start, end: start + 1 + handle.length, feature: { $type: MENTION_FEATURE, did } });
  }

  for (const m of text.matchAll(LINK_RE)) {
    let uri = m[2] as string;
    const start = (m.index as number) + (m[1] as string).length;
    if (!/^https?:\/\//i.test(uri)) {
      const domain = m[4] as string;
      const tld = domain.slice(domain.lastIndexOf(".") + 1).toLowerCase();
      if (!TLDS.has(tld) || /^\d/.test(domain)) continue;
      uri = `https://${uri}`;
    }
    let end = start + (m[2] as string).length;
    if (/[.,;:!?]$/.test(uri)) {
      uri = uri.slice(0, -1);
      end--;
    }
    if (uri.endsWith(")") && !uri.includes("(")) {
      uri = uri.slice(0, -1);
      end--;
    }
    found.push({ start, end, feature: { $type: LINK_FEATURE, uri } });
  }

  for (const m of text.matchAll(TAG_RE)) {
    const raw = m[2];
    if (!raw) continue;
    const tag = raw.trim().replace(/\p{P}+$/gu, "");
    if (tag.length === 0 || tag.length > 64) continue;
    const start = (m.index as number) + (m[1] as string).length;
    found.push({ start, end: start + 1 + tag.length, feature: { $type: TAG_FEATURE, tag } });
  }

  found.sort((a, b) => a.start - b.start || a.end - b.end);
  const facets: Facet[] = [];
  let lastEnd = -1;
  for (const f of found) {
    if (f.start < lastEnd) continue; // overlapping spans: the first one wins
    lastEnd = f.end;
    facets.push({
      features: [f.feature],
      index: { byteEnd: utf8Offset(text, f.end), byteStart: utf8Offset(text, f.start) },
    });
  }
  return facets;
}

function utf8Offset(text: string, utf16Index: number): number {
  return Buffer.byteLength(text.slice(0, utf16Index), "utf8");
}

// --- Views ---

function profileCreatedAt(world: World, author: WorldAuthor): number {
  const h = hash32(`${author.did}:created`);
  return world.start - (40 + (h % 900)) * DAY_MS - (h % 86_400) * 1000;
}

function profileViewBasic(world: World, author: WorldAuthor) {
  return {
    did: author.did as string,
    handle: handleOf(author),
    displayName: author.displayName,
    labels: [],
    createdAt: new Date(profileCreatedAt(world, author)).toISOString(),
  };
}

/** `app.bsky.actor.defs#profileViewDetailed` as an anonymous caller sees it (no `viewer`). */
export function profileView(index: BlueskyIndex, author: WorldAuthor, now: number) {
  const world = index.world;
  const h = hash32(author.did as string);
  const created = profileCreatedAt(world, author);
  const times = index.postTimes.get(author.id) ?? [];
  const before = author.institutional ? 200 + (h % 1800) : h % 400;
  return {
    did: author.did as string,
    handle: handleOf(author),
    displayName: author.displayName,
    associated: { lists: 0, feedgens: 0, starterPacks: 0, labeler: false },
    labels: [],
    createdAt: new Date(created).toISOString(),
    ...(author.institutional
      ? { description: `${author.displayName}. Konto der Resonanz-Demowelt zur #Clusterwoche.` }
      : {}),
    indexedAt: new Date(created + (h % 30) * DAY_MS).toISOString(),
    followersCount: author.followers,
    followsCount: author.institutional ? 40 + (h % 600) : 10 + (h % 900),
    postsCount: before + countUpTo(times, now),
  };
}

/** `app.bsky.feed.defs#postView` as an anonymous caller sees it. */
export function postView(index: BlueskyIndex, post: WorldPost) {
  const author = index.world.authors[post.author] as WorldAuthor;
  const record = postRecord(index, post);
  return {
    uri: postUri(author.did as string, post.rkey as string),
    cid: recordCid(record),
    author: profileViewBasic(index.world, author),
    record,
    replyCount: post.replies,
    repostCount: post.reposts,
    likeCount: post.likes,
    quoteCount: post.quotes,
    indexedAt: record.createdAt,
    labels: [],
  };
}

/** How many of the ascending `times` are ≤ `t`. */
export function countUpTo(times: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((times[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// --- The server ---

const AT_URI = /^at:\/\/([a-zA-Z0-9._:%-]+)(\/[a-zA-Z0-9.-]+(\/[a-zA-Z0-9._~:@!$&')(*+,;=%-]+)?)?$/;
const DID = /^did:[a-z]+:[a-zA-Z0-9._:%-]*[a-zA-Z0-9._-]$/;
const HANDLE = /^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;

type Json = Record<string, unknown>;

export function createBlueskyReplay(world: World, clock: WorldClock, opts: BlueskyReplayOptions = {}): Hono {
  const index = blueskyIndex(world);
  const limit = opts.rateLimit ?? 3000;
  const wallNow = opts.now ?? Date.now;
  const windows = new Map<string, { start: number; used: number }>();
  const app = new Hono();

  const json = (c: Context, body: Json, status: 200 | 400 | 429 | 501 = 200) =>
    c.body(JSON.stringify(body), status, { "content-type": "application/json; charset=utf-8" });
  const invalid = (c: Context, message: string) => json(c, { error: "InvalidRequest", message }, 400);

  /** A fixed 300 s window per client address, as the AppView's limiter counts; false when exhausted. */
  const meter = (c: Context): boolean => {
    const key = clientKey(c);
    const now = wallNow();
    let w = windows.get(key);
    if (!w || now >= w.start + 300_000) {
      w = { start: now, used: 0 };
      windows.set(key, w);
    }
    const allowed = limit <= 0 || w.used < limit;
    if (allowed) w.used++;
    const cap = limit > 0 ? limit : 3000;
    c.header("Access-Control-Allow-Origin", "*");
    c.header("RateLimit-Limit", String(cap));
    c.header("RateLimit-Remaining", String(Math.max(0, cap - w.used)));
    c.header("RateLimit-Reset", String(Math.ceil((w.start + 300_000) / 1000)));
    c.header("RateLimit-Policy", `${cap};w=300`);
    return allowed;
  };

  const getPosts = (c: Context, url: URL) => {
    const uris = url.searchParams.getAll("uris");
    if (uris.length === 0) return invalid(c, 'Error: Params must have the property "uris"');
    if (uris.length > MAX_ITEMS)
      return invalid(c, `Error: uris must not have more than ${MAX_ITEMS} elements`);
    const bad = uris.findIndex((u) => !AT_URI.test(u));
    if (bad >= 0) return invalid(c, `Error: uris/${bad} must be a valid at-uri`);
    const now = clock.now();
    const posts: Json[] = [];
    const seen = new Set<string>();
    for (const uri of uris) {
      const m = /^at:\/\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(uri);
      if (!m || m[2] !== POST_COLLECTION) continue;
      const authority = m[1] as string;
      const did = authority.startsWith("did:") ? authority : index.byHandle.get(authority.toLowerCase())?.did;
      const post = did ? index.byKey.get(`${did}/${m[3]}`) : undefined;
      if (!post || post.createdAt > now || seen.has(`${did}/${m[3]}`)) continue;
      seen.add(`${did}/${m[3]}`);
      posts.push(postView(index, post));
    }
    return json(c, { posts });
  };

  const getProfiles = (c: Context, url: URL) => {
    const actors = url.searchParams.getAll("actors");
    if (actors.length === 0) return invalid(c, 'Error: Params must have the property "actors"');
    if (actors.length > MAX_ITEMS)
      return invalid(c, `Error: actors must not have more than ${MAX_ITEMS} elements`);
    const bad = actors.findIndex((a) => !DID.test(a) && !HANDLE.test(a));
    if (bad >= 0) return invalid(c, `Error: actors/${bad} must be a valid did or a handle`);
    const now = clock.now();
    const profiles: Json[] = [];
    const seen = new Set<string>();
    for (const actor of actors) {
      const author = actor.startsWith("did:")
        ? index.byDid.get(actor)
        : index.byHandle.get(actor.toLowerCase());
      if (!author?.did || seen.has(author.did)) continue;
      seen.add(author.did);
      profiles.push(profileView(index, author, now));
    }
    return json(c, { profiles });
  };

  app.all("/xrpc/:method", (c) => {
    const method = c.req.param("method");
    if (method === "_health") return json(c, { version: "0.0.1-resonanz-demo" });
    if (!meter(c)) return json(c, { error: "RateLimitExceeded", message: "Rate Limit Exceeded" }, 429);
    const handler =
      method === "app.bsky.feed.getPosts"
        ? getPosts
        : method === "app.bsky.actor.getProfiles"
          ? getProfiles
          : null;
    if (!handler) return json(c, { error: "MethodNotImplemented", message: "Method Not Implemented" }, 501);
    if (c.req.method !== "GET" && c.req.method !== "HEAD")
      return invalid(c, `Incorrect HTTP method (${c.req.method}) expected GET`);
    return handler(c, new URL(c.req.url));
  });

  app.notFound((c) => c.text("Not Found", 404));
  return app;
}

function clientKey(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? "local";
}
