import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { type WebSocket, WebSocketServer } from "ws";
import {
  getPostsResponseSchema,
  getProfilesResponseSchema,
  type PostView,
  type ProfileView,
  searchPostsResponseSchema,
  sessionSchema,
} from "../../collectors/bluesky/schema.ts";

/** A Jetstream event as the fake sends it, or a raw string for a malformed message. */
export type FakeItem = { did: string; time_us: number; kind: string; [key: string]: unknown } | string;

export interface FakeConnection {
  query: Record<string, string>;
  /** Messages sent on this connection. */
  sent: number;
  /** The close code the server saw (1000 for a clean close by the client, 1006 for a torn connection). */
  closeCode: number | null;
}

export interface FakeBluesky {
  /** ws:// subscribe endpoint. */
  jetstream: string;
  /** http:// AppView base URL. */
  service: string;
  /** Jetstream's stored history, in time order; a connection gets everything after its cursor. */
  items: FakeItem[];
  posts: Map<string, PostView>;
  profiles: Map<string, ProfileView>;
  connections: FakeConnection[];
  xrpc: { method: string; keys: number; status: number }[];
  /** Delay between Jetstream messages (0: all at once). */
  sendDelayMs: number;
  /** Answer every XRPC request with this status instead (null: answer normally). */
  xrpcStatus: number | null;
  /** Tear the next connection down (no close frame) after it has sent `n` messages. */
  dropNextAfter(n: number): void;
  /** The PDS part (createSession, refreshSession, searchPosts), served from `service` too. */
  pds: FakePds;
  close(): Promise<void>;
}

export interface FakeAccount {
  identifier: string;
  password: string;
  did: string;
  handle: string;
}

export interface FakePds {
  accounts: FakeAccount[];
  /** What searchPosts finds: posts whose text contains `q` (case-insensitive), by `sortAt`. */
  searchable: PostView[];
  /** Every createSession call; the body's identifier and the status answered. */
  logins: { identifier: string; status: number }[];
  refreshes: { status: number }[];
  /** Every searchPosts call: its query, how the bearer token was judged, the status answered. */
  searches: { query: Record<string, string>; auth: string; status: number }[];
  /** Lifetime of issued access tokens (their JWT `exp`), in seconds of `clock`. */
  accessTtlSeconds: number;
  /** The PDS's clock in ms (default Date.now). */
  clock: () => number;
  /** Answer createSession with this status instead (null: check the password). */
  loginStatus: number | null;
  /** Answer the n-th searchPosts call (1-based, counted over all calls) with 503. */
  failSearchNumber: number | null;
  /** Every access token issued so far now answers 400 ExpiredToken. */
  expireAccessTokens(): void;
  /** Every refresh token issued so far is refused (401 InvalidToken). */
  revokeRefreshTokens(): void;
  /** Every access token issued so far is refused (401 InvalidToken), as after a revoked app password. */
  revokeAccessTokens(): void;
  /** Every token issued, access and refresh, for checking that none leaked into logs. */
  issued: string[];
}

/**
 * Loopback stand-ins for Bluesky: a Jetstream websocket that honours
 * `wantedCollections` and `cursor` (only events with a larger `time_us`), and
 * an AppView answering getPosts/getProfiles like the public one (400 beyond
 * 25 keys, unknown keys silently left out). Answers are validated against
 * the collector's own schemas, so the fake cannot drift from them.
 */
