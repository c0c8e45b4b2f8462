import type { Context, MiddlewareHandler } from "hono";
import { Hono } from "hono";
import { deleteCookie, getCookie } from "hono/cookie";
import type { Logger } from "pino";
import { loadAssets } from "../../dashboard/assets.ts";
import { parseUiLang, type UiLang } from "../../dashboard/i18n/index.ts";
import type { DB } from "../../data/db.ts";
import type { CampaignSet } from "../../data/filters.ts";
import { createAdminRoutes } from "./admin-routes.tsx";
import { type AuditAction, type AuditLog, createAuditLog } from "./audit.ts";
import { CSRF_FIELD, CSRF_HEADER, csrfToken, verifyCsrfToken } from "./csrf.ts";
import { createLoginRoutes } from "./login-routes.tsx";
import { ACCESS_MESSAGES } from "./messages.ts";
import type { AccessOptions, ViewerMode } from "./options.ts";
import { renderErrorPage } from "./pages.tsx";
import { hashPassword, type PasswordHash, parsePasswordHash } from "./password.ts";
import { createRateLimiter, type RateLimiter } from "./rate-limit.ts";
import { fromThisSite, isFormBody, SESSION_COOKIE, wantsJson } from "./request-info.ts";
import { checkScope } from "./scope.ts";
import { resolveSecret } from "./secret.ts";
import { actorOf, createSessionStore, type Session, type SessionStore } from "./sessions.ts";
import { createShareLinks, type ShareLinks } from "./share-links.ts";

declare module "hono" {
  interface ContextVariableMap {
    /** The request's session (null: none), loaded once by the access middleware. */
    accessSession: Session | null;
  }
}

export interface AccessDeps {
  db: DB;
  campaigns: CampaignSet;
  now: () => Date;
  log: Logger;
  options?: AccessOptions;
}

/** Middlewares a route module puts around an admin action: `before` the body is read, `after` its size limit. */
export interface RouteGuard {
  before: MiddlewareHandler;
  after: MiddlewareHandler;
}

/** Several middlewares as one (a refusal from any of them ends the request there). */
export function chain(...handlers: MiddlewareHandler[]): MiddlewareHandler {
  return async (c, next) => {
    const run = async (i: number): Promise<void> => {
      const handler = handlers[i];
      if (!handler) return next();
      const res = await handler(c, () => run(i + 1));
      if (res instanceof Response) c.res = res;
    };
    await run(0);
  };
}

export interface Access {
  /** Mount first (`app.use("*", access.middleware)`): sessions, viewer mode, share-link scopes, same-site check. */
  middleware: MiddlewareHandler;
  /** 403 without an admin password, login redirect / 401 without a session, 403 for other roles. */
  requireAdmin: MiddlewareHandler;
  /** Same-site check and the session's synchronizer token (`_csrf` field or `x-csrf-token` header). */
  requireCsrf: MiddlewareHandler;
  /** Records the action in the audit log after the handler, with its outcome from the response status. */
  audited(action: AuditAction, fields?: string[]): MiddlewareHandler;
  /** requireAdmin before, requireCsrf + audited after the body limit: what an admin POST route needs. */
  forRoute(action: AuditAction, fields?: string[]): RouteGuard;
  /** /login, /logout, /s/:token, /api/session, /admin and its actions. */
  routes: Hono;
  audit: AuditLog;
  /** The audit actor of the request ("admin:1a2b3c4d" or "anonymous"). */
  actor(c: Context): string;
  /** Settles when given passwords are hashed and the secret is loaded (tests await it). */
  ready: Promise<void>;
}

/** Always reachable: health, login, share links, static files, the privacy page. */
export function isOpenPath(path: string): boolean {
  return (
    path === "/healthz" ||
    path === "/login" ||
    path === "/logout" ||
    path === "/api/session" ||
    path.startsWith("/s/") ||
    path.startsWith("/assets/") ||
    path === "/datenschutz" ||
    path.startsWith("/datenschutz/")
  );
}

export const DEFAULT_LOGIN_LIMIT = { max: 5, windowMs: 15 * 60 * 1000 };

