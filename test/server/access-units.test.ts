import { describe, expect, it } from "vitest";
import { openDatabase } from "../../data/db.ts";
import { csrfToken, verifyCsrfToken } from "../../server/access/csrf.ts";
import { safeNext } from "../../server/access/login-routes.tsx";
import { hashPassword, parsePasswordHash, verifyPassword } from "../../server/access/password.ts";
import { createRateLimiter, verdict } from "../../server/access/rate-limit.ts";
import { clientIp, isHttps, sessionCookieOptions } from "../../server/access/request-info.ts";
import { checkScope, landingPath, type ShareScope } from "../../server/access/scope.ts";
import { signShareToken, verifyShareToken } from "../../server/access/share-links.ts";
import { randomToken, safeEqual } from "../../server/access/tokens.ts";

const FAST = { N: 1024, r: 8, p: 1 };
const SECRET = Buffer.from("x".repeat(40));

describe("password hashes", () => {
  it("hash → parse → verify; a wrong password fails; salts differ", async () => {
    const a = await hashPassword("richtig-und-lang", FAST);
    const b = await hashPassword("richtig-und-lang", FAST);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("richtig-und-lang", parsePasswordHash(a))).toBe(true);
    expect(await verifyPassword("richtig-und-lanG", parsePasswordHash(a))).toBe(false);
    expect(await verifyPassword("x".repeat(5000), parsePasswordHash(a))).toBe(false);
  });

  it("the default cost is what the CLI prints", async () => {
    expect(await hashPassword("irgendwas-langes")).toMatch(/^scrypt\$32768\$8\$1\$/);
  });

  it.each([
    ["", /must look like/],
    ["bcrypt$10$abc", /must look like/],
    ["scrypt$1000$8$1$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==", /power of two/],
    ["scrypt$1024$8$1$not base64!$aGFzaGhhc2hoYXNoaGFzaA==", /base64/],
    ["scrypt$1024$8$1$c2E=$aGFzaGhhc2hoYXNoaGFzaA==", /too short/],
  ])("refuses %j", (text, message) => {
    expect(() => parsePasswordHash(text)).toThrow(message);
  });
});

describe("share-link tokens", () => {
  const id = randomToken(18);
  const token = signShareToken(SECRET, id);
  it.each([
    ["the signed token", token, true],
    ["another secret's token", signShareToken(Buffer.from("y".repeat(40)), id), false],
    ["a changed id", `${randomToken(18)}.${token.split(".")[1]}`, false],
    ["a changed signature", `${id}.${"A".repeat(43)}`, false],
    ["no signature", id, false],
    ["garbage", "../../etc/passwd", false],
    ["empty", "", false],
  ])("%s → %s", (_name, t, ok) => {
    expect(verifyShareToken(SECRET, t)).toBe(ok);
  });
});

describe("CSRF tokens", () => {
  it("are bound to the session and the secret", () => {
    const t = csrfToken(SECRET, "session-a");
    expect(verifyCsrfToken(SECRET, "session-a", t)).toBe(true);
    expect(verifyCsrfToken(SECRET, "session-b", t)).toBe(false);
    expect(verifyCsrfToken(Buffer.from("z".repeat(40)), "session-a", t)).toBe(false);
    expect(verifyCsrfToken(SECRET, "session-a", undefined)).toBe(false);
    expect(verifyCsrfToken(SECRET, "session-a", "")).toBe(false);
  });
  it("safeEqual compares strings of any length", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abcd")).toBe(false);
  });
});

