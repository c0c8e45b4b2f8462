import { afterEach, describe, expect, it } from "vitest";
import { type AccessWorld, ADMIN_PASSWORD, accessWorld, Client, VIEWER_PASSWORD } from "../helpers/access.ts";

let w: AccessWorld;
afterEach(async () => {
  await w?.close();
});

const auditRows = (world: AccessWorld) =>
  world.t.database.db.selectFrom("audit_log").selectAll().orderBy("id").execute();

describe("login", () => {
  it("a wrong password is a 401 and counted; the 6th attempt is a 429 with Retry-After, even when right", async () => {
    w = await accessWorld();
    const c = new Client(w.app);
    for (let i = 0; i < 5; i++) {
      const res = await c.login("falsch-falsch");
      expect(res.status).toBe(401);
      expect(await res.text()).toContain("Das Passwort ist falsch");
    }
    const limited = await c.login(ADMIN_PASSWORD);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(c.cookies.size).toBe(0);
    const rows = await auditRows(w);
    expect(rows.filter((r) => r.action === "login" && r.outcome === "failed")).toHaveLength(5);
    // 15 minutes later the address may try again.
    w.clock.now = new Date(w.clock.now.getTime() + 15 * 60_000 + 1000);
    expect((await c.login(ADMIN_PASSWORD)).status).toBe(303);
  });

  it("counts per client address (behind a trusted proxy: X-Forwarded-For)", async () => {
    w = await accessWorld({ trustProxy: true });
    const a = new Client(w.app);
    for (let i = 0; i < 5; i++)
      await a.postForm("/login", { password: "nein-nein" }, { "x-forwarded-for": "1.1.1.1" });
    expect(
      (await a.postForm("/login", { password: "nein-nein" }, { "x-forwarded-for": "1.1.1.1" })).status,
    ).toBe(429);
    const b = new Client(w.app);
    expect(
      (await b.postForm("/login", { password: ADMIN_PASSWORD }, { "x-forwarded-for": "2.2.2.2" })).status,
    ).toBe(303);
  });

  it("the right password sets an HttpOnly, SameSite=Strict, Path=/ cookie, without Secure over plain http", async () => {
    w = await accessWorld();
    const c = new Client(w.app);
    const res = await c.postForm("/login?next=%2Fadmin", { password: ADMIN_PASSWORD });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin");
    const cookie = c.lastSetCookie.find((l) => l.startsWith("resonanz_session="));
    expect(cookie).toMatch(/^resonanz_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; Max-Age=43200/);
    expect(cookie).not.toMatch(/Secure/);
    expect((await c.get("/admin")).status).toBe(200);
    // Only the hash of the token is stored.
    const token = c.cookies.get("resonanz_session") ?? "";
    const stored = await w.t.database.db.selectFrom("sessions").select("token_hash").execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored[0]?.token_hash).not.toContain(token);
  });

  it.each([
    ["https directly", "https://resonanz.test", {}, false, true],
    [
      "X-Forwarded-Proto: https behind a trusted proxy",
      "http://resonanz.test",
      { "x-forwarded-proto": "https" },
      true,
      true,
    ],
    [
      "X-Forwarded-Proto: https without trustProxy",
      "http://resonanz.test",
      { "x-forwarded-proto": "https" },
      false,
      false,
    ],
  ])("Secure with %s: %s", async (_name, base, headers, trustProxy, secure) => {
    w = await accessWorld({ trustProxy });
    const c = new Client(w.app, base);
    expect((await c.postForm("/login", { password: ADMIN_PASSWORD }, headers)).status).toBe(303);
    const cookie = c.lastSetCookie.find((l) => l.startsWith("resonanz_session=")) ?? "";
    expect(/; Secure/.test(cookie)).toBe(secure);
  });

  it("a login from another site is refused before the password is looked at", async () => {
    w = await accessWorld();
    const c = new Client(w.app);
    const res = await c.postForm("/login", { password: ADMIN_PASSWORD }, { "sec-fetch-site": "cross-site" });
    expect(res.status).toBe(403);
    expect(c.cookies.size).toBe(0);
  });

  it("the viewer password logs in as viewer; the login page is German, English with ?lang=en", async () => {
    w = await accessWorld({ viewer: true });
    const c = new Client(w.app);
    const de = await (await c.get("/login")).text();
    expect(de).toContain('<html lang="de"');
    expect(de).toContain('<label for="login-password">Passwort</label>');
    expect(de).toContain('autocomplete="current-password"');
    const en = await (await c.get("/login?lang=en")).text();
    expect(en).toContain('<html lang="en"');
    expect(en).toContain("Log in");
    expect((await c.login(VIEWER_PASSWORD)).status).toBe(303);
    expect(await (await c.get("/api/session")).json()).toMatchObject({ role: "viewer" });
  });

  it("sessions expire after 12 hours without use and slide while used", async () => {
    w = await accessWorld();
    const c = new Client(w.app);
    await c.login(ADMIN_PASSWORD);
    const hours = (h: number) => {
      w.clock.now = new Date(w.clock.now.getTime() + h * 3600_000);
    };
    hours(11);
    expect((await c.get("/admin")).status).toBe(200);
    hours(11); // 22 h after login, 11 h after last use
    expect((await c.get("/admin")).status).toBe(200);
    hours(12.1);
    const res = await c.get("/admin");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login?next=%2Fadmin");
  });

  it("logout needs the CSRF token, ends the session and clears the cookie", async () => {
    w = await accessWorld({ viewers: "login" });
    const c = new Client(w.app);
    await c.login(ADMIN_PASSWORD);
    const token = c.cookies.get("resonanz_session") ?? "";
    expect((await c.postForm("/logout", {})).status).toBe(403);
    const csrf = await c.csrf();
    const res = await c.postForm("/logout", { _csrf: csrf });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login");
    expect(c.lastSetCookie.join()).toMatch(/resonanz_session=;.*Max-Age=0/);
    // The old token is worthless now, even if someone kept it.
    const again = await w.app.request("/api/summary", { headers: { cookie: `resonanz_session=${token}` } });
    expect(again.status).toBe(401);
    const actions = (await auditRows(w)).map((r) => `${r.action}:${r.outcome}`);
    expect(actions).toEqual(["login:ok", "logout:ok"]);
  });

  it("the header shows the login link, and who is logged in with a logout button", async () => {
    w = await accessWorld();
    const c = new Client(w.app);
    const before = await (await c.get("/")).text();
    expect(before).toContain('href="/login"');
    expect(before).not.toContain('href="/import"'); // admin only: not offered to everyone
    await c.login(ADMIN_PASSWORD);
    const after = await (await c.get("/")).text();
    expect(after).toContain('action="/logout"');
    expect(after).toMatch(/<input type="hidden" name="_csrf" value="[A-Za-z0-9_-]{43}"/);
    expect(after).toContain('href="/admin"');
    expect(after).toContain('href="/import"');
  });
});
