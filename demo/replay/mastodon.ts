import { Hono } from "hono";
import type { World, WorldAuthor, WorldPost } from "../world/model.ts";
import type { WorldClock } from "./clock.ts";

export interface MastodonReplayOptions {
  /** Which of world.instances this server is. */
  instance: number;
  /**
   * Base URLs ("http://127.0.0.1:PORT/") of all instances, index-aligned with
   * world.instances. Filled in once every server listens: a federated post's
   * `uri` points at its home instance.
   */
  bases: string[];
  clock: WorldClock;
  /** Every Nth timeline request is answered 429, as a busy real server would (0: never). */
  rateLimitEvery?: number;
}

export interface StatusCopy {
  post: WorldPost;
  id: bigint;
  idText: string;
  /** World ms when this copy arrived on this instance. */
  at: number;
  tags: string[];
}

/**
 * One Mastodon instance of the demo world, answering the endpoints collectors
 * use exactly as Mastodon 4.x does: the tag timeline (newest first, `limit` ≤
 * 40, `max_id`/`min_id`/`since_id`, `any[]`, `local`, Link headers without the
 * `any[]` parameters), single statuses, and rate-limit headers with an ISO
 * `X-RateLimit-Reset` and an occasional 429.
 */
export function createMastodonReplay(world: World, opts: MastodonReplayOptions): Hono {
  const k = opts.instance;
  const entries = indexInstance(world, k);
  const byId = new Map(entries.map((e) => [e.idText, e]));
  const rateEvery = opts.rateLimitEvery ?? 97;
  let requests = 0;
  const app = new Hono();

  app.get("/api/v1/timelines/tag/:tag", (c) => {
    requests++;
    const now = opts.clock.now();
    setRateHeaders(c.header.bind(c), requests, rateEvery > 0 && requests % rateEvery === 0);
    if (rateEvery > 0 && requests % rateEvery === 0) return c.json({ error: "Too many requests" }, 429);
    c.header("cache-control", "max-age=15, public, stale-while-revalidate=30, stale-if-error=86400");

    const url = new URL(c.req.url);
    const wanted = new Set(
      [c.req.param("tag"), ...url.searchParams.getAll("any[]")].map((t) =>
        decodeURIComponent(t).toLowerCase(),
      ),
    );
    const local = url.searchParams.get("local") === "true";
    const limit = clampLimit(url.searchParams.get("limit"));
    const matches = (e: StatusCopy) =>
      e.tags.some((t) => wanted.has(t)) && (!local || world.authors[e.post.author]?.home === k);

    const end = upperBoundAt(entries, now); // entries[0, end) are visible
    const page: StatusCopy[] = [];
    const minId = parseId(url.searchParams.get("min_id"));
    if (minId !== null) {
      for (let i = upperBoundId(entries, minId); i < end && page.length < limit; i++) {
        const e = entries[i] as StatusCopy;
        if (matches(e)) page.push(e);
      }
      page.reverse();
    } else {
      const maxId = parseId(url.searchParams.get("max_id"));
      const sinceId = parseId(url.searchParams.get("since_id"));
      const from = maxId === null ? end : Math.min(end, lowerBoundId(entries, maxId));
      for (let i = from - 1; i >= 0 && page.length < limit; i--) {
        const e = entries[i] as StatusCopy;
        if (sinceId !== null && e.id <= sinceId) break;
        if (matches(e)) page.push(e);
      }
    }

    if (page.length > 0) {
      const base = `${url.origin}${url.pathname}?limit=${limit}`;
      const newest = (page[0] as StatusCopy).idText;
      const oldest = (page.at(-1) as StatusCopy).idText;
      c.header("link", `<${base}&max_id=${oldest}>; rel="next", <${base}&min_id=${newest}>; rel="prev"`);
    }
    return c.json(page.map((e) => renderStatus(world, opts.bases, e, k)));
  });

  app.get("/api/v1/statuses/:id", (c) => {
    const e = byId.get(c.req.param("id"));
    if (!e || e.at > opts.clock.now()) return c.json({ error: "Record not found" }, 404);
    return c.json(renderStatus(world, opts.bases, e, k));
  });

  // The post's public page, where "open the original" links lead: a plain, escaped page.
  app.get("/:user{@[A-Za-z0-9_]+}/:id{[0-9]+}", (c) => {
    const e = byId.get(c.req.param("id"));
    if (!e || world.authors[e.post.author]?.home !== k || e.at > opts.clock.now())
      return c.text("Not Found", 404);
    const author = world.authors[e.post.author] as WorldAuthor;
    return c.html(
      `<!DOCTYPE html><html lang="${e.post.lang}"><meta charset="utf-8"><title>${escapeHtml(author.displayName)}</title>` +
        `<h1>${escapeHtml(author.displayName)}</h1>${toHtml(e.post.text, opts.bases[k] ?? "")}` +
        `<p><time>${new Date(e.post.createdAt).toISOString()}</time></p></html>`,
    );
  });

  app.get("/api/v2/instance", (c) =>
    c.json({
      domain: new URL(opts.bases[k] ?? c.req.url).host,
      title: `${world.instances[k]} (Resonanz-Demo)`,
      version: "4.3.0",
      source_url: "",
      description: "Eine Mastodon-Instanz der Resonanz-Demowelt.",
      languages: ["de", "en"],
      configuration: { statuses: { max_characters: 5000 } },
      registrations: { enabled: false, approval_required: false, message: null },
    }),
  );

  app.notFound((c) => c.json({ error: "Not Found" }, 404));

  return app;
}

