import {
  AbortedError,
  HttpError,
  NetworkError,
  RateLimitError,
  ResponseTooLargeError,
  TimeoutError,
} from "./http-errors.ts";

export interface HttpPolicy {
  timeoutMs: number;
  /** Retries after the first attempt, for 408, 429, 5xx, timeouts and network errors. */
  maxRetries: number;
  /** A rate-limit reset further away than this fails the request instead of blocking the run. */
  maxRateLimitWaitMs: number;
  /** Base of the exponential backoff; the actual wait is jittered in [base·2^n / 2, base·2^n]. */
  backoffBaseMs: number;
  /** Larger bodies are refused (ResponseTooLargeError) before they can exhaust memory. */
  maxResponseBytes?: number;
  userAgent: string;
}

export interface HttpDeps {
  fetch: typeof fetch;
  /** Resolves after `ms`, rejects with AbortedError when `signal` aborts. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  random: () => number;
  now: () => number;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: string;
  /** The URL that answered, after redirects: relative links resolve against it. */
  url: string;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 20 * 1024 * 1024;

export interface RequestStats {
  requests: number;
  retries: number;
  rateLimitWaitMs: number;
}

export interface RequestOptions {
  signal: AbortSignal;
  stats?: RequestStats;
  headers?: Record<string, string>;
}

export interface SendOptions extends RequestOptions {
  method?: "GET" | "POST";
  /** A request body, sent as is (set the content-type header). */
  body?: string;
  /** Retries after the first attempt (default: the policy's); a login passes 0. */
  maxRetries?: number;
  /** "error" where a redirect could hand credentials to another host. */
  redirect?: "follow" | "error";
}

export interface HttpClient {
  /** GET; a 2xx or 304 answer, else a typed error. */
  get(url: string, opts: RequestOptions): Promise<HttpResponse>;
  /** Any method, same policy; a refusal's HttpError carries the start of its body. */
  send(url: string, opts: SendOptions): Promise<HttpResponse>;
}

export function newRequestStats(): RequestStats {
  return { requests: 0, retries: 0, rateLimitWaitMs: 0 };
}

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new AbortedError());
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortedError());
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

const RETRYABLE = new Set([408, 429, 500, 502, 503, 504]);

