import { createHttpClient, type HttpDeps, type HttpPolicy, type RequestStats } from "../http.ts";
import { HttpError } from "../http-errors.ts";
import { xrpcErrorSchema } from "./schema.ts";

/**
 * Authenticated XRPC (login, refresh, searchPosts) over the shared HTTP
 * policy. What it adds is the XRPC error name of a refusal ("ExpiredToken",
 * "AuthenticationRequired"), which decides between refresh, login and failure. Bearer tokens travel in a header only: they are never
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

export function createXrpcClient(policy: HttpPolicy, deps: HttpDeps): XrpcClient {
  // The shared policy (timeouts, retries, rate limits, body cap, one request per host);
  // what is XRPC's own is the bearer token and reading the error name of a refusal.
  const http = createHttpClient(policy, deps);

  async function request(method: "GET" | "POST", url: string, body: unknown, call: XrpcCall) {
    const headers: Record<string, string> = {};
    if (call.token) headers.authorization = `Bearer ${call.token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    try {
      const res = await http.send(url, {
        method,
        headers,
        signal: call.signal,
        ...(call.stats ? { stats: call.stats } : {}),
        ...(call.maxRetries !== undefined ? { maxRetries: call.maxRetries } : {}),
        // XRPC endpoints do not redirect; following one could hand a password or token to another host.
        redirect: "error",
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return parseJson(res.body, url);
    } catch (err) {
      if (err instanceof HttpError && !(err instanceof XrpcError)) throw errorOf(err.status, url, err.body);
      throw err;
    }
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