/**
 * A status as instance `here` serves it: the copy `e` of a world post. Pure, so
 * the benchmark can render payloads without a server.
 */
export function renderStatus(world: World, bases: readonly string[], e: StatusCopy, here: number) {
  const p = e.post;
  const author = world.authors[p.author] as WorldAuthor;
  const home = author.home;
  const homeBase = bases[home] ?? "";
  const hereBase = bases[here] ?? "";
  const homeHost = new URL(homeBase).host;
  const homeId = String(snowflake(p.createdAt, p.id));
  const isLocal = home === here;
  // Remote copies show the counts this instance has seen: a share of the origin's.
  const share = isLocal ? 1 : 0.3 + ((p.id * 7919 + here * 104729) % 70) / 100;
  const count = (n: number) => Math.floor(n * share);
  return {
    id: e.idText,
    created_at: new Date(p.createdAt).toISOString(),
    in_reply_to_id: null,
    in_reply_to_account_id: null,
    sensitive: false,
    spoiler_text: "",
    visibility: "public",
    language: p.lang,
    uri: `${homeBase}users/${author.username}/statuses/${homeId}`,
    url: `${homeBase}@${author.username}/${homeId}`,
    replies_count: count(p.replies),
    reblogs_count: count(p.reposts),
    favourites_count: count(p.likes),
    quotes_count: count(p.quotes),
    edited_at: null,
    content: toHtml(p.text, hereBase),
    reblog: null,
    account: {
      id: String(100000 + author.id),
      username: author.username,
      acct: isLocal ? author.username : `${author.username}@${homeHost}`,
      display_name: author.displayName,
      locked: false,
      bot: false,
      discoverable: true,
      group: false,
      created_at: "2017-01-01T00:00:00.000Z",
      note: "",
      url: `${homeBase}@${author.username}`,
      uri: `${homeBase}users/${author.username}`,
      avatar: `${hereBase}avatars/original/missing.png`,
      avatar_static: `${hereBase}avatars/original/missing.png`,
      header: `${hereBase}headers/original/missing.png`,
      header_static: `${hereBase}headers/original/missing.png`,
      followers_count: author.followers,
      following_count: 100 + (author.id % 400),
      statuses_count: 50 + (author.id % 900),
      last_status_at: new Date(p.createdAt).toISOString().slice(0, 10),
      emojis: [],
      fields: [],
    },
    media_attachments: [],
    mentions: [],
    tags: e.tags.map((name) => ({ name, url: `${hereBase}tags/${encodeURIComponent(name)}` })),
    emojis: [],
    card: null,
    poll: null,
  };
}

