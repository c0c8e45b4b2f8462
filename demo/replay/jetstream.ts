import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { type RawData, type WebSocket, WebSocketServer } from "ws";
import type { World, WorldAuthor, WorldPost } from "../world/model.ts";
import { blueskyIndex, countUpTo, didOf, hash32, POST_COLLECTION, postRecord, recordCid } from "./bluesky.ts";
import type { WorldClock } from "./clock.ts";

/**
 * Jetstream v1 for the demo world, on the path `/subscribe` of a server (as
 * wss://jetstream2.us-east.bsky.network/subscribe): every Bluesky post of the
 * world (campaign and noise) is a `commit` create of `app.bsky.feed.post`,
 * plus a few `identity`/`account` events, with strictly increasing `time_us`.
 *
 * Query parameters as the real service reads them: `wantedCollections` (NSIDs
 * or `prefix.*`; identity and account events are sent regardless, as the
 * README says), `wantedDids`, `cursor` (unix µs: replay events after it; none
 * or a future one = live tail from connect time), `maxMessageSizeBytes`,
 * `requireHello` (wait for an `options_update` message). Subscribers may send
 * `{"type":"options_update","payload":{…}}` to change their filters.
 * `compress`/zstd is not offered: messages are always JSON text.
 */

export interface JetstreamOptions {
  /** How often live subscribers are checked for newly visible events (default 200 ms). */
  pollMs?: number;
}

export interface JetstreamHandle {
  /** Closes every subscriber (1001 "going away") and detaches from the server. */
  close(): Promise<void>;
}

interface DidEvent {
  kind: "identity" | "account";
  author: WorldAuthor;
  seq: number;
}

interface Timeline {
  /** Event time, unix µs, strictly increasing. */
  timeUs: Float64Array;
  /** World ms from which the event exists (its post's createdAt). */
  visibleAt: Float64Array;
  items: (WorldPost | DidEvent)[];
  dids: string[];
}

interface Filter {
  /** null: all collections. */
  collections: { full: Set<string>; prefixes: string[] } | null;
  /** null: all repos. */
  dids: Set<string> | null;
  maxBytes: number;
}

const COLLECTION_NSID = /^[a-zA-Z]([a-zA-Z0-9-]{0,62})?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,62})?)+$/;
const DID = /^did:[a-z]+:[a-zA-Z0-9._:%-]*[a-zA-Z0-9._-]$/;
const HIGH_WATER = 4 * 1024 * 1024;
const BATCH = 500;

const timelines = new WeakMap<World, Timeline>();

/** The world's firehose, in order: built once per world. */
function timelineOf(world: World): Timeline {
  const cached = timelines.get(world);
  if (cached) return cached;
  const index = blueskyIndex(world);
  type Raw = { raw: number; at: number; tie: number; item: WorldPost | DidEvent; did: string };
  const raws: Raw[] = index.posts.map((p) => ({
    raw: p.createdAt * 1000 + (hash32(p.rkey as string) % 1000),
    at: p.createdAt,
    tie: p.id,
    item: p,
    did: didOf(index, p),
  }));
  // A few accounts re-announce their identity during the week (a handle or key change), as on the real firehose.
  const span = Math.max(1, world.end - world.start);
  const first = index.byDid.values().next().value;
  for (const a of index.byDid.values()) {
    if (a !== first && hash32(`${a.did}:identity`) % 40 !== 0) continue;
    const at = a === first ? world.start + 3_600_000 : world.start + (hash32(`${a.did}:when`) % span);
    const micro = hash32(`${a.did}:us`) % 900;
    const did = a.did as string;
    raws.push({ raw: at * 1000 + micro, at, tie: -2, item: { kind: "identity", author: a, seq: 0 }, did });
    raws.push({
      raw: at * 1000 + micro + 37,
      at,
      tie: -1,
      item: { kind: "account", author: a, seq: 0 },
      did,
    });
  }
  raws.sort((a, b) => a.raw - b.raw || a.tie - b.tie);
  const n = raws.length;
  const timeline: Timeline = {
    timeUs: new Float64Array(n),
    visibleAt: new Float64Array(n),
    items: new Array(n),
    dids: new Array(n),
  };
  let prev = 0;
  let seq = 3_100_000_000;
  for (let i = 0; i < n; i++) {
    const r = raws[i] as Raw;
    const t = Math.max(r.raw, prev + 1);
    prev = t;
    timeline.timeUs[i] = t;
    timeline.visibleAt[i] = r.at;
    seq += 1 + (hash32(`${r.did}:${i}`) % 5000);
    if ("kind" in r.item) r.item.seq = seq;
    timeline.items[i] = r.item;
    timeline.dids[i] = r.did;
  }
  timelines.set(world, timeline);
  return timeline;
}

