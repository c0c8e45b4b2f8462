import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { createCollectorStore } from "../../collectors/ingest.ts";
import type { NormalizedPost, SyncCollectorStore } from "../../collectors/types.ts";
import { createPostAnalyzer } from "../../data/analysis/analyze-post.ts";
import { compileMatcher } from "../../data/analysis/attribution.ts";
import type { CampaignEvent } from "../../data/analysis/events.ts";
import { parseRegistry } from "../../data/analysis/registry.ts";
import { createSentimentScorer } from "../../data/analysis/sentiment.ts";
import { type OpenedDatabase, openDatabase } from "../../data/db.ts";
import { syncRegistry } from "../../data/registry-sync.ts";
import { createApp } from "../../server/app.ts";
import { CAMPAIGNS, makePost, testRollups } from "../helpers/db.ts";
import { FORMULAS, HOSTILE_URLS, PAYLOADS } from "./payloads.ts";

/**
 * A database where strangers have been busy: every payload of the XSS
 * catalogue is a post's text, an author's name and handle, a hashtag, a URL, an
 * event's title and city and a cluster's name, ingested through the real store
 * and analysis (attribution, events) and served by the real app. Next to the
 * report archive there is a sentinel file no route may ever serve.
 */
export interface HostileWorld {
  database: OpenedDatabase;
  store: SyncCollectorStore;
  app: ReturnType<typeof createApp>;
  archiveDir: string;
  /** A file outside the archive whose content must never appear in a response. */
  sentinel: { path: string; content: string };
  /** Cluster ids whose names are payloads. */
  hostileClusters: string[];
  /** Posts for the live stream: ingest them after a page has opened. */
  livePosts(): NormalizedPost[];
  /** Logs in as the admin: the cookie and CSRF headers an admin POST needs (server/access/). */
  adminHeaders(): Promise<Record<string, string>>;
  countPosts(): number;
  close(): Promise<void>;
}

/** Cluster `xss-N` is named after payload N (every third payload, to keep the registry small). */
const CLUSTER_PAYLOADS = PAYLOADS.filter((_, i) => i % 3 === 0);

/** The admin password of the world's app (RESONANZ_ADMIN_PASSWORD in production). */
export const ADMIN_PASSWORD = "security-suite-admin-password";

export const SENTINEL_CONTENT = "root:x:0:0:SENTINEL-OUTSIDE-THE-ARCHIVE:/root:/bin/bash";