/** The copies of posts that live on instance `k`, sorted by their id there (time order). */
function indexInstance(world: World, k: number): StatusCopy[] {
  const out: StatusCopy[] = [];
  for (const p of world.posts) {
    if (p.platform !== "mastodon") continue;
    const home = world.authors[p.author]?.home;
    const local = home === k;
    if (!local && !p.federatedTo.includes(k)) continue;
    // Federation takes a few seconds; the copy gets an id from its arrival time.
    const at = local ? p.createdAt : p.createdAt + 2000 + ((p.id * 7 + k * 1999) % 8000);
    const id = snowflake(at, p.id);
    out.push({ post: p, id, idText: String(id), at, tags: p.tags.map(normalizeTag) });
  }
  out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return out;
}

/**
 * Mastodon-style snowflake: milliseconds in the high bits, the world's post
 * number (< 2^20, as worlds have at most a million posts) in the low bits. Ids
 * are thus unique per instance, and a post's id at its home instance — the one
 * in its `uri` — can be computed anywhere.
 */
export function snowflake(ms: number, postNumber: number): bigint {
  return (BigInt(ms) << 20n) | BigInt(postNumber & 0xfffff);
}

function normalizeTag(t: string): string {
  return t.normalize("NFC").toLowerCase();
}

function clampLimit(raw: string | null): number {
  const n = Number(raw ?? 20);
  return Number.isInteger(n) && n > 0 ? Math.min(n, 40) : 20;
}

function parseId(raw: string | null): bigint | null {
  return raw && /^\d{1,25}$/.test(raw) ? BigInt(raw) : null;
}

function lowerBoundId(entries: StatusCopy[], id: bigint): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((entries[mid] as StatusCopy).id < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBoundId(entries: StatusCopy[], id: bigint): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((entries[mid] as StatusCopy).id <= id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Entries are in arrival order, so visibility at `now` is a prefix. */
function upperBoundAt(entries: StatusCopy[], now: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((entries[mid] as StatusCopy).at <= now) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function setRateHeaders(set: (name: string, value: string) => void, n: number, limited: boolean) {
  set("x-ratelimit-limit", "300");
  if (limited) {
    set("x-ratelimit-remaining", "0");
    set("x-ratelimit-reset", new Date(Date.now() + 1000).toISOString());
    return;
  }
  const window = 300_000;
  set("x-ratelimit-remaining", String(300 - (n % 300)));
  set("x-ratelimit-reset", new Date(Math.ceil((Date.now() + 1) / window) * window).toISOString());
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] as string);
}

/**
 * Post text to Mastodon's HTML: escaped (a real server never passes markup
 * through), hashtags as tag links, mentions as h-cards, line breaks as <br>.
 */
export function toHtml(text: string, base: string): string {
  const escaped = escapeHtml(text);
  const linked = escaped
    .replace(
      /(^|[^\p{L}\p{N}_&])#([\p{L}\p{N}_]+)/gu,
      (_, pre: string, tag: string) =>
        `${pre}<a href="${base}tags/${encodeURIComponent(tag.toLowerCase())}" class="mention hashtag" rel="tag">#<span>${tag}</span></a>`,
    )
    .replace(
      /(^|\s)@([a-z0-9_]+)@([a-z0-9.-]+)/gi,
      (_, pre: string, user: string, host: string) =>
        `${pre}<span class="h-card" translate="no"><a href="${base}@${user}@${host}" class="u-url mention">@<span>${user}</span></a></span>`,
    )
    .replace(/\r?\n/g, "<br>");
  return `<p>${linked}</p>`;
}