/** The JSON text of event `i`, exactly as Jetstream would send it. */
function eventJson(world: World, tl: Timeline, i: number): string {
  const item = tl.items[i] as WorldPost | DidEvent;
  const did = tl.dids[i] as string;
  const timeUs = tl.timeUs[i] as number;
  if ("kind" in item) {
    const time = new Date(Math.floor(timeUs / 1000) - 300).toISOString();
    const body =
      item.kind === "identity" ? { did, seq: item.seq, time } : { active: true, did, seq: item.seq, time };
    return JSON.stringify({ did, time_us: timeUs, kind: item.kind, [item.kind]: body });
  }
  const index = blueskyIndex(world);
  const record = postRecord(index, item);
  const rkey = item.rkey as string;
  return JSON.stringify({
    did,
    time_us: timeUs,
    kind: "commit",
    commit: {
      rev: tidFromMicros(timeUs + 1000 + (hash32(`${rkey}:rev`) % 400_000), hash32(did) % 1024),
      operation: "create",
      collection: POST_COLLECTION,
      rkey,
      record,
      cid: recordCid(record),
    },
  });
}

const B32_SORT = "234567abcdefghijklmnopqrstuvwxyz";

/** An AT Protocol TID from unix microseconds and a 10-bit clock id. */
function tidFromMicros(us: number, clockId: number): string {
  let v = (BigInt(Math.floor(us)) << 10n) | BigInt(clockId & 1023);
  let out = "";
  for (let i = 0; i < 13; i++) {
    out = B32_SORT[Number(v & 31n)] + out;
    v >>= 5n;
  }
  return out;
}

function wants(filter: Filter, item: WorldPost | DidEvent, did: string): boolean {
  if (filter.dids && !filter.dids.has(did)) return false;
  if ("kind" in item || !filter.collections) return true;
  const { full, prefixes } = filter.collections;
  return full.has(POST_COLLECTION) || prefixes.some((p) => POST_COLLECTION.startsWith(p));
}

/** Jetstream's own query validation; a string is the 400 answer. */
function parseFilter(
  collections: string[],
  dids: string[],
  maxBytes: string | number | null,
): Filter | string {
  const split = (values: string[]) => (values.length === 1 ? (values[0] as string).split(",") : values);
  const full = new Set<string>();
  const prefixes: string[] = [];
  for (const c of split(collections).filter(Boolean)) {
    if (c.endsWith(".*")) prefixes.push(c.slice(0, -1));
    else if (COLLECTION_NSID.test(c)) full.add(c);
    else return `invalid collection: ${c}`;
  }
  if (full.size + prefixes.length > 100) return "too many wanted collections";
  const wantedDids = new Set<string>();
  for (const d of split(dids).filter(Boolean)) {
    if (!DID.test(d)) return `invalid did: ${d}`;
    wantedDids.add(d);
  }
  if (wantedDids.size > 10_000) return "too many wanted DIDs";
  const max = Number(maxBytes ?? 0);
  return {
    collections: full.size + prefixes.length > 0 ? { full, prefixes } : null,
    dids: wantedDids.size > 0 ? wantedDids : null,
    maxBytes: Number.isFinite(max) && max > 0 ? Math.floor(max) : 0,
  };
}