export async function startFakeBluesky(): Promise<FakeBluesky> {
  const self = {} as FakeBluesky;
  self.items = [];
  self.posts = new Map();
  self.profiles = new Map();
  self.connections = [];
  self.xrpc = [];
  self.sendDelayMs = 0;
  self.xrpcStatus = null;
  let dropAfter: number | null = null;
  self.dropNextAfter = (n) => {
    dropAfter = n;
  };

  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, path: "/subscribe" });
  await new Promise<void>((resolve) => wss.once("listening", () => resolve()));
  wss.on("connection", (ws, req) => {
    const url = new URL(req.url ?? "/", "ws://fake");
    const conn: FakeConnection = { query: Object.fromEntries(url.searchParams), sent: 0, closeCode: null };
    self.connections.push(conn);
    const drop = dropAfter;
    dropAfter = null;
    ws.on("close", (code) => {
      conn.closeCode = code;
    });
    void replay(ws, conn, url.searchParams, drop);
  });

  async function replay(ws: WebSocket, conn: FakeConnection, query: URLSearchParams, drop: number | null) {
    const wanted = query.getAll("wantedCollections");
    const cursor = query.get("cursor");
    let started = cursor === null;
    for (const item of self.items) {
      if (typeof item !== "string") {
        if (cursor !== null && item.time_us <= Number(cursor)) continue;
        started = true;
        const collection = (item.commit as { collection?: string } | undefined)?.collection;
        if (item.kind === "commit" && wanted.length > 0 && !wanted.includes(collection ?? "")) continue;
      } else if (!started) continue;
      if (ws.readyState !== ws.OPEN) return;
      if (drop !== null && conn.sent >= drop) {
        ws.terminate();
        return;
      }
      ws.send(typeof item === "string" ? item : JSON.stringify(item));
      conn.sent++;
      if (self.sendDelayMs > 0) await new Promise((r) => setTimeout(r, self.sendDelayMs));
    }
  }

  const app = new Hono();
  app.get("/xrpc/app.bsky.feed.getPosts", (c) => {
    const uris = c.req.queries("uris") ?? [];
    const status = answerStatus("getPosts", uris.length);
    if (status !== 200) return c.json({ error: "InvalidRequest", message: "bad request" }, status);
    const body = { posts: uris.flatMap((u) => self.posts.get(u) ?? []) };
    return c.json(getPostsResponseSchema.parse(body));
  });
  app.get("/xrpc/app.bsky.actor.getProfiles", (c) => {
    const actors = c.req.queries("actors") ?? [];
    const status = answerStatus("getProfiles", actors.length);
    if (status !== 200) return c.json({ error: "InvalidRequest", message: "bad request" }, status);
    const body = { profiles: actors.flatMap((a) => self.profiles.get(a) ?? []) };
    return c.json(getProfilesResponseSchema.parse(body));
  });

  self.pds = startFakePds(app);

  function answerStatus(method: string, keys: number): 200 | 400 | 500 | 503 {
    let status: 200 | 400 | 500 | 503 = 200;
    if (self.xrpcStatus !== null) status = self.xrpcStatus as 500 | 503;
    else if (keys === 0 || keys > 25) status = 400;
    self.xrpc.push({ method, keys, status });
    return status;
  }

  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  self.service = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  self.jetstream = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/subscribe`;
  self.close = async () => {
    for (const ws of wss.clients) ws.terminate();
    await Promise.all([
      new Promise<void>((resolve) => wss.close(() => resolve())),
      new Promise<void>((resolve) => server.close(() => resolve())),
    ]);
  };
  return self;
}

const DID_BASE = "did:plc:";

export function fakeDid(name: string): string {
  return `${DID_BASE}${name
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "")
    .padEnd(24, "x")}`;
}

/**
 * A Jetstream commit creating an `app.bsky.feed.post`. With `facets` (the
 * default) every "#word" of the text gets a tag facet at its UTF-8 byte
 * offsets, as the official app writes them.
 */
export function postEvent(p: {
  did: string;
  rkey: string;
  timeUs: number;
  text: string;
  facets?: boolean;
  tags?: string[];
  langs?: string[];
  operation?: "create" | "update";
}): Exclude<FakeItem, string> {
  const facets =
    p.facets === false
      ? undefined
      : [...p.text.matchAll(/#([\p{L}\p{N}_]+)/gu)].map((m) => {
          const byteStart = Buffer.byteLength(p.text.slice(0, m.index));
          return {
            index: { byteStart, byteEnd: byteStart + Buffer.byteLength(m[0]) },
            features: [{ $type: "app.bsky.richtext.facet#tag", tag: m[1] }],
          };
        });
  return {
    did: p.did,
    time_us: p.timeUs,
    kind: "commit",
    commit: {
      rev: `rev${p.timeUs}`,
      operation: p.operation ?? "create",
      collection: "app.bsky.feed.post",
      rkey: p.rkey,
      record: {
        $type: "app.bsky.feed.post",
        createdAt: new Date(p.timeUs / 1000 - 500).toISOString(),
        text: p.text,
        langs: p.langs ?? ["de"],
        ...(facets?.length ? { facets } : {}),
        ...(p.tags ? { tags: p.tags } : {}),
      },
      cid: `bafy${p.timeUs}`,
    },
  };
}

/** Any other commit (like, follow, …) or a post deletion. */
export function otherEvent(
  did: string,
  timeUs: number,
  collection: string,
  operation: "create" | "delete" = "create",
): Exclude<FakeItem, string> {
  return {
    did,
    time_us: timeUs,
    kind: "commit",
    commit: {
      rev: `rev${timeUs}`,
      operation,
      collection,
      rkey: `r${timeUs}`,
      ...(operation === "create" ? { record: { $type: collection, createdAt: "2017-04-20T08:00:00Z" } } : {}),
    },
  };
}

/** The AppView's view of a post event, with counts. */
export function postViewOf(
  event: Exclude<FakeItem, string>,
  handle: string,
  counts: { likes?: number; reposts?: number; replies?: number; quotes?: number } = {},
): PostView {
  const commit = event.commit as { rkey: string; record: PostView["record"] };
  return {
    uri: `at://${event.did}/app.bsky.feed.post/${commit.rkey}`,
    cid: `bafy${event.time_us}`,
    author: { did: event.did, handle, displayName: handle.split(".")[0] as string },
    record: commit.record,
    likeCount: counts.likes ?? 0,
    repostCount: counts.reposts ?? 0,
    replyCount: counts.replies ?? 0,
    quoteCount: counts.quotes ?? 0,
    indexedAt: new Date(event.time_us / 1000).toISOString(),
  };
}

