import { DAY_MS, dayLabel, dayWeights, HOUR_MS, hourWeights, WORLD_DAYS, WORLD_START } from "./calendar.ts";
import type { Tone, World, WorldAuthor, WorldEvent, WorldFeed, WorldPlatform, WorldPost } from "./model.ts";
import { createRandom, cumulativeWeights, type Random } from "./random.ts";
import { loadRegistry, type RegistryCluster } from "./registry.ts";
import { CITIES, HOSTILE, LONG_PARAGRAPH, MENTION, PLAIN_CLUSTER, TEMPLATES, TOPICS } from "./texts.ts";

export const DEFAULT_SEED = 20170420;
export const DEFAULT_POSTS = 6000;
export const MAX_POSTS = 1_000_000;

export interface WorldOptions {
  seed?: number;
  posts?: number;
}

const INSTANCES = ["social.bund.demo", "norden.demo", "muenchen.demo"];
const FEEDS: WorldFeed[] = [
  { slug: "presse", title: "Pressemitteilungen (Demo)", kind: "rss" },
  { slug: "nachrichten", title: "Nachrichten zur Clusterwoche (Demo)", kind: "atom" },
  { slug: "cluster-news", title: "Cluster-News (Demo)", kind: "rss" },
];
const INSTITUTIONS = [
  "Bundesministerium für Wirtschaft (Demo-Konto)",
  "Bundesministerium für Bildung und Forschung (Demo-Konto)",
  "go-cluster (Demo-Konto)",
  "Clusterplattform Deutschland (Demo-Konto)",
  "Hannover Messe (Demo-Konto)",
];
const FIRST = [
  "Anna",
  "Jonas",
  "Lea",
  "Lukas",
  "Mia",
  "Felix",
  "Emma",
  "Paul",
  "Sofia",
  "Ben",
  "Hannah",
  "Elias",
  "Marie",
  "Noah",
  "Lina",
  "Tim",
  "Aylin",
  "Mehmet",
  "Olga",
  "Piotr",
];
const LAST = [
  "Müller",
  "Schmidt",
  "Schneider",
  "Fischer",
  "Weber",
  "Meyer",
  "Wagner",
  "Becker",
  "Schulz",
  "Hoffmann",
  "Koch",
  "Richter",
  "Klein",
  "Wolf",
  "Neumann",
  "Schwarz",
  "Yılmaz",
  "Nowak",
  "Öztürk",
  "Groß",
];
const PLATFORM_SHARE: Record<WorldPlatform, number> = { mastodon: 0.6, bluesky: 0.32, rss: 0.08 };
// Three feeds, each well under the collector's 1,000 items per read.
const RSS_CAP = 2700;

/**
 * Generates the demo world deterministically from a seed: the same seed and
 * size give the same world, byte for byte, on every machine.
 */
export function generateWorld(opts: WorldOptions = {}): World {
  const seed = opts.seed ?? DEFAULT_SEED;
  const total = Math.min(Math.max(Math.round(opts.posts ?? DEFAULT_POSTS), 1), MAX_POSTS);
  const rng = createRandom(seed);
  const registry = loadRegistry();
  const clusters = registry.clusters;
  // A few clusters are far more visible than the rest.
  const clusterWeights = cumulativeWeights(clusters.map((_, i) => 1 / (1 + i * 0.15)));
  const clusterTags = new Map(clusters.map((c) => [c.id, clusterTag(c)]));
  const clusterHandles = Object.fromEntries(
    clusters.filter((c) => c.shortName).map((c) => [c.id, slug(c.shortName as string)]),
  );

  const authors = makeAuthors(rng, total, clusters);
  const byPlatform = groupAuthors(authors);
  const events = makeEvents(rng, registry.events, clusters);
  const eventsByDay = Array.from({ length: WORLD_DAYS }, (_, d) =>
    events.filter((e) => e.day === dayLabel(d)),
  );

  const rssTotal = Math.min(Math.round(total * PLATFORM_SHARE.rss), RSS_CAP);
  const share = [PLATFORM_SHARE.mastodon, PLATFORM_SHARE.bluesky];
  const days = dayWeights();
  const hours = Array.from({ length: WORLD_DAYS }, (_, d) => hourWeights(d));

  const posts: WorldPost[] = [];
  for (let i = 0; i < total; i++) {
    const platform: WorldPlatform = i < rssTotal ? "rss" : rng.weighted(share) === 0 ? "mastodon" : "bluesky";
    const day = rng.weighted(days);
    const createdAt =
      WORLD_START +
      day * DAY_MS +
      rng.weighted(hours[day] as number[]) * HOUR_MS +
      Math.floor(rng.next() * HOUR_MS);
    const pool = byPlatform[platform];
    const author = pool[Math.floor(pool.length * rng.next() ** 2.2)] as WorldAuthor;
    posts.push(
      makePost(rng, {
        id: i,
        platform,
        author,
        createdAt,
        events: eventsByDay[day] ?? [],
        clusters,
        clusterWeights,
        clusterTags,
        clusterHandles,
        feeds: FEEDS.length,
      }),
    );
  }
  posts.sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
  posts.forEach((p, i) => {
    p.id = i;
  });

  const noise = makeNoise(rng, posts, byPlatform.bluesky);
  return {
    seed,
    start: WORLD_START,
    end: WORLD_START + WORLD_DAYS * DAY_MS - 1,
    instances: INSTANCES,
    feeds: FEEDS,
    authors,
    posts,
    noise,
    events,
    clusterHandles,
  };
}

