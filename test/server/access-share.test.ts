import { afterEach, describe, expect, it } from "vitest";
import { type AccessWorld, ADMIN_PASSWORD, accessWorld, Client, VIEWER_PASSWORD } from "../helpers/access.ts";

let w: AccessWorld;
afterEach(async () => {
  await w?.close();
});

const CW = "clusterwoche-2017";

/** Logs in as admin and creates a link; returns its path (/s/…) and id. */
async function createLink(
  world: AccessWorld,
  body: Record<string, unknown>,
): Promise<{ path: string; id: number; url: string }> {
  const admin = new Client(world.app);
  await admin.login(ADMIN_PASSWORD);
  const res = await admin.postJson("/admin/share-links", body, { "x-csrf-token": await admin.csrf() });
  expect(res.status).toBe(201);
  const json = (await res.json()) as { id: number; url: string };
  return { path: new URL(json.url).pathname, id: json.id, url: json.url };
}

describe('viewers: "login"', () => {
  it("anonymous requests: pages redirect to /login, API and downloads answer JSON 401, open paths stay open", async () => {
    w = await accessWorld({ viewers: "login", viewer: true });
    const c = new Client(w.app);
    const page = await c.get("/clusters?lang=en");
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe("/login?next=%2Fclusters%3Flang%3Den&lang=en");
    for (const path of [
      "/api/summary",
      "/api/live",
      "/export/posts.csv",
      "/reports/week.pdf",
      "/reports/archive",
    ]) {
      const res = await c.get(path);
      expect(res.status, path).toBe(401);
      expect(await res.json(), path).toMatchObject({ error: expect.stringContaining("/login") });
    }
    expect((await c.get("/embed/wall")).status).toBe(303);
    expect((await c.get("/healthz")).status).toBe(200);
    expect((await c.get("/login")).status).toBe(200);
    const css = (await (await c.get("/login")).text()).match(/href="(\/assets\/app\.css\?v=[0-9a-f]+)"/)?.[1];
    expect((await c.get(css ?? "/assets/app.css")).status).toBe(200);
    // The privacy notice is open to everyone whose posts are stored, also in "login" mode.
    expect((await c.get("/datenschutz")).status).toBe(200);
  });

  it("a viewer reads everything and may change nothing", async () => {
    w = await accessWorld({ viewers: "login", viewer: true });
    const c = new Client(w.app);
    await c.login(VIEWER_PASSWORD);
    for (const path of ["/", "/clusters/its-owl", "/api/summary", "/export/clusters.csv", "/embed/wall"])
      expect((await c.get(path)).status, path).toBe(200);
    const csrf = await c.csrf();
    expect((await c.get("/admin")).status).toBe(403);
    expect((await c.get("/import")).status).toBe(403);
    expect((await c.postForm("/reports/archive", { campaign: CW, lang: "de", _csrf: csrf })).status).toBe(
      403,
    );
    expect(
      (await c.postJson("/admin/share-links", { campaign: CW, days: 3 }, { "x-csrf-token": csrf })).status,
    ).toBe(403);
  });
});

describe('viewers: "public" (the default)', () => {
  it("everyone reads pages and the API as before; admin routes still need the admin", async () => {
    w = await accessWorld();
    const c = new Client(w.app);
    for (const path of ["/", "/api/summary", "/export/clusters.csv", "/embed/wall"])
      expect((await c.get(path)).status, path).toBe(200);
    const admin = await c.get("/admin");
    expect(admin.status).toBe(303);
    expect(admin.headers.get("location")).toBe("/login?next=%2Fadmin");
    expect((await c.get("/import")).status).toBe(303);
    expect((await c.postJson("/reports/archive", { campaign: CW, lang: "de" })).status).toBe(401);
  });

  it("without an admin password admin routes are a 403 saying how to set one", async () => {
    w = await accessWorld({ admin: false });
    const c = new Client(w.app);
    const page = await c.get("/admin");
    expect(page.status).toBe(403);
    expect(await page.text()).toContain("RESONANZ_ADMIN_PASSWORD");
    const api = await c.postJson("/admin/collect", {});
    expect(api.status).toBe(403);
    expect(((await api.json()) as { error: string }).error).toContain("RESONANZ_ADMIN_PASSWORD_HASH");
    expect(await (await c.get("/login")).text()).toContain("keine Anmeldung eingerichtet");
  });
});

