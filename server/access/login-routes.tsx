import type { Context, MiddlewareHandler } from "hono";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { jsxRenderer } from "hono/jsx-renderer";
import { pageHeaders } from "../../dashboard/page-headers.ts";
import type { AccessCore } from "./guard.ts";
import { ACCESS_MESSAGES } from "./messages.ts";
import { LoginPage, renderErrorPage } from "./pages.tsx";
import { verifyPassword } from "./password.ts";
import { clientIp, isHttps, SESSION_COOKIE, sessionCookieOptions, socketAddress } from "./request-info.ts";
import { landingPath } from "./scope.ts";
import { actorOf, type Role } from "./sessions.ts";

/** Only a path on this site may follow a login (no "//host", no scheme): no open redirect. */
export function safeNext(next: string | undefined): string {
  if (!next || next.length > 2000) return "/";
  if (!/^\/(?![/\\])[^\s\\]*$/.test(next)) return "/";
  // Control characters (NUL, DEL) cannot go into a Location header.
  if (/\p{Cc}/u.test(next)) return "/";
  if (next.startsWith("/login") || next.startsWith("/logout")) return "/";
  return next;
}

/** GET/POST /login, POST /logout, GET /s/:token (share links), GET /api/session. */
export function createLoginRoutes(core: AccessCore, guards: { requireCsrf: MiddlewareHandler }): Hono {
  const app = new Hono();
  const { deps, sessions, limiter } = core;
  const small = bodyLimit({ maxSize: 4 * 1024, onError: (c) => c.text("too large", 413) });

  const secure = (c: Context) => isHttps(c.req.url, c.req.header("x-forwarded-proto"), core.trustProxy);
  const ip = (c: Context) => clientIp(socketAddress(c), c.req.header("x-forwarded-for"), core.trustProxy);
  const loginPage = (
    c: Context,
    status: 200 | 401 | 403 | 429,
    problem?: Parameters<typeof LoginPage>[0]["problem"],
  ) => {
    c.status(status);
    c.header("cache-control", "no-store");
    return c.render(
      <LoginPage
        lang={core.lang(c)}
        assets={core.assets}
        next={c.req.query("next")}
        problem={problem ?? (core.loginAvailable ? undefined : "none")}
        loggedInAs={c.get("accessSession")?.role ?? null}
      />,
    );
  };

  app.get("/login", pageHeaders, jsxRenderer(), async (c) => {
    await core.session(c);
    return loginPage(c, 200);
  });

  app.post("/login", pageHeaders, jsxRenderer(), small, async (c) => {
    const json = (c.req.header("content-type") ?? "").startsWith("application/json");
    const key = ip(c);
    if (!core.loginAvailable)
      return json ? c.json({ error: "no login is set up" }, 403) : loginPage(c, 403, "none");
    const limited = await limiter.check(key);
    if (!limited.allowed) {
      deps.log.warn({ ip: key }, "login refused: too many failures");
      c.header("retry-after", String(limited.retryAfterSeconds));
      const minutes = Math.ceil(limited.retryAfterSeconds / 60);
      return json
        ? c.json(
            { error: "too many failed logins; try again later", retryAfter: limited.retryAfterSeconds },
            429,
          )
        : loginPage(c, 429, { limitedMinutes: minutes });
    }
    let password: unknown;
    try {
      password = json
        ? ((await c.req.json()) as { password?: unknown }).password
        : (await c.req.parseBody()).password;
    } catch {
      password = undefined;
    }
    const role = typeof password === "string" && password !== "" ? await roleFor(password) : null;
    if (!role) {
      await limiter.fail(key);
      await core.audit.record({
        actor: "anonymous",
        action: "login",
        outcome: "failed",
        detail: `ip=${key}`,
      });
      deps.log.info({ ip: key }, "login failed");
      return json ? c.json({ error: "wrong password" }, 401) : loginPage(c, 401, "wrong");
    }
    await limiter.reset(key);
    // A new login is a new session: an old cookie (maybe planted) is not carried over.
    const old = getCookie(c, SESSION_COOKIE);
    if (old) await sessions.destroy(old);
    const { token, session } = await sessions.create(role);
    setCookie(
      c,
      SESSION_COOKIE,
      token,
      sessionCookieOptions(secure(c), Math.floor(core.sessionTtlMs / 1000)),
    );
    await core.audit.record({ actor: actorOf(session), action: "login", outcome: "ok", detail: `ip=${key}` });
    deps.log.info({ actor: actorOf(session) }, "login");
    if (json) return c.json({ role, expiresAt: session.expiresAt }, 200);
    return c.redirect(safeNext(c.req.query("next")), 303);
  });

  async function roleFor(password: string): Promise<Role | null> {
    // Both are checked every time: the answer's timing does not tell which password exists.
    const [admin, viewer] = await Promise.all([core.adminHash, core.viewerHash]);
    const [isAdmin, isViewer] = await Promise.all([
      admin ? verifyPassword(password, admin) : false,
      viewer ? verifyPassword(password, viewer) : false,
    ]);
    return isAdmin ? "admin" : isViewer ? "viewer" : null;
  }

  // Logging out changes state: a POST with the CSRF token, never a GET a page could embed.
  const noSessionNoLogout: MiddlewareHandler = async (c, next) => {
    if (!(await core.session(c))) {
      deleteCookie(c, SESSION_COOKIE, { path: "/" });
      return c.redirect(core.lang(c) === "en" ? "/login?lang=en" : "/login", 303);
    }
    await next();
  };
  app.post("/logout", small, noSessionNoLogout, guards.requireCsrf, async (c) => {
    const s = c.get("accessSession");
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await sessions.destroy(token);
    deleteCookie(c, SESSION_COOKIE, { path: "/", secure: secure(c), httpOnly: true, sameSite: "Strict" });
    if (s?.role !== "share")
      await core.audit.record({ actor: actorOf(s ?? null), action: "logout", outcome: "ok" });
    const en = core.lang(c) === "en";
    const target = core.mode === "login" ? "/login" : "/";
    return c.redirect(en ? `${target}?lang=en` : target, 303);
  });

  app.get("/s/:token", async (c) => {
    c.header("cache-control", "no-store");
    c.header("referrer-policy", "no-referrer");
    const m = ACCESS_MESSAGES[core.lang(c)];
    const opened = await core.shareLinks.open(c.req.param("token"));
    if (opened.status !== "ok") {
      deps.log.info(
        { link: "link" in opened ? opened.link.id : null, status: opened.status },
        "share link refused",
      );
      const message =
        opened.status === "expired"
          ? m.linkExpired
          : opened.status === "revoked"
            ? m.linkRevoked
            : m.linkInvalid;
      return renderErrorPage(c, opened.status === "invalid" ? 404 : 410, {
        lang: core.lang(c),
        assets: core.assets,
        title: m.linkTitle,
        message,
        path: "/",
      });
    }
    const { link } = opened;
    const scope = { campaign: link.campaign, cluster: link.cluster };
    const current = await core.session(c);
    // Someone logged in keeps their login; the link only shows them where to look.
    if (current?.role !== "admin" && current?.role !== "viewer") {
      const old = getCookie(c, SESSION_COOKIE);
      if (old) await sessions.destroy(old);
      const { token } = await sessions.create("share", link.id);
      const untilLink = Math.floor((Date.parse(link.expiresAt) - deps.now().getTime()) / 1000);
      const maxAge = Math.max(1, Math.min(Math.floor(core.sessionTtlMs / 1000), untilLink));
      setCookie(c, SESSION_COOKIE, token, sessionCookieOptions(secure(c), maxAge));
      deps.log.info({ link: link.id }, "share link opened");
    }
    return c.redirect(landingPath(scope), 303);
  });

  /** For scripts: who am I, and the CSRF token for the `x-csrf-token` header. */
  app.get("/api/session", async (c) => {
    const s = await core.session(c);
    c.header("cache-control", "no-store");
    if (!s) return c.json({ error: "no session" }, 401);
    const access = c.get("access");
    return c.json({ role: s.role, scope: s.scope, expiresAt: s.expiresAt, csrfToken: access.csrfToken });
  });

  return app;
}