function rejectUpgrade(socket: Duplex, status: number, reason: string, body: string): void {
  if (socket.destroyed) return;
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=UTF-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

interface Subscriber {
  ws: WebSocket;
  filter: Filter;
  /** Index of the next event to consider. */
  pos: number;
  waitingForHello: boolean;
  scheduled: boolean;
}

export function attachJetstream(
  server: Server,
  world: World,
  clock: WorldClock,
  opts: JetstreamOptions = {},
): JetstreamHandle {
  const tl = timelineOf(world);
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const subscribers = new Set<Subscriber>();
  let closed = false;

  /** Index of the first event not visible at world time `ms`. */
  const edge = (ms: number) => countUpTo(tl.visibleAt, ms);

  const pump = (sub: Subscriber) => {
    sub.scheduled = false;
    const ws = sub.ws;
    if (closed || sub.waitingForHello || ws.readyState !== ws.OPEN) return;
    const end = edge(clock.now());
    let sent = 0;
    while (sub.pos < end && sent < BATCH && ws.bufferedAmount < HIGH_WATER) {
      const i = sub.pos++;
      if (!wants(sub.filter, tl.items[i] as WorldPost | DidEvent, tl.dids[i] as string)) continue;
      const text = eventJson(world, tl, i);
      if (sub.filter.maxBytes > 0 && Buffer.byteLength(text) > sub.filter.maxBytes) continue;
      ws.send(text);
      sent++;
    }
    if (sub.pos < end && !sub.scheduled) {
      // Replaying a backlog: keep going soon, slower while the socket's buffer is full.
      sub.scheduled = true;
      if (ws.bufferedAmount < HIGH_WATER) setImmediate(pump, sub);
      else setTimeout(pump, 20, sub);
    }
  };

  const onMessage = (sub: Subscriber, data: RawData) => {
    let msg: unknown;
    try {
      msg = JSON.parse(Buffer.isBuffer(data) ? data.toString("utf8") : String(data));
    } catch {
      return;
    }
    const m = msg as { type?: unknown; payload?: Record<string, unknown> };
    if (m?.type !== "options_update" || !m.payload || typeof m.payload !== "object") return;
    const p = m.payload;
    const list = (v: unknown) =>
      Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
    const filter = parseFilter(
      list(p.wantedCollections),
      list(p.wantedDids),
      typeof p.maxMessageSizeBytes === "number" ? p.maxMessageSizeBytes : 0,
    );
    if (typeof filter === "string") return;
    sub.filter = filter;
    sub.waitingForHello = false;
    pump(sub);
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (closed) return rejectUpgrade(socket, 503, "Service Unavailable", "shutting down");
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== "/subscribe") return rejectUpgrade(socket, 404, "Not Found", "Not Found");
    const q = url.searchParams;
    const filter = parseFilter(
      q.getAll("wantedCollections"),
      q.getAll("wantedDids"),
      q.get("maxMessageSizeBytes"),
    );
    if (typeof filter === "string") return rejectUpgrade(socket, 400, "Bad Request", filter);
    const rawCursor = q.get("cursor");
    if (rawCursor !== null && rawCursor !== "" && !/^-?\d+$/.test(rawCursor))
      return rejectUpgrade(socket, 400, "Bad Request", "bad request");

    wss.handleUpgrade(req, socket, head, (ws) => {
      const nowMs = clock.now();
      const cursor = rawCursor ? Number(rawCursor) : null;
      // No cursor, or one from the future: live tail from now. Otherwise every event after the cursor.
      const pos =
        cursor === null || cursor > nowMs * 1000 ? edge(nowMs) : countUpTo(tl.timeUs, Math.max(cursor, 0));
      const sub: Subscriber = {
        ws,
        filter,
        pos,
        waitingForHello: q.get("requireHello") === "true",
        scheduled: false,
      };
      subscribers.add(sub);
      ws.on("message", (data) => onMessage(sub, data));
      ws.on("error", () => ws.terminate());
      ws.on("close", () => subscribers.delete(sub));
      pump(sub);
    });
  };

  server.on("upgrade", onUpgrade);
  const timer = setInterval(() => {
    for (const sub of subscribers) if (!sub.scheduled) pump(sub);
  }, opts.pollMs ?? 200);
  timer.unref();

  return {
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      clearInterval(timer);
      server.off("upgrade", onUpgrade);
      const waits = [...subscribers].map(
        (sub) =>
          new Promise<void>((resolve) => {
            const ws = sub.ws;
            if (ws.readyState === ws.CLOSED) return resolve();
            const grace = setTimeout(() => {
              ws.terminate();
              resolve();
            }, 1000);
            ws.once("close", () => {
              clearTimeout(grace);
              resolve();
            });
            ws.close(1001, "server shutting down");
          }),
      );
      return Promise.all(waits).then(
        () =>
          new Promise<void>((resolve) => {
            wss.close(() => resolve());
          }),
      );
    },
  };
}