function makeAuthors(rng: Random, total: number, clusters: RegistryCluster[]): WorldAuthor[] {
  const authors: WorldAuthor[] = [];
  const add = (a: Omit<WorldAuthor, "id">): void => {
    authors.push({ id: authors.length, ...a });
  };
  for (const [i, name] of INSTITUTIONS.entries()) {
    add({
      platform: i === 4 ? "bluesky" : "mastodon",
      username: slug(name.split(" (")[0] as string).slice(0, 20),
      displayName: name,
      followers: rng.int(20_000, 120_000),
      institutional: true,
      home: 0,
      did: i === 4 ? did(rng) : null,
    });
  }
  for (const c of clusters.filter((c) => c.shortName).slice(0, 30)) {
    const onBluesky = rng.chance(0.3);
    add({
      platform: onBluesky ? "bluesky" : "mastodon",
      username: slug(c.shortName as string),
      displayName: `${c.shortName} (Demo-Konto)`,
      followers: rng.int(800, 15_000),
      institutional: true,
      home: rng.int(0, INSTANCES.length - 1),
      did: onBluesky ? did(rng) : null,
    });
  }
  for (const [i, f] of FEEDS.entries()) {
    add({
      platform: "rss",
      username: f.slug,
      displayName: f.title,
      followers: 0,
      institutional: true,
      home: i,
      did: null,
    });
  }
  const people = Math.max(60, Math.round(total / 7));
  for (let i = 0; i < people; i++) {
    const first = rng.pick(FIRST);
    const last = rng.pick(LAST);
    const platform = rng.chance(0.63) ? "mastodon" : "bluesky";
    add({
      platform,
      username: `${slug(first)}${slug(last)}${i}`,
      displayName: `${first} ${last}`,
      followers: Math.min(Math.floor(rng.pareto(15, 1.15)), 250_000),
      institutional: false,
      home: rng.int(0, INSTANCES.length - 1),
      did: platform === "bluesky" ? did(rng) : null,
    });
  }
  return authors;
}

function groupAuthors(authors: WorldAuthor[]): Record<WorldPlatform, WorldAuthor[]> {
  const out: Record<WorldPlatform, WorldAuthor[]> = { mastodon: [], bluesky: [], rss: [] };
  for (const a of authors) out[a.platform].push(a);
  return out;
}

function makeEvents(
  rng: Random,
  documented: ReturnType<typeof loadRegistry>["events"],
  clusters: RegistryCluster[],
): WorldEvent[] {
  const events: WorldEvent[] = documented
    .filter((e) => e.edition === 2017 && e.date && /^\d{4}-\d{2}-\d{2}$/.test(e.date))
    .map((e) => ({
      id: e.id,
      title: e.title,
      day: e.date as string,
      city: e.city,
      state: e.state,
      cluster: e.organisingCluster,
      hashtag: e.id === "cw2017-go-cluster-jahrestagung" ? "gocluster" : null,
    }));
  const kinds = ["Tag der offenen Tür bei", "Netzwerktreffen", "Innovationsforum", "Werkstattgespräch bei"];
  clusters.slice(0, 80).forEach((c, i) => {
    const hannover = i % 5 === 0;
    const day = hannover ? rng.int(7, 11) : rng.int(3, 11);
    const state = Array.isArray(c.state) ? (c.state[0] ?? null) : c.state;
    events.push({
      id: `demo-${c.id}`,
      title: hannover
        ? `Hannover Messe: Gemeinschaftsstand ${c.shortName ?? c.name}`
        : `${rng.pick(kinds)} ${c.shortName ?? c.name}`,
      day: dayLabel(day),
      city: hannover ? "Hannover" : c.city,
      state: hannover ? "DE-NI" : state,
      cluster: c.id,
      hashtag: hannover ? "HM17" : null,
    });
  });
  return events;
}