/** The state the access modules share (internal to server/access/). */
export interface AccessCore {
  deps: AccessDeps;
  options: AccessOptions;
  mode: ViewerMode;
  trustProxy: boolean;
  sessions: SessionStore;
  shareLinks: ShareLinks;
  audit: AuditLog;
  limiter: RateLimiter;
  secret: () => Promise<Buffer>;
  adminHash: Promise<PasswordHash | null>;
  viewerHash: Promise<PasswordHash | null>;
  adminConfigured: boolean;
  loginAvailable: boolean;
  assets: ReturnType<typeof loadAssets>["urls"];
  sessionTtlMs: number;
  session(c: Context): Promise<Session | null>;
  refuse(
    c: Context,
    status: 401 | 403 | 404 | 410 | 429 | 501,
    message: string,
    title?: string,
  ): Promise<Response>;
  needLogin(c: Context): Promise<Response>;
  lang(c: Context): UiLang;
}

export function createAccess(deps: AccessDeps): Access {
  const options = deps.options ?? {};
  const mode = options.viewers ?? "public";
  const trustProxy = options.trustProxy ?? false;
  const sessionTtlMs = options.sessionTtlMs ?? 12 * 60 * 60 * 1000;

  // Hash plain passwords now; from here on only the hash is referenced.
  const toHash = (plain: string | undefined, hash: PasswordHash | undefined) =>
    hash
      ? Promise.resolve(hash)
      : plain
        ? hashPassword(plain).then(parsePasswordHash)
        : Promise.resolve(null);
  const adminHash = toHash(options.adminPassword, options.adminPasswordHash);
  const viewerHash = toHash(options.viewerPassword, options.viewerPasswordHash);
  const adminConfigured = Boolean(options.adminPassword || options.adminPasswordHash);
  const loginAvailable = adminConfigured || Boolean(options.viewerPassword || options.viewerPasswordHash);
  const withoutPasswords: AccessOptions = { ...options, adminPassword: undefined, viewerPassword: undefined };

  let secretPromise: Promise<Buffer> | null = null;
  const secret = () => {
    secretPromise ??= resolveSecret(deps.db, options.secret);
    return secretPromise;
  };
  const ready = Promise.all([adminHash, viewerHash, secret()]).then(() => undefined);
  // A failure surfaces on the first request that needs it; do not crash on an unhandled rejection.
  ready.catch((err: unknown) => deps.log.error({ err }, "access control could not start"));

  const sessions = createSessionStore({ db: deps.db, now: deps.now, ttlMs: sessionTtlMs });
  const shareLinks = createShareLinks({ db: deps.db, now: deps.now, secret });
  const audit = createAuditLog({ db: deps.db, now: deps.now });
  const limit = options.loginLimit ?? DEFAULT_LOGIN_LIMIT;
  const limiter = createRateLimiter({ db: deps.db, secret }, { ...limit, now: () => deps.now().getTime() });
  const assets = loadAssets().urls;

  const lang = (c: Context) => parseUiLang(c.req.query("lang"));

  async function session(c: Context): Promise<Session | null> {
    const known = c.get("accessSession");
    if (known !== undefined) return known;
    const token = getCookie(c, SESSION_COOKIE);
    const found = token ? await sessions.lookup(token) : null;
    if (token && !found) deleteCookie(c, SESSION_COOKIE, { path: "/" });
    c.set("accessSession", found);
    const key = found ? await secret() : null;
    c.set("access", {
      role: found?.role ?? null,
      csrfToken: found && key ? csrfToken(key, found.id) : null,
      loginAvailable,
      shareScope: found?.scope ?? null,
    });
    return found;
  }

  async function refuse(
    c: Context,
    status: 401 | 403 | 404 | 410 | 429 | 501,
    message: string,
    title?: string,
  ): Promise<Response> {
    c.header("cache-control", "no-store");
    const json =
      wantsJson(c.req.path) ||
      (c.req.header("content-type") ?? "").startsWith("application/json") ||
      (c.req.header("accept") ?? "").startsWith("application/json");
    if (json) return c.json({ error: message }, status);
    const m = ACCESS_MESSAGES[lang(c)];
    return renderErrorPage(c, status, {
      lang: lang(c),
      assets,
      title: title ?? m.forbiddenTitle,
      message,
      path: c.req.path,
      showLogin: status === 401,
    });
  }

  async function needLogin(c: Context): Promise<Response> {
    const m = ACCESS_MESSAGES[lang(c)];
    if (c.req.method === "GET" && !wantsJson(c.req.path)) {
      const url = new URL(c.req.url);
      const q = new URLSearchParams({ next: `${url.pathname}${url.search}` });
      if (lang(c) === "en") q.set("lang", "en");
      c.header("cache-control", "no-store");
      return c.redirect(`/login?${q.toString()}`, 303);
    }
    c.header("www-authenticate", 'Cookie realm="resonanz", form="/login"');
    return refuse(
      c,
      401,
      lang(c) === "en" ? "login required: /login" : "Anmeldung nötig: /login",
      m.loginTitle,
    );
  }

  const core: AccessCore = {
    deps,
    options: withoutPasswords,
    mode,
    trustProxy,
    sessions,
    shareLinks,
    audit,
    limiter,
    secret,
    adminHash,
    viewerHash,
    adminConfigured,
    loginAvailable,
    assets,
    sessionTtlMs,
    session,
    refuse,
    needLogin,
    lang,
  };

  const middleware: MiddlewareHandler = async (c, next) => {
    const method = c.req.method;
    const safe = method === "GET" || method === "HEAD" || method === "OPTIONS";
    // No browser on another site may make a visitor's browser change anything here.
    if (!safe && !fromThisSite(c)) return refuse(c, 403, ACCESS_MESSAGES[lang(c)].csrf);
    const s = await session(c);
    const path = c.req.path;
    if (isOpenPath(path)) return next();
    if (s?.role === "share" && s.scope) {
      const d = checkScope(s.scope, { method, path, query: c.req.queries() }, deps.campaigns.defaultCampaign);
      // In "public" mode a request outside the link is simply anyone's request (admin routes still refuse it).
      if (!d.ok && mode === "login")
        return refuse(c, 403, `${ACCESS_MESSAGES[lang(c)].outOfScope} (${d.reason})`);
      return next();
    }
    if (mode === "login" && !s) return needLogin(c);
    return next();
  };

  const requireAdmin: MiddlewareHandler = async (c, next) => {
    const m = ACCESS_MESSAGES[lang(c)];
    if (!adminConfigured) return refuse(c, 403, m.noAdmin, m.noAdminTitle);
    const s = await session(c);
    if (!s) return needLogin(c);
    if (s.role !== "admin") return refuse(c, 403, m.adminOnly);
    await next();
  };

  const requireCsrf: MiddlewareHandler = async (c, next) => {
    const m = ACCESS_MESSAGES[lang(c)];
    if (!fromThisSite(c)) return refuse(c, 403, m.csrf);
    const s = await session(c);
    let given = c.req.header(CSRF_HEADER);
    if (!given && isFormBody(c)) {
      try {
        const v = (await c.req.parseBody())[CSRF_FIELD];
        given = typeof v === "string" ? v : undefined;
      } catch {
        given = undefined;
      }
    }
    if (!s || !verifyCsrfToken(await secret(), s.id, given)) {
      deps.log.warn(
        { path: c.req.path, actor: actorOf(s), token: given ? "wrong" : "missing" },
        "CSRF check failed",
      );
      return refuse(c, 403, m.csrf);
    }
    await next();
  };

  const audited =
    (action: AuditAction, fields: string[] = []): MiddlewareHandler =>
    async (c, next) => {
      await next();
      const status = c.res.status;
      try {
        await audit.record({
          actor: actorOf(c.get("accessSession") ?? null),
          action,
          target: await describeBody(c, fields),
          outcome: status < 400 ? "ok" : "failed",
          detail: `HTTP ${status}`,
        });
      } catch (err) {
        deps.log.error({ err, action }, "audit log write failed");
      }
    };

  const routes = new Hono();
  routes.route("/", createLoginRoutes(core, { requireCsrf }));
  routes.route("/", createAdminRoutes(core, { requireAdmin, requireCsrf }));

  return {
    middleware,
    requireAdmin,
    requireCsrf,
    audited,
    forRoute: (action, fields) => ({
      before: requireAdmin,
      after: chain(requireCsrf, audited(action, fields)),
    }),
    routes,
    audit,
    actor: (c) => actorOf(c.get("accessSession") ?? null),
    ready,
  };
}

/** "platform=x file=export.csv": the named fields of a form or JSON body (already read and cached), for the audit log. */
async function describeBody(c: Context, fields: string[]): Promise<string | null> {
  if (fields.length === 0) return null;
  let body: Record<string, unknown> = {};
  try {
    const type = (c.req.header("content-type") ?? "").toLowerCase();
    if (type.startsWith("application/json")) body = (await c.req.json()) as Record<string, unknown>;
    else if (isFormBody(c)) body = await c.req.parseBody();
  } catch {
    return null;
  }
  const parts: string[] = [];
  for (const f of fields) {
    const v = body[f];
    if (typeof v === "string" && v !== "") parts.push(`${f}=${v.slice(0, 100)}`);
    else if (v instanceof File) parts.push(`${f}=${v.name.slice(0, 100)}`);
  }
  return parts.length ? parts.join(" ") : null;
}
