import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";

export interface FakeFeedDoc {
  body: string;
  contentType?: string;
  etag?: string;
  lastModified?: string;
  /** Answer with this status (and no feed) instead, e.g. 500. */
  status?: number;
}

export interface FakeFeedServer {
  url: string;
  host: string;
  /** Served documents by path, e.g. "/presse.rss"; change them between runs. */
  feeds: Map<string, FakeFeedDoc>;
  requests: { path: string; headers: Record<string, string>; status: number }[];
  close(): Promise<void>;
}

/**
 * A loopback feed server that answers conditional GETs the way web servers
 * do: 304 without a body when If-None-Match matches the ETag (or, without an
 * ETag, when If-Modified-Since equals Last-Modified).
 */
export async function startFakeFeedServer(): Promise<FakeFeedServer> {
  const app = new Hono();
  const self = { feeds: new Map(), requests: [] } as unknown as FakeFeedServer;

  app.get("*", (c) => {
    const doc = self.feeds.get(c.req.path);
    const record = (status: number) => {
      self.requests.push({ path: c.req.path, headers: c.req.header(), status });
      return status;
    };
    if (!doc) return c.text("not found", record(404) as 404);
    if (doc.status) return c.text("upstream broken", record(doc.status) as 500);
    if (doc.etag) c.header("etag", doc.etag);
    if (doc.lastModified) c.header("last-modified", doc.lastModified);
    const inm = c.req.header("if-none-match");
    const ims = c.req.header("if-modified-since");
    const fresh = doc.etag ? inm === doc.etag : !!doc.lastModified && ims === doc.lastModified;
    if (fresh) return c.body(null, record(304) as 304);
    c.header("content-type", doc.contentType ?? "application/rss+xml; charset=utf-8");
    return c.body(doc.body, record(200) as 200);
  });

  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const { port } = server.address() as AddressInfo;
  self.url = `http://127.0.0.1:${port}`;
  self.host = `127.0.0.1:${port}`;
  self.close = () => new Promise((resolve) => server.close(() => resolve()));
  return self;
}

export interface SampleItem {
  guid?: string;
  link?: string;
  title?: string;
  html?: string;
  published?: string;
  categories?: string[];
  author?: string;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A small RSS 2.0 document; `html` goes into the description escaped, as most feeds send it. */
export function rssDoc(title: string, items: SampleItem[]): string {
  const body = items
    .map(
      (i) => `<item>
  ${i.title !== undefined ? `<title>${esc(i.title)}</title>` : ""}
  ${i.link ? `<link>${esc(i.link)}</link>` : ""}
  ${i.guid ? `<guid isPermaLink="false">${esc(i.guid)}</guid>` : ""}
  ${i.published ? `<pubDate>${new Date(i.published).toUTCString()}</pubDate>` : ""}
  ${i.author ? `<dc:creator>${esc(i.author)}</dc:creator>` : ""}
  ${(i.categories ?? []).map((c) => `<category>${esc(c)}</category>`).join("")}
  ${i.html !== undefined ? `<description>${esc(i.html)}</description>` : ""}
</item>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>${esc(title)}</title><link>https://presse.example.de/</link><description>Pressemitteilungen</description>
${body}
</channel></rss>`;
}

/** A small Atom 1.0 document; `html` goes into `content type="html"`. */
export function atomDoc(title: string, entries: SampleItem[]): string {
  const body = entries
    .map(
      (e) => `<entry>
  <id>${esc(e.guid ?? e.link ?? "")}</id>
  <title>${esc(e.title ?? "")}</title>
  ${e.link ? `<link rel="alternate" type="text/html" href="${esc(e.link)}"/>` : ""}
  <updated>${e.published ?? "2019-04-01T00:00:00Z"}</updated>
  ${e.author ? `<author><name>${esc(e.author)}</name></author>` : ""}
  ${(e.categories ?? []).map((c) => `<category term="${esc(c)}"/>`).join("")}
  ${e.html !== undefined ? `<content type="html">${esc(e.html)}</content>` : ""}
</entry>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>${esc(title)}</title><id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
<link rel="alternate" href="https://news.example.org/"/><updated>2019-04-05T12:00:00Z</updated>
${body}
</feed>`;
}