interface PostContext {
  id: number;
  platform: WorldPlatform;
  author: WorldAuthor;
  createdAt: number;
  events: WorldEvent[];
  clusters: RegistryCluster[];
  /** Cumulative weights, see cumulativeWeights(). */
  clusterWeights: number[];
  clusterTags: Map<string, string>;
  clusterHandles: Record<string, string>;
  feeds: number;
}

function makePost(rng: Random, ctx: PostContext): WorldPost {
  const lang = rng.chance(0.85) ? "de" : "en";
  const tone: Tone = (["positive", "neutral", "negative"] as const)[rng.weighted([0.42, 0.43, 0.15])] as Tone;
  const event = ctx.events.length > 0 && rng.chance(0.35) ? rng.pick(ctx.events) : null;
  const mentioned: WorldPost["clusters"] = [];
  const tags: string[] = [];
  let mention = "";

  if (rng.chance(0.55)) {
    const count = rng.chance(0.12) ? 2 : 1;
    for (let k = 0; k < count; k++) {
      const fromEvent = k === 0 && event?.cluster && rng.chance(0.7);
      const c = fromEvent
        ? (ctx.clusters.find((x) => x.id === event.cluster) ?? pickCluster(rng, ctx))
        : pickCluster(rng, ctx);
      if (mentioned.some((m) => m.id === c.id)) continue;
      const handle = ctx.clusterHandles[c.id];
      const ways: ("name" | "hashtag" | "website" | "handle")[] = ["name", "name", "hashtag"];
      if (c.website) ways.push("website");
      if (handle && ctx.platform !== "rss") ways.push("handle");
      const by = rng.pick(ways);
      const m = MENTION[lang];
      if (by === "name")
        mention += ` ${m.name(rng.chance(0.2) && c.aliases?.length ? rng.pick(c.aliases) : (c.shortName ?? c.name))}`;
      else if (by === "website") mention += ` ${m.website(domainOf(c.website as string))}`;
      else if (by === "handle")
        mention += ` ${m.handle(ctx.platform === "bluesky" ? `@${handle}.bsky.social` : `@${handle}@clusters.demo`)}`;
      else tags.push(ctx.clusterTags.get(c.id) ?? clusterTag(c));
      mentioned.push({ id: c.id, by });
    }
  } else if (rng.chance(0.3)) {
    mention = ` ${rng.pick(PLAIN_CLUSTER[lang])}`;
  }

  const fill: Record<string, string> = {
    e: event ? event.title : lang === "de" ? "der Veranstaltung" : "the event",
    c: event?.city ?? rng.pick(CITIES),
    t: rng.pick(TOPICS[lang]),
  };
  let body = `${rng.pick(TEMPLATES[lang][tone]).replace(/\{(\w)\}/g, (_, k: string) => fill[k] ?? "")}${mention}`;
  const hostile = rng.chance(0.008);
  if (hostile) body = `${rng.pick(HOSTILE)} ${body}`;
  if (rng.chance(0.003)) body = `${body} ${LONG_PARAGRAPH.repeat(12).trim()}`;

  // Every post carries the campaign tag in some spelling; some add the year variant.
  // A few use only a year variant (#Clusterwoche17): collectors must ask for those too.
  const campaignTag = rng.chance(0.04)
    ? "Clusterwoche17"
    : rng.pick(["Clusterwoche", "Clusterwoche", "Clusterwoche", "clusterwoche", "CLUSTERWOCHE"]);
  const allTags = [campaignTag, ...(rng.chance(0.1) ? ["Clusterwoche2017"] : []), ...tags];
  if (event?.hashtag) allTags.push(event.hashtag);
  const text = ctx.platform === "rss" ? body : `${body} ${allTags.map((t) => `#${t}`).join(" ")}`;

  const reach = Math.log10(ctx.author.followers + 10);
  const likes = ctx.platform === "rss" ? 0 : Math.min(Math.floor(rng.pareto(1, 1.5) * reach) - 1, 5000);
  const engaged = Math.max(likes, 0);
  return {
    id: ctx.id,
    platform: ctx.platform,
    author: ctx.author.id,
    createdAt: ctx.createdAt,
    text,
    tags: ctx.platform === "rss" ? (rng.chance(0.5) ? allTags : []) : allTags,
    lang,
    tone,
    likes: engaged,
    reposts: Math.floor(engaged * rng.next() * 0.5),
    replies: Math.floor(engaged * rng.next() * 0.3),
    quotes: ctx.platform === "rss" ? 0 : rng.chance(0.05) ? rng.int(1, 3) : 0,
    clusters: mentioned,
    event: event?.id ?? null,
    federatedTo:
      ctx.platform === "mastodon"
        ? [0, 1, 2].filter((i) => i !== ctx.author.home && rng.chance(ctx.author.institutional ? 0.9 : 0.3))
        : [],
    rkey: ctx.platform === "bluesky" ? tid(ctx.createdAt, ctx.id) : null,
    feed: ctx.platform === "rss" ? rng.int(0, ctx.feeds - 1) : null,
    title: ctx.platform === "rss" ? rssTitle(lang, fill, event) : null,
    hostile,
  };
}

