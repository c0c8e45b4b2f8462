import type { Logger } from "pino";
import type { RequestStats } from "../http.ts";
import { AbortedError, RateLimitError } from "../http-errors.ts";
import { xrpcMethodUrl } from "./api.ts";
import { type SessionView, sessionSchema } from "./schema.ts";
import { type XrpcClient, XrpcError } from "./xrpc.ts";

/** An account's handle (or DID or e-mail) and app password; `pds` defaults to DEFAULT_PDS. */
export interface BlueskyAuth {
  identifier: string;
  password: string;
  pds?: string;
}

export const DEFAULT_PDS = "https://bsky.social";
/**
 * createSession is limited to 30 calls per 5 minutes and 300 per day per
 * account, and a locked-out account stays locked: after a failed login the
 * next attempt waits this long, however often runs ask.
 */
export const LOGIN_RETRY_AFTER_MS = 5 * 60_000;
export const LOGIN_FAILED = "Bluesky login failed: check BLUESKY_HANDLE / BLUESKY_APP_PASSWORD";
/** An access token this close to its `exp` is refreshed before use rather than sent to fail. */
const EXPIRY_MARGIN_MS = 60_000;

export class BlueskyLoginError extends Error {
  override name = "BlueskyLoginError";
}

export interface SessionManager {
  readonly pds: string;
  /**
   * Runs `call` with a valid access token, logging in first when needed. On
   * `ExpiredToken` the session is refreshed and `call` repeated once; on a
   * token the server no longer accepts, it logs in again and repeats once.
   */
  withAuth<T>(signal: AbortSignal, stats: RequestStats, call: (accessJwt: string) => Promise<T>): Promise<T>;
}

interface Session {
  did: string;
  accessJwt: string;
  refreshJwt: string;
  /** The access token's `exp` in ms, when it could be read. */
  accessExpiresAt: number | null;
}

/**
 * One account's session, kept in memory for the life of the collector (never
 * stored, never logged): one login, then refreshes, and a new login only when
 * the refresh token is refused.
 */
export function createSessionManager(
  auth: BlueskyAuth,
  deps: { xrpc: XrpcClient; now: () => number; log: Logger },
): SessionManager {
  const pds = auth.pds ?? DEFAULT_PDS;
  let session: Session | null = null;
  let lastFailure: { at: number; message: string } | null = null;

  async function login(signal: AbortSignal, stats: RequestStats): Promise<Session> {
    session = null;
    const now = deps.now();
    if (lastFailure && now - lastFailure.at < LOGIN_RETRY_AFTER_MS) {
      const next = new Date(lastFailure.at + LOGIN_RETRY_AFTER_MS).toISOString();
      throw new BlueskyLoginError(`${lastFailure.message} (next login attempt after ${next})`);
    }
    try {
      const body = { identifier: auth.identifier, password: auth.password };
      const json = await deps.xrpc.post(xrpcMethodUrl(pds, "com.atproto.server.createSession"), body, {
        signal,
        stats,
        maxRetries: 0,
      });
      session = toSession(json, "createSession");
    } catch (err) {
      if (err instanceof AbortedError) throw err;
      const message = loginFailureMessage(err, pds);
      lastFailure = { at: now, message };
      deps.log.warn({ pds, err: message }, "bluesky login failed");
      throw new BlueskyLoginError(message);
    }
    lastFailure = null;
    deps.log.info({ pds, did: session.did }, "bluesky session created");
    return session;
  }

  /** Trades the refresh token for new tokens; when that is refused, logs in again. */
  async function refresh(signal: AbortSignal, stats: RequestStats): Promise<Session> {
    const current = session;
    if (!current) return login(signal, stats);
    try {
      const url = xrpcMethodUrl(pds, "com.atproto.server.refreshSession");
      const json = await deps.xrpc.post(url, undefined, {
        signal,
        stats,
        token: current.refreshJwt,
        maxRetries: 0,
      });
      session = toSession(json, "refreshSession");
      deps.log.debug({ pds, did: session.did }, "bluesky session refreshed");
      return session;
    } catch (err) {
      if (err instanceof AbortedError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      deps.log.info({ pds, err: message }, "bluesky session refresh refused; logging in again");
      return login(signal, stats);
    }
  }

  async function current(signal: AbortSignal, stats: RequestStats): Promise<Session> {
    if (!session) return login(signal, stats);
    const exp = session.accessExpiresAt;
    if (exp !== null && deps.now() >= exp - EXPIRY_MARGIN_MS) return refresh(signal, stats);
    return session;
  }

  return {
    pds,
    async withAuth(signal, stats, call) {
      const s = await current(signal, stats);
      try {
        return await call(s.accessJwt);
      } catch (err) {
        if (!(err instanceof XrpcError)) throw err;
        let next: Session;
        if (isExpired(err)) next = await refresh(signal, stats);
        else if (isRefused(err)) next = await login(signal, stats);
        else throw err;
        return await call(next.accessJwt);
      }
    },
  };
}

function isExpired(err: XrpcError): boolean {
  return (err.status === 400 || err.status === 401) && err.error === "ExpiredToken";
}

/** The token is not (or no longer) accepted: revoked app password, signed by a rotated key, … */
function isRefused(err: XrpcError): boolean {
  return err.status === 401 && (err.error === "InvalidToken" || err.error === "AuthenticationRequired");
}

function toSession(json: unknown, method: string): Session {
  const parsed = sessionSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${method} answered in an unexpected shape`);
  const s: SessionView = parsed.data;
  return {
    did: s.did,
    accessJwt: s.accessJwt,
    refreshJwt: s.refreshJwt,
    accessExpiresAt: jwtExpiry(s.accessJwt),
  };
}

/** The `exp` claim of a JWT in ms, read without verifying (the server verifies); null when unreadable. */
export function jwtExpiry(jwt: string): number | null {
  const payload = jwt.split(".")[1];
  if (!payload) return null;
  try {
    const exp = (JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { exp?: unknown }).exp;
    return typeof exp === "number" && Number.isFinite(exp) ? exp * 1000 : null;
  } catch {
    return null;
  }
}

/** A message that says what to do, and never the password. */
function loginFailureMessage(err: unknown, pds: string): string {
  if (err instanceof XrpcError) {
    if (err.error === "AuthFactorTokenRequired")
      return `${LOGIN_FAILED} (the account asks for a sign-in code: use an app password)`;
    if (err.error === "AccountTakedown") return "Bluesky login failed: the account is taken down";
    if (err.status === 401 || err.status === 400 || err.error === "AuthenticationRequired")
      return LOGIN_FAILED;
  }
  if (err instanceof RateLimitError) return `Bluesky login rate-limited by ${pds}`;
  return `Bluesky login failed: ${err instanceof Error ? err.message : String(err)}`;
}
