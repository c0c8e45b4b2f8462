import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseFeed } from "../../collectors/rss/parse.ts";
import { feedItemSchema } from "../../collectors/rss/schema.ts";
import { safeEntityDecoder } from "../../collectors/rss/xml-entities.ts";
import { manualClock } from "../../demo/replay/clock.ts";
import { createFeedsReplay, escapeXml, rfc822 } from "../../demo/replay/feeds.ts";
import { generateWorld } from "../../demo/world/generate.ts";
import type { World, WorldPost } from "../../demo/world/model.ts";
import { HOSTILE } from "../../demo/world/texts.ts";

const DAY = 86_400_000;
const HOSTILE_TEXT = `${HOSTILE.join(" | ")} #Clusterwoche`;
const HOSTILE_TITLE = '<script>alert("t")</script> =SUM(A1) & \u202Eevil\u202C';

type Node = Record<string, unknown>;

/** A small world in which the first item of every feed carries all the hostile strings at once. */
function smallWorld(): World {
  const world = generateWorld({ seed: 1, posts: 600 });
  world.feeds.forEach((_, k) => {
    const i = world.posts.findIndex((p) => p.platform === "rss" && p.feed === k);
    world.posts[i] = {
      ...(world.posts[i] as WorldPost),
      text: HOSTILE_TEXT,
      title: HOSTILE_TITLE,
      hostile: true,
    };
  });
  return world;
}

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  entityDecoder: safeEntityDecoder,
  isArray: (name) => ["item", "entry", "category", "link"].includes(name),
});

function unescapeHtml(s: string): string {
  return s.replace(
    /&(lt|gt|quot|#39|amp);/g,
    (_, e: string) => ({ lt: "<", gt: ">", quot: '"', "#39": "'", amp: "&" })[e] as string,
  );
}

function text(v: unknown): string {
  return typeof v === "object" && v !== null ? String((v as Node)["#text"] ?? "") : String(v ?? "");
}

describe("feed text helpers", () => {
  it("escapes markup, keeps CR as a reference and replaces what XML 1.0 cannot carry", () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;");
    expect(escapeXml("a\u0001b\ud800c\r\n\t\u202e🚀\uffff")).toBe("a\ufffdb\ufffdc&#13;\n\t\u202e🚀\ufffd");
  });

  it("writes RFC 822 dates in Berlin time or GMT", () => {
    const ms = Date.UTC(2017, 3, 20, 8, 5, 9);
    expect(rfc822(ms, true)).toBe("Thu, 20 Apr 2017 10:05:09 +0200");
    expect(rfc822(ms, false)).toBe("Thu, 20 Apr 2017 08:05:09 GMT");
  });
});

