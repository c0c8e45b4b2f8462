import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";

export interface FakeStatus {
  id: string;
  uri: string;
  created_at: string;
  content: string;
  tags: string[];
  acct: string;
  followers: number;
  favourites?: number;
  reblogs?: number;
  replies?: number;
  language?: string;
}

export interface FakeInstance {
  url: string;
  host: string;
  statuses: FakeStatus[];
  /** Requests seen, in order, with the time they arrived. */
  requests: { path: string; query: Record<string, string>; any: string[]; at: number }[];
  /** What /api/v2/instance says about anonymous hashtag feeds (null: an older server without the field). */
  timelinesAccess: { local: string; remote: string } | null;
  /** Answer timeline requests with 401, as a server whose feeds need login does. */
  requireLogin: boolean;
  /** Delay before each timeline answer, to catch a collection mid-run. */
  delayMs: number;
  /** Answer the next N timeline requests with 429 and a reset this many ms ahead. */
  rateLimitNext(times: number, resetInMs: number): void;
  close(): Promise<void>;
}

/**
 * A loopback server speaking Mastodon's tag timeline API the way the real one
 * does: newest first, `max_id`/`min_id`/`since_id`, `limit` ≤ 40, `any[]`, Link
 * headers with next/prev (without `any[]`, as Mastodon's), and 429 with an ISO
 * `X-RateLimit-Reset`.
 */
export async function startFakeMastodon(): Promise<FakeInstance> {
  const app = new Hono();
  const state = { limited: 0, resetInMs: 0 };
  const self = {} as FakeInstance;
  self.statuses = [];
  self.requests = [];
  self.delayMs = 0;
  self.timelinesAccess = null;
  self.requireLogin = false;

  app.get("/api/v2/instance", (c) =>
    c.json({
      domain: new URL(c.req.url).host,
      version: "4.5.0",
      configuration: self.timelinesAccess
        ? { timelines_access: { hashtag_feeds: self.timelinesAccess } }
        : {},
    }),
  );
  self.rateLimitNext = (times, resetInMs) => {
    state.limited = times;
    state.resetInMs = resetInMs;
  };

  app.get("/api/v1/timelines/tag/:tag", async (c) => {
    const query = c.req.query();
    self.requests.push({
      path: c.req.path,
      query,
      any: new URL(c.req.url).searchParams.getAll("any[]"),
      at: Date.now(),
    });
    if (self.delayMs > 0) await new Promise((r) => setTimeout(r, self.delayMs));
    if (self.requireLogin) return c.json({ error: "This API requires an authenticated user" }, 401);
    const localOnly = query.local === "true";
    if (state.limited > 0) {
      state.limited--;
      c.header("x-ratelimit-limit", "300");
      c.header("x-ratelimit-remaining", "0");
      c.header("x-ratelimit-reset", new Date(Date.now() + state.resetInMs).toISOString());
      return c.json({ error: "Too many requests" }, 429);
    }
    const tag = c.req.param("tag").toLowerCase();
    const wanted = new Set([
      tag,
      ...new URL(c.req.url).searchParams.getAll("any[]").map((t) => t.toLowerCase()),
    ]);
    const limit = Math.min(Number(query.limit ?? 20), 40);
    const cmp = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
    let list = self.statuses
      .filter((s) => s.tags.some((t) => wanted.has(t)) && (!localOnly || !s.acct.includes("@")))
      .sort((a, b) => cmp(b.id, a.id));
    if (query.max_id) list = list.filter((s) => cmp(s.id, query.max_id as string) < 0);
    if (query.since_id) list = list.filter((s) => cmp(s.id, query.since_id as string) > 0);
    let page: FakeStatus[];
    if (query.min_id) {
      const newer = list.filter((s) => cmp(s.id, query.min_id as string) > 0);
      page = newer.slice(Math.max(0, newer.length - limit)); // the oldest ones right after min_id
    } else {
      page = list.slice(0, limit);
    }
    if (page.length > 0) {
      const base = `${self.url}api/v1/timelines/tag/${tag}?limit=${limit}`;
      const last = page.at(-1) as FakeStatus;
      const first = page[0] as FakeStatus;
      c.header("link", `<${base}&max_id=${last.id}>; rel="next", <${base}&min_id=${first.id}>; rel="prev"`);
    }
    c.header("x-ratelimit-remaining", "299");
    return c.json(page.map((s) => toEntity(s, self.url)));
  });

  app.get("/api/v1/statuses/:id", (c) => {
    self.requests.push({ path: c.req.path, query: {}, any: [], at: Date.now() });
    const s = self.statuses.find((x) => x.id === c.req.param("id"));
    return s ? c.json(toEntity(s, self.url)) : c.json({ error: "Record not found" }, 404);
  });

  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const { port } = server.address() as AddressInfo;
  self.url = `http://127.0.0.1:${port}/`;
  self.host = `127.0.0.1:${port}`;
  self.close = () => new Promise((resolve) => server.close(() => resolve()));
  return self;
}

function toEntity(s: FakeStatus, instanceUrl: string) {
  const [user, domain] = s.acct.split("@");
  return {
    id: s.id,
    created_at: s.created_at,
    visibility: "public",
    language: s.language ?? "de",
    uri: s.uri,
    url: s.uri,
    replies_count: s.replies ?? 0,
    reblogs_count: s.reblogs ?? 0,
    favourites_count: s.favourites ?? 0,
    edited_at: null,
    content: s.content,
    reblog: null,
    account: {
      id: "1",
      username: user,
      acct: s.acct,
      display_name: user,
      url: `${domain ? `http://${domain}/` : instanceUrl}@${user}`,
      followers_count: s.followers,
    },
    tags: s.tags.map((name) => ({ name, url: `${instanceUrl}tags/${name}` })),
  };
}

/** `n` #Clusterwoche statuses by four authors, 90 minutes apart from 21 April 2017 10:00 (Berlin). */
export function clusterwocheStatuses(instance: FakeInstance, n: number): FakeStatus[] {
  return Array.from({ length: n }, (_, i) => ({
    id: String(700 + i),
    uri: `${instance.url}users/u${i % 4}/statuses/${700 + i}`,
    created_at: new Date(Date.parse("2017-04-21T08:00:00Z") + i * 5_400_000).toISOString(),
    content: `<p>Tag ${i} der <a href="#">#<span>Clusterwoche</span></a> – Grüße aus Köln</p>`,
    tags: ["clusterwoche"],
    acct: `u${i % 4}`,
    followers: 1000 * (1 + (i % 4)),
    favourites: i % 5,
  }));
}