export function profileOf(did: string, handle: string, followers: number): ProfileView {
  return {
    did,
    handle,
    displayName: handle.split(".")[0] as string,
    followersCount: followers,
    followsCount: 10,
    postsCount: 100,
  };
}

/**
 * A PDS's session and search endpoints on the fake's Hono app: createSession
 * checks identifier and password, tokens are JWT-shaped with an `exp`, a
 * refresh rotates both tokens (a used refresh token is refused), and
 * searchPosts needs a live access token and pages with an offset cursor like
 * the real one (sort=latest, since inclusive, until exclusive on `sortAt`).
 */
function startFakePds(app: Hono): FakePds {
  const pds: FakePds = {
    accounts: [],
    searchable: [],
    logins: [],
    refreshes: [],
    searches: [],
    accessTtlSeconds: 7200,
    clock: Date.now,
    loginStatus: null,
    failSearchNumber: null,
    expireAccessTokens: () => {
      for (const t of access.values()) t.state = "expired";
    },
    revokeRefreshTokens: () => {
      for (const t of refresh.values()) t.used = true;
    },
    revokeAccessTokens: () => {
      for (const t of access.values()) t.state = "revoked";
    },
    issued: [],
  };
  const access = new Map<string, { did: string; exp: number; state: "live" | "expired" | "revoked" }>();
  const refresh = new Map<string, { account: FakeAccount; used: boolean }>();
  let serial = 0;

  function issue(account: FakeAccount) {
    const exp = Math.floor(pds.clock() / 1000) + pds.accessTtlSeconds;
    const jwt = (claims: object) =>
      [{ alg: "ES256K", typ: "at+jwt" }, claims, `sig${++serial}`]
        .map((part) =>
          Buffer.from(typeof part === "string" ? part : JSON.stringify(part)).toString("base64url"),
        )
        .join(".");
    const accessJwt = jwt({ sub: account.did, exp, jti: `a${serial}` });
    const refreshJwt = jwt({ sub: account.did, exp: exp + 90 * 86400, jti: `r${serial}` });
    access.set(accessJwt, { did: account.did, exp, state: "live" });
    refresh.set(refreshJwt, { account, used: false });
    pds.issued.push(accessJwt, refreshJwt);
    return sessionSchema.parse({
      did: account.did,
      handle: account.handle,
      accessJwt,
      refreshJwt,
      active: true,
    });
  }

  const bearer = (header: string | undefined) => /^Bearer (.+)$/.exec(header ?? "")?.[1] ?? null;

  app.post("/xrpc/com.atproto.server.createSession", async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { identifier?: string; password?: string };
    const account = pds.accounts.find(
      (a) => a.identifier === body.identifier?.toLowerCase() && a.password === body.password,
    );
    const status = pds.loginStatus ?? (account ? 200 : 401);
    pds.logins.push({ identifier: body.identifier ?? "", status });
    if (status === 401)
      return c.json({ error: "AuthenticationRequired", message: "Invalid identifier or password" }, 401);
    if (status === 429) {
      c.header("ratelimit-reset", String(Math.floor(pds.clock() / 1000) + 300));
      return c.json({ error: "RateLimitExceeded", message: "Rate Limit Exceeded" }, 429);
    }
    if (status !== 200 || !account) return c.json({ error: "InternalServerError" }, status as 500);
    return c.json(issue(account));
  });

  app.post("/xrpc/com.atproto.server.refreshSession", (c) => {
    const token = bearer(c.req.header("authorization"));
    const entry = token ? refresh.get(token) : undefined;
    if (!entry || entry.used) {
      pds.refreshes.push({ status: 401 });
      return c.json({ error: "InvalidToken", message: "Token has been revoked" }, 401);
    }
    entry.used = true;
    pds.refreshes.push({ status: 200 });
    return c.json(issue(entry.account));
  });

  app.get("/xrpc/app.bsky.feed.searchPosts", (c) => {
    const query = Object.fromEntries(new URL(c.req.url).searchParams);
    const token = bearer(c.req.header("authorization"));
    const entry = token ? access.get(token) : undefined;
    const auth = !token
      ? "missing"
      : !entry
        ? "unknown"
        : entry.state === "live" && entry.exp * 1000 <= pds.clock()
          ? "expired"
          : entry.state;
    const answer = (status: number, body: object) => {
      pds.searches.push({ query, auth, status });
      return c.json(body, status as 200);
    };
    if (auth === "missing")
      return answer(401, { error: "AuthenticationRequired", message: "Authentication Required" });
    if (auth === "expired") return answer(400, { error: "ExpiredToken", message: "Token has expired" });
    if (auth !== "live")
      return answer(401, { error: "InvalidToken", message: "Token could not be verified" });
    if (pds.failSearchNumber === pds.searches.length + 1) return answer(503, { error: "UpstreamFailure" });
    const limit = Number(query.limit ?? 25);
    const offset = Number(query.cursor ?? 0);
    if (!query.q || !(limit >= 1 && limit <= 100) || !Number.isInteger(offset) || offset < 0)
      return answer(400, { error: "InvalidRequest", message: "bad params" });
    const q = query.q.toLowerCase();
    const since = query.since ? Date.parse(query.since) : Number.NEGATIVE_INFINITY;
    const until = query.until ? Date.parse(query.until) : Number.POSITIVE_INFINITY;
    const hits = pds.searchable
      .filter((p) => p.record.text.toLowerCase().includes(q))
      .map((p) => ({ p, sortAt: sortAt(p) }))
      .filter((h) => h.sortAt >= since && h.sortAt < until)
      .sort((a, b) => b.sortAt - a.sortAt);
    const page = hits.slice(offset, offset + limit).map((h) => h.p);
    const more = offset + limit < hits.length;
    return answer(
      200,
      searchPostsResponseSchema.parse({
        posts: page,
        hitsTotal: hits.length,
        ...(more ? { cursor: String(offset + limit) } : {}),
      }),
    );
  });
  return pds;
}

/** The AppView sorts and filters search hits by the earlier of createdAt and indexedAt. */
function sortAt(p: PostView): number {
  const indexed = Date.parse(p.indexedAt);
  const created = Date.parse(p.record.createdAt);
  return Number.isNaN(created) ? indexed : Math.min(created, indexed);
}

/** A searchable post: a PostView with text, author and times; tags in the text get facets. */
export function searchableView(p: {
  did: string;
  handle: string;
  rkey: string;
  text: string;
  at: string;
  likes?: number;
  bridgyOriginalUrl?: string;
}): PostView {
  const event = postEvent({ did: p.did, rkey: p.rkey, timeUs: Date.parse(p.at) * 1000, text: p.text });
  const view = postViewOf(event, p.handle, { likes: p.likes ?? 0 });
  if (p.bridgyOriginalUrl) view.record = { ...view.record, bridgyOriginalUrl: p.bridgyOriginalUrl };
  return view;
}