export async function createHostileWorld(opts: { livePollMs?: number } = {}): Promise<HostileWorld> {
  const root = mkdtempSync(join(tmpdir(), "resonanz-security-"));
  const archiveDir = join(root, "archive");
  mkdirSync(archiveDir);
  const sentinelPath = join(root, "passwd");
  writeFileSync(sentinelPath, SENTINEL_CONTENT);
  writeFileSync(join(root, "clusters.json"), '{"clusters": []}\n');
  writeFileSync(join(root, "events.json"), "[]\n");

  const registry = parseRegistry({
    clusters: [
      { id: "its-owl", name: "it's OWL Clustermanagement GmbH", shortName: "it's OWL", state: "DE-NW" },
      ...CLUSTER_PAYLOADS.map((p, i) => ({
        id: `xss-${i + 1}`,
        name: `${p.text} Cluster ${i + 1}`,
        shortName: p.text,
        aliases: [p.text, `${p.id}(*+?[`],
        state: i % 2 === 0 ? "DE-BY" : "DE-BE",
        city: p.text,
        hashtags: [`xsscluster${i + 1}`],
      })),
    ],
  });
  const hostileClusters = registry.clusters.filter((c) => c.id.startsWith("xss-")).map((c) => c.id);
  const events: CampaignEvent[] = PAYLOADS.map((p, i) => ({
    id: `ev-${i + 1}`,
    title: p.text,
    start: `2017-04-${String(21 + (i % 6)).padStart(2, "0")}`,
    end: `2017-04-${String(21 + (i % 6)).padStart(2, "0")}`,
    city: p.text,
    state: "DE-BY",
    cluster: hostileClusters[i % hostileClusters.length] ?? null,
    hashtag: null,
  }));

  const database = await openDatabase(":memory:");
  syncRegistry(database, registry, events);
  const store = createCollectorStore({
    database,
    now: () => new Date("2017-04-29T12:00:00Z"),
    analyze: createPostAnalyzer({
      sentiment: createSentimentScorer(),
      attribute: compileMatcher(registry, { campaignHashtags: ["Clusterwoche"] }),
      events,
    }),
    rollups: testRollups(database),
  });

  store.ingestBatch({ source: "test", target: "hostile", posts: hostilePosts("h", 0) });

  const log = pino({ level: "silent" });
  const app = createApp({
    db: database.db,
    store,
    campaigns: CAMPAIGNS,
    version: "security-test",
    now: () => new Date("2017-04-29T12:00:00Z"),
    log,
    livePollMs: opts.livePollMs ?? 100,
    archiveDir,
    access: {
      viewers: "public",
      // Admin uploads replace these (server/access/admin-routes.tsx); copies, never the shipped files.
      registryPath: join(root, "clusters.json"),
      eventsPath: join(root, "events.json"),
      adminPassword: ADMIN_PASSWORD,
      secret: "security-suite-secret-0123456789abcdef",
    },
  });

  let liveRound = 0;
  let admin: Record<string, string> | null = null;
  return {
    database,
    store,
    app,
    archiveDir,
    sentinel: { path: sentinelPath, content: SENTINEL_CONTENT },
    hostileClusters,
    livePosts: () => hostilePosts(`live${++liveRound}`, 1),
    async adminHeaders() {
      if (admin) return admin;
      const login = await app.request("/login", {
        method: "POST",
        headers: { "content-type": "application/json", "sec-fetch-site": "same-origin" },
        body: JSON.stringify({ password: ADMIN_PASSWORD }),
      });
      if (login.status !== 200) throw new Error(`admin login failed: ${login.status} ${await login.text()}`);
      const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
      const session = await app.request("/api/session", { headers: { cookie } });
      const { csrfToken } = (await session.json()) as { csrfToken: string };
      admin = { cookie, "x-csrf-token": csrfToken, "sec-fetch-site": "same-origin" };
      return admin;
    },
    countPosts: () => (database.sqlite.prepare("SELECT count(*) AS n FROM posts").get() as { n: number }).n,
    async close() {
      await database.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** One post per payload (text, author, hashtag, URL), plus formula posts and a few ordinary ones. */
function hostilePosts(prefix: string, dayOffset: number): NormalizedPost[] {
  const posts: NormalizedPost[] = [];
  PAYLOADS.forEach((p, i) => {
    const n = `${prefix}${i + 1}`;
    const cluster = (i % CLUSTER_PAYLOADS.length) + 1;
    posts.push(
      makePost({
        uid: `mastodon:https://evil.example/statuses/${n}`,
        remoteId: n,
        url: i < HOSTILE_URLS.length ? (HOSTILE_URLS[i] ?? null) : `https://evil.example/@x/${n}`,
        createdAt: `2017-04-${String(21 + ((i + dayOffset) % 7)).padStart(2, "0")}T${String(8 + (i % 10)).padStart(2, "0")}:00:00.000Z`,
        text: `${p.text} #Clusterwoche #xsscluster${cluster} ${p.id}`,
        author: {
          handle: `@${p.text}@evil.example`,
          name: p.text,
          url: HOSTILE_URLS[i % HOSTILE_URLS.length] ?? null,
          followers: 1000 + i,
        },
        counts: { likes: 500 - i, reposts: 50, replies: 5, quotes: 0 },
        hashtags: ["clusterwoche", `xsscluster${cluster}`, p.text.toLowerCase()],
      }),
    );
  });
  FORMULAS.forEach((f, i) => {
    const n = `${prefix}f${i + 1}`;
    posts.push(
      makePost({
        uid: `mastodon:https://evil.example/statuses/${n}`,
        remoteId: n,
        url: `https://evil.example/@f/${n}`,
        createdAt: `2017-04-2${2 + (i % 5)}T12:00:00.000Z`,
        text: `${f} #Clusterwoche`,
        author: { handle: f, name: f, url: null, followers: 10 },
        counts: { likes: 300, reposts: 0, replies: 0, quotes: 0 },
        hashtags: ["clusterwoche", f.toLowerCase()],
      }),
    );
  });
  return posts;
}