describe("feeds replay", () => {
  const world = smallWorld();
  const T = world.start + 8 * DAY;
  const clock = manualClock(T);
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = serve({
      fetch: createFeedsReplay(world, clock).fetch,
      port: 0,
      hostname: "127.0.0.1",
    }) as Server;
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );

  const urlOf = (k: number) => {
    const f = world.feeds[k] as World["feeds"][number];
    return `${base}/feeds/${f.slug}.${f.kind === "atom" ? "atom" : "xml"}`;
  };
  const visibleOf = (k: number, at = clock.now()) =>
    world.posts.filter((p) => p.platform === "rss" && p.feed === k && p.createdAt <= at);

  it("serves each feed in its format with exactly the visible items, newest first", async () => {
    expect(new Set(world.feeds.map((f) => f.kind))).toEqual(new Set(["rss", "atom"]));
    for (const [k, feed] of world.feeds.entries()) {
      const res = await fetch(urlOf(k));
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe(
        feed.kind === "atom" ? "application/atom+xml; charset=utf-8" : "application/rss+xml; charset=utf-8",
      );
      const doc = xml.parse(await res.text()) as Node;
      const expected = visibleOf(k).reverse();
      expect(expected.length).toBeGreaterThan(3);
      if (feed.kind === "atom") {
        const atom = doc.feed as Node;
        expect(atom["@_xmlns"]).toBe("http://www.w3.org/2005/Atom");
        const entries = atom.entry as Node[];
        expect(entries).toHaveLength(expected.length);
        for (const [i, e] of entries.entries()) {
          const p = expected[i] as WorldPost;
          expect(text(e.id)).toBe(`urn:resonanz-demo:1:${feed.slug}:${p.id}`);
          expect(Date.parse(text(e.published))).toBe(Math.floor(p.createdAt / 1000) * 1000);
          expect(((e.link as Node[])[0] as Node)["@_href"]).toBe(`${base}/feeds/${feed.slug}/${p.id}`);
          expect((e.summary as Node)["@_type"]).toBe("html");
          expect(((e.category as Node[] | undefined) ?? []).map((c) => c["@_term"])).toEqual(p.tags);
        }
      } else {
        const channel = (doc.rss as Node).channel as Node;
        expect((doc.rss as Node)["@_version"]).toBe("2.0");
        const items = (channel.item as Node[] | undefined) ?? [];
        expect(items).toHaveLength(expected.length);
        for (const [i, item] of items.entries()) {
          const p = expected[i] as WorldPost;
          expect(text((item.link as unknown[])[0])).toBe(`${base}/feeds/${feed.slug}/${p.id}`);
          expect(Date.parse(text(item.pubDate))).toBe(Math.floor(p.createdAt / 1000) * 1000);
          expect(((item.category as unknown[] | undefined) ?? []).map(text)).toEqual(p.tags);
          if (feed.slug === "cluster-news") expect(item).not.toHaveProperty("guid");
          else expect((item.guid as Node)["@_isPermaLink"]).toBe("false");
        }
      }
    }
  });

  it("is read by the real collector's parser, items valid and unique by guid or link", async () => {
    for (const k of world.feeds.keys()) {
      const parsed = parseFeed(await (await fetch(urlOf(k))).text(), { baseUrl: urlOf(k) });
      const expected = visibleOf(k).reverse();
      expect(parsed.items).toHaveLength(expected.length);
      for (const [i, item] of parsed.items.entries()) {
        expect(feedItemSchema.safeParse(item).success).toBe(true);
        expect(item.published).toBe(
          new Date(Math.floor((expected[i] as WorldPost).createdAt / 1000) * 1000).toISOString(),
        );
      }
      expect(new Set(parsed.items.map((it) => it.guid ?? it.link)).size).toBe(expected.length);
    }
  });

  it("keeps hostile text as text, character for character", async () => {
    for (const k of world.feeds.keys()) {
      const body = await (await fetch(urlOf(k))).text();
      expect(body).not.toContain("<script");
      expect(body).not.toContain("<img");
      const doc = xml.parse(body) as Node;
      const items =
        world.feeds[k]?.kind === "atom"
          ? ((doc.feed as Node).entry as Node[])
          : (((doc.rss as Node).channel as Node).item as Node[]);
      const last = items.at(-1) as Node; // the oldest item is the hostile one
      const html = text(last.summary ?? last.description);
      expect(html).not.toContain("<");
      expect(unescapeHtml(html)).toBe(HOSTILE_TEXT);
      expect(text(last.title)).toBe(HOSTILE_TITLE);

      const parsed = parseFeed(body, { baseUrl: urlOf(k) });
      const item = parsed.items.at(-1);
      expect(item?.html).toContain("&lt;script&gt;alert(");
      expect(item?.html).not.toContain("<script");
      expect(item?.title).toContain('<script>alert("t")</script>');
    }
    const page = await fetch(`${base}/feeds/${world.feeds[0]?.slug}/${visibleOf(0)[0]?.id}`);
    expect(page.status).toBe(200);
    const pageHtml = await page.text();
    expect(pageHtml).toContain("&lt;script&gt;");
    expect(pageHtml).not.toContain("<script");
  });

  it("answers 404 for a wrong extension, an unknown feed or an item not published yet", async () => {
    for (const path of [
      "/feeds/presse.atom",
      "/feeds/nachrichten.xml",
      "/feeds/cluster-news.rss",
      "/feeds/unbekannt.xml",
      `/feeds/presse/${world.posts.findLast((p) => p.feed === 0 && p.platform === "rss")?.id}`,
    ])
      expect((await fetch(`${base}${path}`)).status, path).toBe(404);
  });

  it("answers 304 to If-None-Match and If-Modified-Since; new items make a new ETag", async () => {
    clock.set(T);
    const url = urlOf(0);
    const first = await fetch(url);
    const etag = first.headers.get("etag") as string;
    const lastModified = first.headers.get("last-modified") as string;
    expect(etag).toMatch(/^"[^"]+"$/);
    const newest = visibleOf(0).at(-1) as WorldPost;
    expect(lastModified).toBe(new Date(newest.createdAt).toUTCString());

    const again = await fetch(url, { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("etag")).toBe(etag);
    expect((await fetch(url, { headers: { "If-Modified-Since": lastModified } })).status).toBe(304);
    expect((await fetch(url, { headers: { "If-None-Match": '"other"' } })).status).toBe(200);

    const next = world.posts.find(
      (p) => p.platform === "rss" && p.feed === 0 && p.createdAt > T,
    ) as WorldPost;
    clock.set(next.createdAt);
    const changed = await fetch(url, {
      headers: { "If-None-Match": etag, "If-Modified-Since": lastModified },
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    const doc = xml.parse(await changed.text()) as Node;
    expect(((doc.rss as Node).channel as Node).item as Node[]).toHaveLength(visibleOf(0).length);
    clock.set(T);
  });

  it("same seed, same bytes", async () => {
    const a = createFeedsReplay(smallWorld(), manualClock(world.end));
    const b = createFeedsReplay(smallWorld(), manualClock(world.end));
    for (const f of world.feeds) {
      const path = `http://demo.test/feeds/${f.slug}.${f.kind === "atom" ? "atom" : "xml"}`;
      const [ra, rb] = [await a.request(path), await b.request(path)];
      expect(ra.headers.get("etag")).toBe(rb.headers.get("etag"));
      expect(await ra.text()).toBe(await rb.text());
    }
  });
});
