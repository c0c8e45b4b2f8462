import { createCollectorStore } from "../../collectors/ingest.ts";
import type { NormalizedPost } from "../../collectors/types.ts";
import { createPostAnalyzer } from "../../data/analysis/analyze-post.ts";
import { compileMatcher } from "../../data/analysis/attribution.ts";
import { createSentimentScorer } from "../../data/analysis/sentiment.ts";
import { openDatabase } from "../../data/db.ts";
import { type Filters, parseFilters } from "../../data/filters.ts";
import { syncRegistry } from "../../data/registry-sync.ts";
import { CAMPAIGNS, makePost, testRollups } from "./db.ts";
import { prng } from "./prng.ts";
import { SMALL_EVENTS, SMALL_REGISTRY } from "./small-registry.ts";

const TEXTS = [
  "Heute bei it's OWL in Paderborn, großartig!",
  "BioRN und it's OWL gemeinsam, super Veranstaltung",
  "Software-Cluster zeigt neue Ideen",
  "Medical Valley: leider abgesagt, schade",
  "Ein Cluster ist ein Haufen. Nichts weiter.",
  "Great day at Medical Valley and BioRN",
  "Nothing to see here",
];

/**
 * A random world of 400 posts on the small registry, stored through the real
 * ingest path, then changed as collectors change it: edits (new clusters),
 * count refreshes, followers learned late, deletions at the source.
 */
export async function randomWorld(seed: number) {
  const random = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const database = await openDatabase(":memory:");
  syncRegistry(database, SMALL_REGISTRY, SMALL_EVENTS);
  const store = createCollectorStore({
    database,
    now: () => new Date("2017-04-29T00:00:00Z"),
    analyze: createPostAnalyzer({
      sentiment: createSentimentScorer(),
      attribute: compileMatcher(SMALL_REGISTRY, { campaignHashtags: ["Clusterwoche"] }),
      events: SMALL_EVENTS,
    }),
    rollups: testRollups(database),
  });
  const authors = Array.from({ length: 25 }, (_, i) => `@a${i}@x.example`);
  const posts: NormalizedPost[] = [];
  for (let i = 0; i < 400; i++) {
    // Around midnight in Berlin on purpose: day boundaries are where rollups go wrong.
    const day = 17 + Math.floor(random() * 14);
    const hour = pick([0, 1, 21, 22, 23, Math.floor(random() * 24)]);
    const createdAt = new Date(Date.UTC(2017, 3, day, hour, Math.floor(random() * 60))).toISOString();
    const tags = [
      pick(["clusterwoche", "clusterwoche2017", "Clusterwoche17", "anderes"]),
      ...(random() < 0.3 ? [pick(["owltag", "hm17", "ki"])] : []),
    ];
    posts.push(
      makePost({
        createdAt,
        platform: pick(["mastodon", "bluesky", "rss"] as const),
        lang: pick(["de", "en", null]),
        text: `${pick(TEXTS)} ${tags.map((t) => `#${t}`).join(" ")}`,
        hashtags: tags.map((t) => t.toLowerCase()),
        author: {
          handle: pick(authors),
          name: null,
          url: null,
          followers: random() < 0.1 ? 0 : Math.floor(random() * 5000),
        },
        counts: {
          likes: Math.floor(random() * 20),
          reposts: Math.floor(random() * 5),
          replies: 0,
          quotes: 0,
        },
      }),
    );
  }
  for (let i = 0; i < posts.length; i += 37)
    store.ingestBatch({ source: "s", target: "t", posts: posts.slice(i, i + 37) });
  // Changes after ingest: edits (new clusters), count refreshes, followers learned late, deletions.
  const changed: NormalizedPost[] = [];
  for (const p of posts) {
    const r = random();
    if (r < 0.1)
      changed.push({
        ...p,
        text: `${pick(TEXTS)} #clusterwoche`,
        hashtags: ["clusterwoche"],
        editedAt: "2017-04-28T00:00:00.000Z",
      });
    else if (r < 0.2) changed.push({ ...p, counts: { ...p.counts, likes: p.counts.likes + 7 } });
    else if (r < 0.25) changed.push({ ...p, author: { ...p.author, followers: 1234 } });
  }
  store.ingestBatch({ source: "s", target: "t2", posts: changed });
  store.markDeleted(posts.filter(() => random() < 0.08).map((p) => p.uid));
  return { database, random, pick };
}

/** Random filters over that world: a period or the whole campaign, platform, language, a cluster or a Land. */
export function randomFilters(random: () => number, pick: <T>(xs: readonly T[]) => T): Filters {
  const from = `2017-04-${String(17 + Math.floor(random() * 8)).padStart(2, "0")}`;
  const to = `2017-04-${String(25 + Math.floor(random() * 6)).padStart(2, "0")}`;
  // A third of the time the campaign's whole period: then distinct authors come from the campaign rows.
  const q: Record<string, string> = random() < 0.35 ? {} : { from, to };
  if (random() < 0.4) q.platform = pick(["mastodon", "bluesky", "rss"]);
  if (random() < 0.3) q.lang = pick(["de", "en"]);
  const scope = random();
  if (scope < 0.25) q.cluster = pick(["its-owl", "biorn", "software-cluster", "medical-valley"]);
  else if (scope < 0.5) q.state = pick(["DE-NW", "DE-BW", "DE-HE", "DE-BY"]);
  return parseFilters(q, CAMPAIGNS);
}