/** Firehose posts without a campaign hashtag (some say "Cluster" or use other tags): collectors must drop them. */
function makeNoise(rng: Random, posts: WorldPost[], authors: WorldAuthor[]): WorldPost[] {
  const bluesky = posts.filter((p) => p.platform === "bluesky");
  return bluesky.slice(0, Math.ceil(bluesky.length / 2)).map((p, i) => {
    const lang = rng.chance(0.7) ? "de" : "en";
    const tags = rng.chance(0.5)
      ? [rng.pick(["Innovation", "HM17", "Cluster", "Wirtschaft", "Forschung"])]
      : [];
    const text = `${rng.pick(PLAIN_CLUSTER[lang])} ${tags.map((t) => `#${t}`).join(" ")}`.trim();
    const createdAt = p.createdAt + rng.int(1, 60_000);
    return {
      ...p,
      id: 10_000_000 + i,
      author: (rng.pick(authors) as WorldAuthor).id,
      createdAt,
      text,
      tags,
      lang,
      clusters: [],
      event: null,
      rkey: tid(createdAt, 10_000_000 + i),
      hostile: false,
    };
  });
}

function pickCluster(rng: Random, ctx: PostContext): RegistryCluster {
  return ctx.clusters[rng.weightedCumulative(ctx.clusterWeights)] as RegistryCluster;
}

function rssTitle(lang: "de" | "en", fill: Record<string, string>, event: WorldEvent | null): string {
  if (event) return `Clusterwoche: ${event.title}`;
  return lang === "de"
    ? `Clusterwoche in ${fill.c}: ${fill.t} im Fokus`
    : `Clusterwoche in ${fill.c}: focus on ${fill.t}`;
}

/** A CamelCase hashtag from a cluster's name: "it's OWL" → "itsOWL", "Hamburg Aviation" → "HamburgAviation". */
export function clusterTag(c: RegistryCluster): string {
  const own = c.hashtags?.find((h) => !/clusterwoche/i.test(h));
  if (own) return own.replace(/^#/, "");
  return (c.shortName ?? c.name)
    .normalize("NFC")
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((w) => (w[0] as string).toUpperCase() + w.slice(1))
    .join("")
    .replace(/^Its/, "its");
}

function domainOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, "");
  } catch {
    return url;
  }
}

export function slug(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ß/g, "ss")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "");
}

const B32 = "234567abcdefghijklmnopqrstuvwxyz";

/** An AT Protocol TID (sortable base32 of microseconds and a clock id), as record keys are. */
export function tid(ms: number, clock: number): string {
  let v = (BigInt(ms) * 1000n) << 10n;
  v |= BigInt(clock & 1023);
  let out = "";
  for (let i = 0; i < 13; i++) {
    out = B32[Number(v & 31n)] + out;
    v >>= 5n;
  }
  return out;
}

function did(rng: Random): string {
  let s = "did:plc:";
  for (let i = 0; i < 24; i++) s += B32[rng.int(0, 31)];
  return s;
}
