import type { Context } from "hono";
import { Hono } from "hono";
import type { World, WorldFeed, WorldPost } from "../world/model.ts";
import type { WorldClock } from "./clock.ts";

/**
 * The press and news feeds of the demo world: `/feeds/{slug}.xml` (RSS 2.0) or
 * `/feeds/{slug}.atom` (Atom 1.0), whichever the feed is, listing the feed's
 * items the world clock has reached, newest first. Conditional GET as real
 * feed servers do it: a strong `ETag` and `Last-Modified`, 304 on a match.
 *
 * Every text is escaped, so the world's hostile content (markup, formulas,
 * bidi overrides, zero-width characters, CR/LF) arrives as text. The feed
 * "cluster-news" leaves out `guid`, as some real feeds do: readers must
 * deduplicate on `link`. Each item's link is a small HTML page on this server.
 */

interface FeedIndex {
  feed: WorldFeed;
  /** The feed's items, oldest first. */
  posts: WorldPost[];
  times: Float64Array;
  byId: Map<number, WorldPost>;
}

const BERLIN_OFFSET_MS = 2 * 3_600_000; // the whole world lies in CEST
const GENERATOR = "Resonanz-Demo";
const NO_GUID = "cluster-news";

export function createFeedsReplay(world: World, clock: WorldClock): Hono {
  const feeds = new Map<string, FeedIndex>();
  world.feeds.forEach((feed, k) => {
    const posts = world.posts.filter((p) => p.platform === "rss" && p.feed === k);
    posts.sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
    feeds.set(feed.slug, {
      feed,
      posts,
      times: Float64Array.from(posts, (p) => p.createdAt),
      byId: new Map(posts.map((p) => [p.id, p])),
    });
  });
  const app = new Hono();

  app.get("/", (c) => {
    const origin = new URL(c.req.url).origin;
    const list = world.feeds
      .map((f) => {
        const href = `${origin}/feeds/${f.slug}.${extension(f)}`;
        return `<li><a href="${escapeXml(href)}">${escapeXml(f.title)}</a></li>`;
      })
      .join("");
    return html(c, `<h1>Resonanz-Demo: Feeds</h1><ul>${list}</ul>`, "Feeds");
  });

  app.get("/feeds/:file", (c) => {
    const file = c.req.param("file");
    const dot = file.lastIndexOf(".");
    const index = dot > 0 ? feeds.get(file.slice(0, dot)) : undefined;
    if (!index || file.slice(dot + 1) !== extension(index.feed)) return c.text("Not Found", 404);

    const visible = countUpTo(index.times, clock.now());
    const newest = visible > 0 ? (index.posts[visible - 1] as WorldPost).createdAt : null;
    const etag = `"${index.feed.slug}-${world.seed}-${visible}"`;
    const lastModified = newest === null ? null : new Date(newest).toUTCString();
    const kind = index.feed.kind;
    c.header("ETag", etag);
    if (lastModified) c.header("Last-Modified", lastModified);
    c.header("Cache-Control", "no-cache");

    if (notModified(c, etag, newest)) return c.body(null, 304);
    const origin = new URL(c.req.url).origin;
    const body =
      kind === "atom" ? renderAtom(world, index, visible, origin) : renderRss(world, index, visible, origin);
    return c.body(body, 200, {
      "Content-Type": `${kind === "atom" ? "application/atom+xml" : "application/rss+xml"}; charset=utf-8`,
    });
  });

  app.get("/feeds/:slug/:id", (c) => {
    const index = feeds.get(c.req.param("slug"));
    const id = c.req.param("id");
    const post = /^\d+$/.test(id) ? index?.byId.get(Number(id)) : undefined;
    if (!index || !post || post.createdAt > clock.now()) return c.text("Not Found", 404);
    const title = post.title ?? "";
    const body =
      `<article lang="${post.lang}"><h1>${escapeXml(title)}</h1>` +
      `<p><time datetime="${new Date(post.createdAt).toISOString()}">${escapeXml(rfc822(post.createdAt, true))}</time></p>` +
      `<p>${escapeXml(post.text)}</p></article>`;
    return html(c, body, title);
  });

  app.notFound((c) => c.text("Not Found", 404));
  return app;
}

function extension(feed: WorldFeed): string {
  return feed.kind === "atom" ? "atom" : "xml";
}

function html(c: Context, body: string, title: string) {
  return c.body(
    `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>${escapeXml(title)}</title></head><body>${body}</body></html>`,
    200,
    {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": "default-src 'none'",
      "X-Content-Type-Options": "nosniff",
    },
  );
}

