import type { Context } from "hono";
import type { CookieOptions } from "hono/utils/cookie";

export const SESSION_COOKIE = "resonanz_session";

/**
 * Whether the browser reached us over https. Behind a TLS-terminating proxy
 * the app sees plain http; `X-Forwarded-Proto: https` is believed only when
 * the operator says a proxy sets it (config http.trustProxy), because any
 * client can send the header.
 */
export function isHttps(url: string, forwardedProto: string | undefined, trustProxy: boolean): boolean {
  if (new URL(url).protocol === "https:") return true;
  if (!trustProxy || !forwardedProto) return false;
  // A chain of proxies appends; the first value is what the client used.
  return forwardedProto.split(",")[0]?.trim().toLowerCase() === "https";
}

/** The session cookie's attributes: never readable by scripts, never sent cross-site, whole site. */
export function sessionCookieOptions(secure: boolean, maxAgeSeconds: number): CookieOptions {
  return { httpOnly: true, sameSite: "Strict", path: "/", secure, maxAge: maxAgeSeconds };
}

/**
 * The client address the login limiter counts: the socket's peer, or with
 * trustProxy the last X-Forwarded-For entry (the one our proxy appended; the
 * ones before it are whatever the client claimed).
 */
export function clientIp(
  socketAddress: string | undefined,
  forwardedFor: string | undefined,
  trustProxy: boolean,
): string {
  if (trustProxy && forwardedFor) {
    const last = forwardedFor.split(",").pop()?.trim();
    if (last) return last;
  }
  return socketAddress ?? "unknown";
}

/** The socket peer from @hono/node-server's bindings; undefined under app.request() in tests. */
export function socketAddress(c: Context): string | undefined {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress;
}

/**
 * Browsers say where a request came from: Sec-Fetch-Site (every current
 * browser), else Origin. Clients that send neither (curl, scripts) are not
 * browsers a foreign page could drive. The CSRF token is checked as well.
 */
export function fromThisSite(c: Context): boolean {
  const site = c.req.header("sec-fetch-site");
  if (site) return site === "same-origin" || site === "none";
  const origin = c.req.header("origin");
  if (origin && origin !== "null") return origin === new URL(c.req.url).origin;
  return origin !== "null";
}

/** Requests whose answer is JSON (API, downloads): a 401 there is JSON, not a redirect to the login page. */
export function wantsJson(path: string): boolean {
  return (
    path.startsWith("/api/") ||
    path.startsWith("/export/") ||
    path.startsWith("/reports/") ||
    path === "/healthz"
  );
}

/** A form post (urlencoded or multipart), whose fields c.req.parseBody() reads. */
export function isFormBody(c: Context): boolean {
  const type = (c.req.header("content-type") ?? "").toLowerCase();
  return type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data");
}