describe("scope of a share link", () => {
  const cluster: ShareScope = { campaign: "cw-2017", cluster: "its-owl" };
  const campaign: ShareScope = { campaign: "cw-2017", cluster: null };
  const req = (path: string, query: Record<string, string[]> = {}, method = "GET") => ({
    method,
    path,
    query,
  });
  const q = (extra: Record<string, string[]> = {}) => ({ campaign: ["cw-2017"], ...extra });

  it.each([
    // A cluster link: its page, its report, the API and exports with its cluster.
    [cluster, req("/clusters/its-owl"), true],
    [cluster, req("/clusters/its-owl", q()), true],
    [cluster, req("/clusters/its-owl", { cluster: ["its-owl"] }), true],
    [cluster, req("/clusters/its-owl", { cluster: ["biorn"] }), false],
    [cluster, req("/clusters/biorn"), false],
    [cluster, req("/reports/clusters/its-owl.pdf", { lang: ["en"] }), true],
    [cluster, req("/reports/clusters/biorn.pdf"), false],
    [cluster, req("/api/clusters/its-owl"), true],
    [cluster, req("/api/clusters/biorn"), false],
    [cluster, req("/api/summary", { cluster: ["its-owl"] }), true],
    [cluster, req("/api/summary"), false],
    [cluster, req("/api/summary", { cluster: ["biorn"] }), false],
    [cluster, req("/api/summary", { cluster: ["its-owl", "biorn"] }), false],
    [cluster, req("/api/posts", { cluster: ["its-owl"], q: ["x"] }), true],
    [cluster, req("/export/posts.csv", { cluster: ["its-owl"] }), true],
    [cluster, req("/export/posts.csv"), false],
    [cluster, req("/export/clusters.csv", { cluster: ["its-owl"] }), false],
    [cluster, req("/api/clusters", { cluster: ["its-owl"] }), false],
    [cluster, req("/api/sources", { cluster: ["its-owl"] }), false],
    [cluster, req("/"), false],
    [cluster, req("/clusters"), false],
    [cluster, req("/reports/week.pdf"), false],
    [cluster, req("/admin"), false],
    [cluster, req("/import"), false],
    [cluster, req("/embed/wall", { cluster: ["its-owl"] }), false],
    // The campaign is the link's, given or as the default; never another one.
    [cluster, req("/clusters/its-owl", { campaign: ["cw-2019"] }), false],
    [cluster, req("/clusters/its-owl", { campaign: ["cw-2017", "cw-2019"] }), false],
    [cluster, req("/api/summary", { cluster: ["its-owl"], compare: ["cw-2019"] }), false],
    [cluster, req("/clusters/its-owl", {}, "POST"), false],
    // A campaign link: every page and download of its campaign.
    [campaign, req("/"), true],
    [campaign, req("/", q({ cluster: ["biorn"] })), true],
    [campaign, req("/clusters/biorn"), true],
    [campaign, req("/reports/week.pdf", q()), true],
    [campaign, req("/export/clusters.csv"), true],
    [campaign, req("/api/compare", { with: ["cw-2019"] }), false],
    [campaign, req("/", { compare: ["cw-2019"] }), false],
    [campaign, req("/", { campaign: ["cw-2019"] }), false],
    [campaign, req("/reports/archive"), false],
    [campaign, req("/reports/archive/1.pdf"), false],
    [campaign, req("/admin"), false],
    [campaign, req("/import"), false],
  ])("%j %j → %s", (scope, r, ok) => {
    expect(checkScope(scope, r, "cw-2017").ok).toBe(ok);
  });

  it("a link for a campaign that is not the default needs it named", () => {
    const other: ShareScope = { campaign: "cw-2019", cluster: null };
    expect(checkScope(other, req("/"), "cw-2017").ok).toBe(false);
    expect(checkScope(other, req("/", { campaign: ["cw-2019"] }), "cw-2017").ok).toBe(true);
  });

  it("lands on the cluster's page or the campaign's overview", () => {
    expect(landingPath(cluster)).toBe("/clusters/its-owl?campaign=cw-2017");
    expect(landingPath(campaign)).toBe("/?campaign=cw-2017");
  });
});

