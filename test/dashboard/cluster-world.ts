import { Hono } from "hono";
import { expect } from "vitest";
import { createCollectorStore } from "../../collectors/ingest.ts";
import { loadAssets } from "../../dashboard/assets.ts";
import { createClusterPageRoutes } from "../../dashboard/cluster-routes.tsx";
import { createPostAnalyzer } from "../../data/analysis/analyze-post.ts";
import { compileMatcher } from "../../data/analysis/attribution.ts";
import { parseRegistry } from "../../data/analysis/registry.ts";
import { createSentimentScorer } from "../../data/analysis/sentiment.ts";
import { type OpenedDatabase, openDatabase } from "../../data/db.ts";
import { type Filters, parseFilters } from "../../data/filters.ts";
import { syncRegistry } from "../../data/registry-sync.ts";
import { CAMPAIGNS, makePost, testRollups } from "../helpers/db.ts";

/**
 * A small world for the cluster and Länder page tests: three registry clusters
 * (two with posts), two events, hostile post text and a javascript: link.
 */
export const XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>";

const registry = parseRegistry({
  clusters: [
    { id: "its-owl", name: "it's OWL Clustermanagement GmbH", shortName: "it's OWL", state: "DE-NW" },
    { id: "biorn", name: "BioRN Network e.V.", shortName: "BioRN", state: "DE-BW" },
    { id: "silicon-saxony", name: "Silicon Saxony e. V.", shortName: "Silicon Saxony", state: "DE-SN" },
  ],
});

const events = [
  {
    id: "owl-tag",
    title: "Tag der offenen Tür",
    start: "2017-04-21",
    end: "2017-04-21",
    city: "Paderborn",
    state: "DE-NW",
    cluster: "its-owl",
    hashtag: null,
  },
  {
    id: "hm",
    title: "Hannover Messe",
    start: "2017-04-24",
    end: "2017-04-28",
    city: "Hannover",
    state: "DE-NI",
    cluster: null,
    hashtag: "hm17",
  },
];

export interface ClusterWorld {
  database: OpenedDatabase;
  app: Hono;
  /** External links the pages may carry (post URLs). */
  postUrls: Set<string>;
  close(): Promise<void>;
}

export async function createClusterWorld(): Promise<ClusterWorld> {
  const database = await openDatabase(":memory:");
  syncRegistry(database, registry, events);
  const store = createCollectorStore({
    database,
    now: () => new Date("2017-04-29T00:00:00Z"),
    analyze: createPostAnalyzer({
      sentiment: createSentimentScorer(),
      attribute: compileMatcher(registry, { campaignHashtags: ["Clusterwoche"] }),
      events,
    }),
    rollups: testRollups(database),
  });
  const author = (n: number, followers: number) => ({
    handle: `@a${n}@social.example`,
    name: n === 9 ? "<b>Eve</b>" : `Autor ${n}`,
    url: null,
    followers,
  });
  const posts = [
    makePost({
      createdAt: "2017-04-21T09:00:00.000Z",
      text: "Tag der offenen Tür bei it's OWL #Clusterwoche",
      author: author(1, 1500),
      counts: { likes: 50, reposts: 4, replies: 1, quotes: 0 },
    }),
    makePost({
      createdAt: "2017-04-21T11:00:00.000Z",
      text: "Großartig: it's OWL zeigt Industrie 4.0 #Clusterwoche",
      author: author(2, 2500),
      counts: { likes: 10, reposts: 1, replies: 0, quotes: 0 },
    }),
    makePost({
      createdAt: "2017-04-22T09:00:00.000Z",
      text: "it's OWL und BioRN #Clusterwoche",
      author: author(3, 10),
      counts: { likes: 1, reposts: 0, replies: 0, quotes: 0 },
    }),
    makePost({
      createdAt: "2017-04-23T10:00:00.000Z",
      text: `it's OWL ${XSS} #Clusterwoche`,
      author: author(9, 10),
    }),
    makePost({
      createdAt: "2017-04-23T12:00:00.000Z",
      text: "BioRN lädt ein #Clusterwoche",
      url: "javascript:alert(3)",
      author: author(4, 300),
    }),
    makePost({
      createdAt: "2017-04-25T09:00:00.000Z",
      text: "Messe! #Clusterwoche #HM17",
      hashtags: ["clusterwoche", "hm17"],
      author: author(5, 1),
    }),
    makePost({
      createdAt: "2019-04-03T10:00:00.000Z",
      text: "BioRN 2019 #Clusterwoche",
      author: author(6, 5),
    }),
  ];
  store.ingestBatch({ source: "s", target: "t", posts });
  const postUrls = new Set<string>();
  for (const p of posts) if (p.url?.startsWith("https:")) postUrls.add(p.url);
  const app = new Hono().route(
    "/",
    createClusterPageRoutes({
      db: database.db,
      campaigns: CAMPAIGNS,
      assets: loadAssets().urls,
      now: () => new Date("2017-04-29T12:00:00Z"),
    }),
  );
  return { database, app, postUrls, close: () => database.close() };
}

export function filters(query: Record<string, string> = {}): Filters {
  return parseFilters(query, CAMPAIGNS);
}

export async function get(app: Hono, path: string) {
  const res = await app.request(path);
  return {
    status: res.status,
    type: res.headers.get("content-type") ?? "",
    location: res.headers.get("location"),
    html: await res.text(),
  };
}

export function decode(attr: string): string {
  return attr
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}

/** The JSON of the `<script type="application/json" id=…>` element. */
export function jsonData(html: string, id: string): unknown {
  const m = new RegExp(`<script type="application/json" id="${id}">([\\s\\S]*?)</script>`).exec(html);
  if (!m) throw new Error(`no JSON element ${id}`);
  return JSON.parse(m[1] ?? "");
}

/** The HTML between the element with `id` and the end of its section. */
export function block(html: string, id: string, end = "</section>"): string {
  const start = html.indexOf(`id="${id}"`);
  if (start < 0) throw new Error(`no element ${id}`);
  return html.slice(start, html.indexOf(end, start));
}

/** The common page hygiene: only own scripts, no inline styles or handlers, safe external links. */
export function expectCleanHtml(html: string, postUrls: Set<string>): void {
  expect(html).not.toMatch(/\sstyle=/i);
  expect(html).not.toMatch(/<style/i);
  expect(html).not.toMatch(/<[^>]*\son[a-z]+=/i);
  expect(html).not.toContain("<script>alert");
  expect(html).not.toContain("<img src=x");
  expect(html).not.toContain("<b>Eve</b>");
  expect(html).not.toMatch(/href="javascript:/i);
  for (const [, attrs = "", body = ""] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const external = /\ssrc="\/[^"]*"/.test(attrs) && body === "";
    expect(external || attrs.includes('type="application/json"')).toBe(true);
  }
  for (const m of html.matchAll(/\s(?:src|href)="([^"]*)"/g)) {
    const ref = decode(m[1] ?? "");
    if (/^(https?:)?\/\//i.test(ref)) expect(postUrls.has(ref)).toBe(true);
  }
  for (const m of html.matchAll(/<a href="https?:[^"]*"([^>]*)>/g)) {
    expect(m[1]).toContain('target="_blank"');
    expect(m[1]).toContain('rel="noopener nofollow"');
  }
}