describe("share links", () => {
  it("a cluster link sees its cluster, its report and its API; nothing else", async () => {
    w = await accessWorld({ viewers: "login" });
    const link = await createLink(w, { campaign: CW, cluster: "its-owl", days: 7, label: "für OWL" });
    expect(link.path).toMatch(/^\/s\/[A-Za-z0-9_-]{24}\.[A-Za-z0-9_-]{43}$/);
    const c = new Client(w.app);
    const open = await c.get(link.path);
    expect(open.status).toBe(303);
    expect(open.headers.get("location")).toBe(`/clusters/its-owl?campaign=${CW}`);
    expect(open.headers.get("referrer-policy")).toBe("no-referrer");
    expect(c.lastSetCookie[0]).toMatch(/HttpOnly.*SameSite=Strict|SameSite=Strict.*HttpOnly/);
    expect(await (await c.get("/api/session")).json()).toMatchObject({
      role: "share",
      scope: { campaign: CW, cluster: "its-owl" },
    });

    const page = await c.get(`/clusters/its-owl?campaign=${CW}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toContain('href="/laender'); // no navigation to pages outside the link
    for (const path of [
      "/api/summary?cluster=its-owl",
      "/api/clusters/its-owl",
      "/api/posts?cluster=its-owl",
      "/export/posts.csv?cluster=its-owl",
    ])
      expect((await c.get(path)).status, path).toBe(200);
    for (const path of [
      "/",
      "/clusters",
      "/clusters/biorn",
      "/clusters/its-owl?campaign=clusterwoche-2019",
      "/reports/clusters/biorn.pdf",
      "/api/summary",
      "/api/summary?cluster=biorn",
      "/api/clusters",
      "/export/clusters.csv",
      "/admin",
      "/import",
      "/embed/wall?cluster=its-owl",
    ])
      expect((await c.get(path)).status, path).toBe(403);
    const refusal = await c.get("/api/summary?cluster=biorn");
    expect(await refusal.json()).toMatchObject({ error: expect.stringContaining("its-owl") });
  });

  it("a campaign link sees the campaign's pages and not another campaign", async () => {
    w = await accessWorld({ viewers: "login" });
    const link = await createLink(w, { campaign: CW, days: 1 });
    const c = new Client(w.app);
    expect((await c.get(link.path)).headers.get("location")).toBe(`/?campaign=${CW}`);
    for (const path of ["/", "/clusters/biorn", "/api/clusters", "/export/clusters.csv"])
      expect((await c.get(path)).status, path).toBe(200);
    for (const path of ["/?campaign=clusterwoche-2019", "/api/compare?with=clusterwoche-2019", "/admin"])
      expect((await c.get(path)).status, path).toBe(403);
  });

  it("expired, revoked and forged links get a clear page; revoking ends sessions opened with it", async () => {
    w = await accessWorld({ viewers: "login" });
    const short = await createLink(w, { campaign: CW, cluster: "biorn", days: 1 });
    const kept = await createLink(w, { campaign: CW, cluster: "its-owl", days: 30 });

    const c = new Client(w.app);
    expect((await c.get(kept.path)).status).toBe(303);
    expect((await c.get("/clusters/its-owl")).status).toBe(200);

    const admin = new Client(w.app);
    await admin.login(ADMIN_PASSWORD);
    const revoke = await admin.postForm(`/admin/share-links/${kept.id}/revoke`, {
      _csrf: await admin.csrf(),
    });
    expect(revoke.status).toBe(303);
    expect((await c.get("/clusters/its-owl")).status).toBe(303); // the session went with the link
    const revoked = await new Client(w.app).get(kept.path);
    expect(revoked.status).toBe(410);
    expect(await revoked.text()).toContain("widerrufen");

    w.clock.now = new Date(w.clock.now.getTime() + 25 * 3600_000);
    const expired = await new Client(w.app).get(short.path);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain("abgelaufen");

    const [id = ""] = kept.path.slice(3).split(".");
    for (const forged of [
      `/s/${id}.${"A".repeat(43)}`,
      "/s/nonsense",
      `/s/${"B".repeat(24)}.${"C".repeat(43)}`,
    ]) {
      const res = await new Client(w.app).get(forged);
      expect(res.status, forged).toBe(404);
      expect(await res.text()).toContain("Diesen Link gibt es nicht");
    }
  });

  it("links last at most 90 days and name a configured campaign and a registry cluster", async () => {
    w = await accessWorld();
    const admin = new Client(w.app);
    await admin.login(ADMIN_PASSWORD);
    const h = { "x-csrf-token": await admin.csrf() };
    for (const body of [
      { campaign: CW, days: 91 },
      { campaign: CW, days: 0 },
      { campaign: "nope", days: 3 },
      { campaign: CW, cluster: "unknown-cluster", days: 3 },
    ])
      expect((await admin.postJson("/admin/share-links", body, h)).status, JSON.stringify(body)).toBe(400);
    expect((await admin.postJson("/admin/share-links", { campaign: CW, days: 90 }, h)).status).toBe(201);
  });

  it("in public mode a share link adds its landing page; other pages stay public", async () => {
    w = await accessWorld();
    const link = await createLink(w, { campaign: CW, cluster: "its-owl", days: 7 });
    const c = new Client(w.app);
    await c.get(link.path);
    expect((await c.get("/")).status).toBe(200);
    expect((await c.get("/admin")).status).toBe(403);
  });
});