describe("login rate limit", () => {
  async function limiter(max: number, windowMs: number) {
    const database = await openDatabase(":memory:");
    const clock = { t: 0 };
    const rl = createRateLimiter(
      { db: database.db, secret: async () => SECRET },
      { max, windowMs, now: () => clock.t },
    );
    const rows = () =>
      database.sqlite.prepare("SELECT key, failed_at FROM login_failures ORDER BY id").all() as {
        key: string;
        failed_at: number;
      }[];
    /** Another web instance's limiter on the same database. */
    const another = () =>
      createRateLimiter(
        { db: database.db, secret: async () => SECRET },
        { max, windowMs, now: () => clock.t },
      );
    return { rl, another, clock, rows, close: () => database.close() };
  }

  it("allows 5 failures per 15 minutes per key, then says when to come back", async () => {
    const { rl, clock, close } = await limiter(5, 15 * 60_000);
    for (let i = 0; i < 5; i++) {
      expect((await rl.check("a")).allowed).toBe(true);
      await rl.fail("a");
      clock.t += 60_000;
    }
    expect(await rl.check("a")).toEqual({ allowed: false, retryAfterSeconds: 10 * 60 });
    expect((await rl.check("b")).allowed).toBe(true); // other addresses are not affected
    clock.t = 15 * 60_000 + 1; // the first failure has left the window
    expect((await rl.check("a")).allowed).toBe(true);
    await rl.reset("a");
    clock.t += 1;
    expect((await rl.check("a")).allowed).toBe(true);
    await close();
  });

  it("stores a keyed hash of the address, never the address, and keeps no failure past the window", async () => {
    const { rl, clock, rows, close } = await limiter(2, 1000);
    await rl.fail("203.0.113.7");
    await rl.fail("198.51.100.1");
    expect(rows()).toHaveLength(2);
    expect(JSON.stringify(rows())).not.toMatch(/203\.0|198\.51/);
    expect(new Set(rows().map((r) => r.key)).size).toBe(2);
    clock.t = 1000; // both have left the window: the next failure takes them along
    await rl.fail("192.0.2.9");
    expect(rows()).toEqual([{ key: expect.any(String), failed_at: 1000 }]);
    await close();
  });

  it("counts the failures every instance recorded: two limiters on one database agree", async () => {
    const { rl, another, clock, close } = await limiter(2, 60_000);
    const b = another();
    await rl.fail("a");
    clock.t = 1;
    await b.fail("a");
    expect((await rl.check("a")).allowed).toBe(false);
    expect((await b.check("a")).allowed).toBe(false);
    await b.reset("a"); // a login on either instance clears it for both
    expect((await rl.check("a")).allowed).toBe(true);
    await close();
  });

  it.each([
    [[], 0, true, 0],
    [[0, 10, 20], 30, true, 0],
    [[0, 10, 20, 30, 40], 50, false, 50],
    [[40, 0, 30, 10, 20], 50, false, 50], // any order
    [[0, 10, 20, 30, 40, 50], 55, false, 55], // two must leave: the second oldest at 110
  ])("verdict(%j at %i) → allowed %s, retry after %i s", (failures, now, allowed, retry) => {
    const v = verdict(
      failures.map((s) => s * 1000),
      now * 1000,
      { max: 5, windowMs: 100_000 },
    );
    expect(v).toEqual(allowed ? { allowed: true } : { allowed: false, retryAfterSeconds: retry });
  });
});

describe("cookie attributes and the request's origin", () => {
  it.each([
    ["http://x/login", undefined, false, false],
    ["https://x/login", undefined, false, true],
    ["http://x/login", "https", false, false],
    ["http://x/login", "https", true, true],
    ["http://x/login", "https, http", true, true],
    ["http://x/login", "http", true, false],
  ])("%s with X-Forwarded-Proto %j, trustProxy %s → Secure %s", (url, proto, trust, secure) => {
    expect(isHttps(url, proto, trust)).toBe(secure);
    expect(sessionCookieOptions(isHttps(url, proto, trust), 3600)).toEqual({
      httpOnly: true,
      sameSite: "Strict",
      path: "/",
      secure,
      maxAge: 3600,
    });
  });

  it.each([
    ["10.0.0.1", undefined, false, "10.0.0.1"],
    ["10.0.0.1", "1.2.3.4", false, "10.0.0.1"],
    ["10.0.0.1", "6.6.6.6, 1.2.3.4", true, "1.2.3.4"],
    [undefined, undefined, false, "unknown"],
  ])("client address: socket %s, X-Forwarded-For %j, trustProxy %s → %s", (sock, xff, trust, ip) => {
    expect(clientIp(sock, xff, trust)).toBe(ip);
  });

  it.each([
    [undefined, "/"],
    ["/clusters/its-owl?lang=en", "/clusters/its-owl?lang=en"],
    ["//evil.example/", "/"],
    ["/\\evil.example", "/"],
    ["https://evil.example/", "/"],
    ["javascript:alert(1)", "/"],
    ["/login?next=/", "/"],
    ["/ok path", "/"],
  ])("the way back after login %j → %j", (next, to) => {
    expect(safeNext(next)).toBe(to);
  });
});
