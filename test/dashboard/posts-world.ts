import { Hono } from "hono";
import { createCollectorStore } from "../../collectors/ingest.ts";
import type { NormalizedPost } from "../../collectors/types.ts";
import { loadAssets } from "../../dashboard/assets.ts";
import { createExplorePageRoutes } from "../../dashboard/explore-routes.tsx";
import { createPostAnalyzer } from "../../data/analysis/analyze-post.ts";
import { compileMatcher } from "../../data/analysis/attribution.ts";
import type { CampaignEvent } from "../../data/analysis/events.ts";
import { parseRegistry } from "../../data/analysis/registry.ts";
import { createSentimentScorer } from "../../data/analysis/sentiment.ts";
import { type OpenedDatabase, openDatabase } from "../../data/db.ts";
import { type Filters, parseFilters } from "../../data/filters.ts";
import { syncRegistry } from "../../data/registry-sync.ts";
import { CAMPAIGNS, makePost, testRollups } from "../helpers/db.ts";

/**
 * A small Clusterwoche 2017 for the explore pages: two registry clusters, three
 * events (one over five days, one with a hostile title), ordinary posts over the
 * week, a few search targets, and hostile posts. Real migrations, real ingest
 * with attribution and event links, real rollups.
 */
export const XSS_TEXT = "<script>alert(1)</script><img src=x onerror=alert(2)>";
export const XSS_NAME = "<b>Eve</b>";
export const XSS_EVENT = '<script>alert("event")</script>';

export const registry = parseRegistry({
  clusters: [
    { id: "its-owl", name: "it's OWL Clustermanagement GmbH", shortName: "it's OWL", state: "DE-NW" },
    { id: "biorn", name: "BioRN Network e.V.", shortName: "BioRN", state: "DE-BW" },
  ],
});

export const events: CampaignEvent[] = [
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
  {
    id: "evil",
    title: XSS_EVENT,
    start: "2017-04-22",
    end: "2017-04-22",
    city: null,
    state: "DE-BW",
    cluster: "biorn",
    hashtag: null,
  },
];

export interface World {
  database: OpenedDatabase;
  app: Hono;
  filters(query?: Record<string, string>): Filters;
  close(): Promise<void>;
}

export const NOW = new Date("2017-04-25T12:03:00Z");

export async function createWorld(): Promise<World> {
  const database = await openDatabase(":memory:");
  syncRegistry(database, registry, events);
  const store = createCollectorStore({
    database,
    now: () => NOW,
    analyze: createPostAnalyzer({
      sentiment: createSentimentScorer(),
      attribute: compileMatcher(registry, { campaignHashtags: ["Clusterwoche"] }),
      events,
    }),
    rollups: testRollups(database),
  });
  store.ingestBatch({ source: "test", target: "seed", posts: worldPosts() });
  const app = new Hono().route(
    "/",
    createExplorePageRoutes({
      db: database.db,
      campaigns: CAMPAIGNS,
      assets: loadAssets().urls,
      now: () => NOW,
    }),
  );
  return {
    database,
    app,
    filters: (query = {}) => parseFilters(query, CAMPAIGNS),
    close: () => database.close(),
  };
}

const author = (i: number) => ({
  handle: `@author${i}@social.example`,
  name: `Autor ${i}`,
  url: null,
  followers: 1500 + i * 1000,
});

function worldPosts(): NormalizedPost[] {
  const texts = [
    "Heute startet die #Clusterwoche",
    "Großartige #Clusterwoche, toller Tag!",
    "Tag der offenen Tür bei it's OWL #Clusterwoche",
    "BioRN lädt ein #Clusterwoche",
  ];
  // 56 ordinary posts, a few each hour over the week, so pages of 20 need three pages.
  const ordinary = Array.from({ length: 56 }, (_, i) =>
    makePost({
      createdAt: `2017-04-${String(20 + (i % 9)).padStart(2, "0")}T${String(6 + (i % 12)).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}:00.000Z`,
      text: texts[i % texts.length],
      author: author(i % 7),
      counts: { likes: 1000 + i, reposts: 2, replies: 3, quotes: 0 },
    }),
  );
  const search = [
    makePost({
      createdAt: "2017-04-22T10:00:00.000Z",
      text: "Wasserstoff bei it's OWL #Clusterwoche",
      author: author(1),
    }),
    makePost({
      createdAt: "2017-04-23T10:00:00.000Z",
      text: "Mehr Wasserstoffprojekte #Clusterwoche",
      author: author(2),
    }),
    makePost({
      createdAt: "2017-04-25T09:00:00.000Z",
      text: "Messe! #Clusterwoche #HM17",
      hashtags: ["clusterwoche", "hm17"],
      author: author(3),
    }),
  ];
  const hostile = [
    makePost({
      createdAt: "2017-04-24T09:00:00.000Z",
      text: `${XSS_TEXT} #Clusterwoche`,
      author: { handle: "@eve@evil.example", name: XSS_NAME, url: null, followers: 10 },
    }),
    makePost({
      createdAt: "2017-04-24T08:00:00.000Z",
      text: "Link-Test #Clusterwoche",
      url: "javascript:alert(3)",
    }),
  ];
  const otherYear = makePost({
    createdAt: "2019-04-03T10:00:00.000Z",
    text: "Zweite #Clusterwoche Wasserstoff",
  });
  return [...ordinary, ...search, ...hostile, otherYear];
}

/** The attribute values of an HTML string, decoded as a browser would for these four entities. */
export function decode(attr: string): string {
  return attr
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");
}

export async function get(app: Hono, path: string) {
  const res = await app.request(path);
  return { res, status: res.status, html: await res.text() };
}
