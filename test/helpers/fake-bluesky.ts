import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { type WebSocket, WebSocketServer } from "ws";
import {
  getPostsResponseSchema,
  getProfilesResponseSchema,
  type PostView,
  type ProfileView,
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
  close(): Promise<void>;
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