/** RFC 9110: If-None-Match wins over If-Modified-Since; a weak match is enough for GET. */
function notModified(c: Context, etag: string, newest: number | null): boolean {
  const inm = c.req.header("If-None-Match");
  if (inm !== undefined) {
    if (inm.trim() === "*") return true;
    return inm.split(",").some((t) => t.trim().replace(/^W\//, "") === etag);
  }
  const ims = c.req.header("If-Modified-Since");
  if (ims === undefined || newest === null) return false;
  const since = Date.parse(ims);
  return Number.isFinite(since) && Math.floor(newest / 1000) * 1000 <= since;
}

function renderRss(world: World, index: FeedIndex, visible: number, origin: string): string {
  const { feed, posts } = index;
  const berlin = feed.slug !== NO_GUID; // the press office writes local time; the news bot writes GMT
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
    "<channel>",
    `<title>${escapeXml(feed.title)}</title>`,
    `<link>${escapeXml(`${origin}/`)}</link>`,
    `<description>${escapeXml(`${feed.title}: Meldungen zur Clusterwoche 2017`)}</description>`,
    "<language>de</language>",
    `<generator>${GENERATOR}</generator>`,
    `<atom:link href="${escapeXml(`${origin}/feeds/${feed.slug}.xml`)}" rel="self" type="application/rss+xml"/>`,
  ];
  if (visible > 0)
    out.push(`<lastBuildDate>${rfc822((posts[visible - 1] as WorldPost).createdAt, berlin)}</lastBuildDate>`);
  for (let i = visible - 1; i >= 0; i--) {
    const p = posts[i] as WorldPost;
    out.push(
      "<item>",
      `<title>${escapeXml(p.title ?? "")}</title>`,
      `<link>${escapeXml(itemLink(origin, feed, p))}</link>`,
    );
    if (feed.slug !== NO_GUID)
      out.push(
        `<guid isPermaLink="false">${escapeXml(`resonanz-demo-${world.seed}-${feed.slug}-${p.id}`)}</guid>`,
      );
    out.push(
      `<pubDate>${rfc822(p.createdAt, berlin)}</pubDate>`,
      `<description>${escapeXml(escapeHtml(p.text))}</description>`,
    );
    for (const t of p.tags) out.push(`<category>${escapeXml(t)}</category>`);
    out.push("</item>");
  }
  out.push("</channel>", "</rss>", "");
  return out.join("\n");
}

function renderAtom(world: World, index: FeedIndex, visible: number, origin: string): string {
  const { feed, posts } = index;
  const updated = visible > 0 ? (posts[visible - 1] as WorldPost).createdAt : world.start;
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">',
    `<id>urn:resonanz-demo:${world.seed}:feed:${escapeXml(feed.slug)}</id>`,
    `<title>${escapeXml(feed.title)}</title>`,
    `<updated>${rfc3339(updated)}</updated>`,
    `<link rel="self" type="application/atom+xml" href="${escapeXml(`${origin}/feeds/${feed.slug}.atom`)}"/>`,
    `<link rel="alternate" type="text/html" href="${escapeXml(`${origin}/`)}"/>`,
    `<author><name>${escapeXml(feed.title)}</name></author>`,
    `<generator>${GENERATOR}</generator>`,
  ];
  for (let i = visible - 1; i >= 0; i--) {
    const p = posts[i] as WorldPost;
    out.push(
      `<entry xml:lang="${p.lang}">`,
      `<id>urn:resonanz-demo:${world.seed}:${escapeXml(feed.slug)}:${p.id}</id>`,
      `<title>${escapeXml(p.title ?? "")}</title>`,
      `<link rel="alternate" type="text/html" href="${escapeXml(itemLink(origin, feed, p))}"/>`,
      `<published>${rfc3339(p.createdAt)}</published>`,
      `<updated>${rfc3339(p.createdAt)}</updated>`,
      `<summary type="html">${escapeXml(escapeHtml(p.text))}</summary>`,
    );
    for (const t of p.tags) out.push(`<category term="${escapeXml(t)}"/>`);
    out.push("</entry>");
  }
  out.push("</feed>", "");
  return out.join("\n");
}

function itemLink(origin: string, feed: WorldFeed, p: WorldPost): string {
  return `${origin}/feeds/${encodeURIComponent(feed.slug)}/${p.id}`;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => String(n).padStart(2, "0");

/** "Thu, 20 Apr 2017 10:15:00 +0200" (Berlin) or "Thu, 20 Apr 2017 08:15:00 GMT". */
export function rfc822(ms: number, berlin: boolean): string {
  const d = new Date(berlin ? ms + BERLIN_OFFSET_MS : ms);
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${time} ${berlin ? "+0200" : "GMT"}`;
}

/** "2017-04-20T10:15:00+02:00": Berlin local time, as German newsrooms' Atom feeds write it. */
function rfc3339(ms: number): string {
  return `${new Date(ms + BERLIN_OFFSET_MS).toISOString().slice(0, 19)}+02:00`;
}

/** Text → HTML text: markup characters become references. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] as string);
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Text → XML character data or attribute value. CR is kept as a reference
 * (parsers would fold a literal CRLF into LF); characters XML 1.0 forbids
 * become U+FFFD.
 */
export function escapeXml(s: string): string {
  return xmlChars(s).replace(/[&<>"'\r]/g, (ch) => XML_ESCAPES[ch] as string);
}

/** Characters XML 1.0 cannot carry (C0 controls but tab/LF/CR, U+FFFE/U+FFFF, lone surrogates) → U+FFFD. */
function xmlChars(s: string): string {
  let out = "";
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let bad = (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0xfffe || c === 0xffff;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else bad = true;
    } else if (c >= 0xdc00 && c <= 0xdfff) bad = true;
    if (bad) {
      out += `${s.slice(from, i)}\ufffd`;
      from = i + 1;
    }
  }
  return from === 0 ? s : out + s.slice(from);
}

const XML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  "\r": "&#13;",
};

function countUpTo(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((times[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
