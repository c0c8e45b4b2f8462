import {
  DEFAULT_MAX_RESPONSE_BYTES,
  type HttpDeps,
  type HttpPolicy,
  newRequestStats,
  type RequestStats,
  rateLimitWaitMs,
  retryAfterMs,
} from "../http.ts";
import {
  AbortedError,
  HttpError,
  NetworkError,
  RateLimitError,
  ResponseTooLargeError,
  TimeoutError,
} from "../http-errors.ts";
import { xrpcErrorSchema } from "./schema.ts";

/**
 * Authenticated XRPC (login, refresh, searchPosts) next to the shared
 * HttpClient, which only GETs and drops error bodies. It follows the same
 * policy values and fetch dependency: a timeout per attempt, bounded jittered
 * retries on 408/429/5xx and network failures, rate-limit resets honoured or
 * failed fast. Unlike HttpClient it reads the XRPC error name of a refusal
 * ("ExpiredToken", "AuthenticationRequired"), which decides between refresh,
 * login and failure. Bearer tokens travel in a header only: they are never
 * part of a URL, an error or a log line.
 */
export interface XrpcCall {
  signal: AbortSignal;
  stats?: RequestStats;
  /** Sent as `Authorization: Bearer …`. */
  token?: string;
  /** Retries after the first attempt (default: the policy's). Logins pass 0: they are rate-limited hard. */
  maxRetries?: number;
}

export interface XrpcClient {
  /** GET; resolves with the parsed JSON body of a 2xx answer, rejects with XrpcError otherwise. */
  get(url: string, call: XrpcCall): Promise<unknown>;
  /** POST with a JSON body (none when `body` is undefined). */
  post(url: string, body: unknown, call: XrpcCall): Promise<unknown>;
}

/** A non-2xx XRPC answer with the error name and message the server gave. */
export class XrpcError extends HttpError {
  override name = "XrpcError";
  constructor(
    status: number,
    url: string,
    /** The XRPC error name, e.g. "ExpiredToken"; null when the body had none. */
    readonly error: string | null,
    readonly serverMessage: string | null,
  ) {
    super(status, url, `HTTP ${status} from ${url}${error ? `: ${error}` : ""}`);
  }
}

const RETRYABLE = new Set([408, 429, 500, 502, 503, 504]);

export function createXrpcClient(policy: HttpPolicy, deps: HttpDeps): XrpcClient {
  const maxBytes = policy.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;

  async function attempt(url: string, init: RequestInit, signal: AbortSignal) {
    const timeout = AbortSignal.timeout(policy.timeoutMs);
    try {
      const res = await deps.fetch(url, { ...init, signal: AbortSignal.any([signal, timeout]) });
      return { status: res.status, headers: res.headers, body: await readCapped(res, url, maxBytes) };
    } catch (err) {
      if (err instanceof ResponseTooLargeError) throw err;
      if (signal.aborted) throw new AbortedError();
      if (timeout.aborted) throw new TimeoutError(url, policy.timeoutMs);
      throw new NetworkError(url, err);
    }
  }

  async function request(method: "GET" | "POST", url: string, body: unknown, call: XrpcCall) {
    const { signal, stats = newRequestStats(), token } = call;
    const maxRetries = call.maxRetries ?? policy.maxRetries;
    const headers: Record<string, string> = { "user-agent": policy.userAgent, accept: "application/json" };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    const init: RequestInit = {
      method,
      headers,
      // XRPC endpoints do not redirect; following one could hand a password or token to another host.
      redirect: "error",
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    };
    for (let n = 0; ; n++) {
      stats.requests++;
      let res: Awaited<ReturnType<typeof attempt>> | null = null;
      let failure: Error | null = null;
      try {
        res = await attempt(url, init, signal);
      } catch (err) {
        if (err instanceof AbortedError || err instanceof ResponseTooLargeError) throw err;
        failure = err as Error;
      }
      if (res && res.status >= 200 && res.status < 300) return parseJson(res.body, url);
      if (res && !RETRYABLE.has(res.status)) throw errorOf(res.status, url, res.body);
      const last = n >= maxRetries;
      let waitMs: number;
      if (res?.status === 429) {
        const reset = rateLimitWaitMs(res.headers, deps.now());
        if (reset !== null && reset > policy.maxRateLimitWaitMs) throw new RateLimitError(url, reset);
        if (last) throw new RateLimitError(url, null);
        waitMs = reset ?? backoff(n);
        stats.rateLimitWaitMs += waitMs;
      } else {
        if (last) throw failure ?? errorOf(res?.status ?? 0, url, res?.body ?? "");
        const retryAfter = res ? retryAfterMs(res.headers, deps.now()) : null;
        waitMs = retryAfter !== null && retryAfter <= policy.maxRateLimitWaitMs ? retryAfter : backoff(n);
      }
      stats.retries++;
      await deps.sleep(waitMs, signal);
    }
  }

  function backoff(n: number): number {
    const ceiling = policy.backoffBaseMs * 2 ** n;
    return Math.round(ceiling / 2 + (deps.random() * ceiling) / 2);
  }

  return {
    get: (url, call) => request("GET", url, undefined, call),
    post: (url, body, call) => request("POST", url, body, call),
  };
}

function parseJson(body: string, url: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new Error(`${methodOf(url)} did not answer with JSON`);
  }
}

function errorOf(status: number, url: string, body: string): XrpcError {
  let parsed: { error?: string | undefined; message?: string | undefined } = {};
  try {
    const r = xrpcErrorSchema.safeParse(JSON.parse(body));
    if (r.success) parsed = r.data;
  } catch {
    // Not JSON (a proxy's HTML page): the status alone must do.
  }
  // Names are short identifiers; anything else is not echoed into errors and logs.
  const name = parsed.error && /^[A-Za-z][A-Za-z0-9]{0,63}$/.test(parsed.error) ? parsed.error : null;
  return new XrpcError(status, url, name, parsed.message?.slice(0, 200) ?? null);
}

/** "…/xrpc/app.bsky.feed.searchPosts?q=…" → "app.bsky.feed.searchPosts". */
export function methodOf(url: string): string {
  return /\/xrpc\/([^?#]+)/.exec(url)?.[1] ?? url;
}

async function readCapped(res: Response, url: string, max: number): Promise<string> {
  const declared = Number(res.headers.get("content-length") ?? Number.NaN);
  if (declared > max || !res.body) {
    await res.body?.cancel();
    if (declared > max) throw new ResponseTooLargeError(url, max);
    return "";
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      throw new ResponseTooLargeError(url, max);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