/** The error for a final non-2xx answer, keeping the start of its body (an API's error name). */
function refusal(res: HttpResponse, url: string): HttpError {
  return new HttpError(res.status, url, undefined, res.body.slice(0, 4096));
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Reads a body up to `max` bytes: a declared or actual larger one is refused, not buffered. */
async function readBody(res: Response, url: string, max: number): Promise<string> {
  const declared = Number(res.headers.get("content-length") ?? Number.NaN);
  if (declared > max) {
    await res.body?.cancel();
    throw new ResponseTooLargeError(url, max);
  }
  if (!res.body) return "";
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

/**
 * The one HTTP policy every collector goes through: a timeout per attempt,
 * bounded retries with jittered exponential backoff, and on 429 a wait until
 * the server's reset time (Retry-After, X-RateLimit-Reset as ISO time as
 * Mastodon sends it, or RateLimit-Reset in seconds). Non-2xx answers that are
 * not retryable become HttpError at once.
 */
export function createHttpClient(policy: HttpPolicy, deps: HttpDeps): HttpClient {
  // One request at a time per host: collectors running side by side (a timeline
  // poll and a count refresh on the same instance) queue instead of doubling the load.
  const queues = new Map<string, Promise<unknown>>();
  function oneAtATime<T>(host: string, task: () => Promise<T>): Promise<T> {
    const previous = queues.get(host) ?? Promise.resolve();
    const run = previous.then(task, task);
    const settled = run.catch(() => {});
    queues.set(host, settled);
    void settled.then(() => {
      if (queues.get(host) === settled) queues.delete(host);
    });
    return run;
  }

  async function attempt(url: string, opts: SendOptions): Promise<HttpResponse> {
    const { signal, headers = {} } = opts;
    const timeout = AbortSignal.timeout(policy.timeoutMs);
    try {
      const res = await deps.fetch(url, {
        method: opts.method ?? "GET",
        headers: { "user-agent": policy.userAgent, accept: "application/json", ...headers },
        signal: AbortSignal.any([signal, timeout]),
        redirect: opts.redirect ?? "follow",
        ...(opts.body !== undefined ? { body: opts.body } : {}),
      });
      const body = await readBody(res, url, policy.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
      return { status: res.status, headers: res.headers, body, url: res.url || url };
    } catch (err) {
      if (err instanceof ResponseTooLargeError) throw err;
      if (signal.aborted) throw new AbortedError();
      if (timeout.aborted) throw new TimeoutError(url, policy.timeoutMs);
      throw new NetworkError(url, err);
    }
  }

  return {
    get(url, opts) {
      return oneAtATime(hostOf(url), () => withRetries(url, opts));
    },
    send(url, opts) {
      return oneAtATime(hostOf(url), () => withRetries(url, opts));
    },
  };

  async function withRetries(url: string, opts: SendOptions): Promise<HttpResponse> {
    const { signal, stats = newRequestStats() } = opts;
    const maxRetries = opts.maxRetries ?? policy.maxRetries;
    for (let n = 0; ; n++) {
      stats.requests++;
      let res: HttpResponse | null = null;
      let failure: Error | null = null;
      try {
        res = await attempt(url, opts);
      } catch (err) {
        if (err instanceof AbortedError || err instanceof ResponseTooLargeError) throw err;
        failure = err as Error;
      }
      if (res && !RETRYABLE.has(res.status)) {
        if (res.status >= 200 && res.status < 300) return res;
        if (res.status === 304) return res;
        throw refusal(res, url);
      }
      const last = n >= maxRetries;
      let waitMs: number;
      if (res?.status === 429) {
        const reset = rateLimitWaitMs(res.headers, deps.now());
        if (reset !== null && reset > policy.maxRateLimitWaitMs) throw new RateLimitError(url, reset);
        if (last) throw new RateLimitError(url, null);
        waitMs = reset ?? backoff(n);
        stats.rateLimitWaitMs += waitMs;
      } else {
        if (last) throw failure ?? (res ? refusal(res, url) : new HttpError(0, url));
        // Only Retry-After speaks for a 5xx/408: Mastodon sends X-RateLimit-Reset on every
        // answer, and waiting for the next rate-limit window would stall a run for minutes.
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
}

/** A small margin covers clock skew between us and the server. */
const MARGIN_MS = 250;

/** The wait a Retry-After header asks for (seconds or an HTTP date); null without one. */
export function retryAfterMs(headers: Headers, nowMs: number): number | null {
  const retryAfter = headers.get("retry-after")?.trim();
  if (!retryAfter) return null;
  if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
  const at = Date.parse(retryAfter);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs) + MARGIN_MS;
}

/**
 * How long a rate-limited (429) server wants us to wait, from whichever header
 * it sent; null when it sent none.
 */
export function rateLimitWaitMs(headers: Headers, nowMs: number): number | null {
  const margin = MARGIN_MS;
  const retryAfter = retryAfterMs(headers, nowMs);
  if (retryAfter !== null) return retryAfter;
  // Mastodon sends X-RateLimit-Reset as an ISO time; others send RateLimit-Reset in seconds.
  for (const name of ["x-ratelimit-reset", "ratelimit-reset"]) {
    const value = headers.get(name)?.trim();
    if (!value) continue;
    if (/^\d+$/.test(value)) {
      const v = Number(value);
      // The draft standard says delta-seconds; Bluesky sends a Unix time. Tell them apart by size.
      return v > 1_000_000_000 ? Math.max(0, v * 1000 - nowMs) + margin : v * 1000;
    }
    const at = Date.parse(value);
    if (!Number.isNaN(at)) return Math.max(0, at - nowMs) + margin;
  }
  return null;
}
