import WebSocket from "ws";
import { type JetstreamEvent, jetstreamEventSchema, POST_COLLECTION } from "./schema.ts";

/** Opens a websocket; injectable so tests and the server can set headers or point elsewhere. */
export type Connect = (url: string) => WebSocket;

export interface ConsumeOptions {
  /** The subscribe endpoint, e.g. "wss://jetstream2.us-east.bsky.network/subscribe". */
  url: string;
  /** `time_us` to resume after; null starts at the live tail. */
  cursor: string | null;
  /** Stop after this long without a message (counted from the socket's open and each message). */
  idleMs: number;
  /** Stop after this long in total, reconnects included. */
  maxRunMs: number;
  signal: AbortSignal;
  /** Called synchronously, in arrival order, for every well-formed event. */
  onEvent: (event: JetstreamEvent) => void;
  onMalformed?: (reason: string) => void;
  connect?: Connect;
  /** Reconnects allowed per run after the socket failed or dropped (default 5). */
  maxReconnects?: number;
  /** Base of the jittered exponential reconnect backoff (default 500 ms, capped at 15 s). */
  backoffBaseMs?: number;
  random?: () => number;
}

export interface ConsumeResult {
  stop: "idle" | "max-run" | "aborted";
  events: number;
  malformed: number;
  reconnects: number;
  /** `time_us` of the last event handed to `onEvent`; null when none came. */
  lastTimeUs: number | null;
}

/** Jetstream's subscribe URL for posts only, resuming at `cursor`. */
export function jetstreamUrl(base: string, cursor: string | null): string {
  const url = new URL(base);
  url.searchParams.set("wantedCollections", POST_COLLECTION);
  if (cursor) url.searchParams.set("cursor", cursor);
  else url.searchParams.delete("cursor");
  return url.toString();
}

/** Without a handshake timeout a server that accepts TCP but never upgrades would hold the run until maxRunMs. */
export const defaultConnect: Connect = (url) => new WebSocket(url, { handshakeTimeout: 10_000 });

/** How long a clean close may take before the socket is torn down. */
const CLOSE_GRACE_MS = 1000;

/**
 * Reads Jetstream from a cursor until it falls quiet (`idleMs`), the run's
 * time is up (`maxRunMs`) or `signal` aborts, then closes the socket cleanly
 * and resolves. A dropped socket is reopened at the last event seen, with
 * jittered backoff, at most `maxReconnects` times per run; after that the
 * promise rejects. A message that is not a Jetstream event is counted and
 * skipped.
 */
export function consumeJetstream(opts: ConsumeOptions): Promise<ConsumeResult> {
  const connect = opts.connect ?? defaultConnect;
  const maxReconnects = opts.maxReconnects ?? 5;
  const backoffBaseMs = opts.backoffBaseMs ?? 500;
  const random = opts.random ?? Math.random;
  const result: ConsumeResult = { stop: "idle", events: 0, malformed: 0, reconnects: 0, lastTimeUs: null };
  let cursor = opts.cursor;

  return new Promise<ConsumeResult>((resolve, reject) => {
    let socket: WebSocket | null = null;
    let idleTimer: NodeJS.Timeout | undefined;
    let retryTimer: NodeJS.Timeout | undefined;
    let done = false;

    const maxTimer = setTimeout(() => finish("max-run"), opts.maxRunMs);
    const onAbort = () => finish("aborted");
    opts.signal.addEventListener("abort", onAbort, { once: true });

    function armIdle() {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => finish("idle"), opts.idleMs);
    }

    function finish(stop: ConsumeResult["stop"], error?: Error) {
      if (done) return;
      done = true;
      clearTimeout(maxTimer);
      clearTimeout(idleTimer);
      clearTimeout(retryTimer);
      opts.signal.removeEventListener("abort", onAbort);
      result.stop = stop;
      void closeSocket(socket).then(() => (error ? reject(error) : resolve(result)));
    }

    function open() {
      if (done) return;
      let ws: WebSocket;
      try {
        ws = connect(jetstreamUrl(opts.url, cursor));
      } catch (err) {
        // A bad URL or header throws synchronously; here it may run from a timer, so never let it escape.
        finish("aborted", err instanceof Error ? err : new Error(String(err)));
        return;
      }
      socket = ws;
      let failure: string | null = null;
      ws.on("open", () => {
        if (!done) armIdle();
      });
      ws.on("message", (data, isBinary) => {
        if (done || ws !== socket) return;
        armIdle();
        handle(data, isBinary);
      });
      // A failed handshake or a broken connection: "close" follows, which decides what happens.
      ws.on("error", (err) => {
        failure = err.message;
      });
      ws.on("close", (code, reason) => {
        if (done || ws !== socket) return;
        socket = null;
        clearTimeout(idleTimer);
        const why = failure ?? `closed by the server (${code}${reason.length ? ` ${reason}` : ""})`;
        if (result.reconnects >= maxReconnects) {
          finish("aborted", new Error(`jetstream ${why}; gave up after ${result.reconnects} reconnects`));
          return;
        }
        const ceiling = Math.min(15_000, backoffBaseMs * 2 ** result.reconnects);
        result.reconnects++;
        retryTimer = setTimeout(open, Math.round(ceiling / 2 + (random() * ceiling) / 2));
      });
    }

    function handle(data: WebSocket.RawData, isBinary: boolean) {
      let json: unknown;
      try {
        json = JSON.parse(rawToString(data));
      } catch {
        malformed(`${isBinary ? "binary" : "text"} message is not JSON`);
        return;
      }
      const parsed = jetstreamEventSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        malformed(`${issue?.path.join(".") || "event"}: ${issue?.message}`);
        return;
      }
      result.events++;
      result.lastTimeUs = parsed.data.time_us;
      cursor = String(parsed.data.time_us);
      try {
        opts.onEvent(parsed.data);
      } catch (err) {
        finish("aborted", err instanceof Error ? err : new Error(String(err)));
      }
    }

    function malformed(reason: string) {
      result.malformed++;
      opts.onMalformed?.(reason);
    }

    if (opts.signal.aborted) finish("aborted");
    else open();
  });
}

/** Sends a close frame and waits briefly for the server's; a socket still connecting is dropped. */
function closeSocket(ws: WebSocket | null): Promise<void> {
  if (!ws || ws.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const grace = setTimeout(() => {
      ws.terminate();
      resolve();
    }, CLOSE_GRACE_MS);
    ws.once("close", () => {
      clearTimeout(grace);
      resolve();
    });
    if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
    else if (ws.readyState === WebSocket.OPEN) ws.close(1000, "done");
  });
}

function rawToString(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString("utf8");
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.from(data).toString("utf8");
}
