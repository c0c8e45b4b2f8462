import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type AccessWorld, ADMIN_PASSWORD, accessWorld, Client, VIEWER_PASSWORD } from "../helpers/access.ts";

let w: AccessWorld;
afterEach(async () => {
  await w?.close();
});

const CW = "clusterwoche-2017";
const REGISTRY = JSON.stringify({ clusters: [{ id: "neu", name: "Neues Cluster" }] });
const audit = (world: AccessWorld) =>
  world.t.database.db.selectFrom("audit_log").selectAll().orderBy("id").execute();

function multipart(fields: Record<string, string>, file?: { name: string; text: string }): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.set("file", new File([file.text], file.name));
  return form;
}

async function admin(world: AccessWorld): Promise<{ c: Client; csrf: string }> {
  const c = new Client(world.app);
  expect((await c.login(ADMIN_PASSWORD)).status).toBe(303);
  return { c, csrf: await c.csrf() };
}

describe("CSRF", () => {
  it("a POST without the token is a 403; with the header or the form field it goes through", async () => {
    w = await accessWorld();
    const { c, csrf } = await admin(w);
    const body = { campaign: CW, days: "3" };
    expect((await c.postForm("/admin/share-links", body)).status).toBe(403);
    expect((await c.postForm("/admin/share-links", { ...body, _csrf: "x".repeat(43) })).status).toBe(403);
    expect((await c.postForm("/admin/share-links", { ...body, _csrf: csrf })).status).toBe(201);
    expect((await c.postJson("/admin/share-links", body, { "x-csrf-token": csrf })).status).toBe(201);
    // Cross-site is refused whatever the token says.
    const cross = await c.postForm(
      "/admin/share-links",
      { ...body, _csrf: csrf },
      { "sec-fetch-site": "cross-site" },
    );
    expect(cross.status).toBe(403);
  });

  it("a token belongs to its session: another admin session's token is refused", async () => {
    w = await accessWorld();
    const one = await admin(w);
    const two = await admin(w);
    expect(one.csrf).not.toBe(two.csrf);
    expect((await two.c.postJson("/admin/collect", {}, { "x-csrf-token": one.csrf })).status).toBe(403);
  });

  it("pages put the token into their POST forms", async () => {
    w = await accessWorld();
    const { c, csrf } = await admin(w);
    const html = await (await c.get("/admin")).text();
    const forms = html.match(/<form method="post"[\s\S]*?<\/form>/g) ?? [];
    expect(forms.length).toBeGreaterThanOrEqual(4);
    for (const f of forms) expect(f).toContain(`name="_csrf" value="${csrf}"`);
  });
});

describe("admin-only routes", () => {
  const ROUTES: [string, string][] = [
    ["GET", "/admin"],
    ["GET", "/import"],
    ["POST", "/import"],
    ["POST", "/reports/archive"],
    ["POST", "/admin/share-links"],
    ["POST", "/admin/share-links/1/revoke"],
    ["POST", "/admin/collect"],
    ["POST", "/admin/registry"],
    ["POST", "/admin/events"],
  ];

  it.each(ROUTES)("%s %s refuses anonymous (401/redirect) and viewers (403)", async (method, path) => {
    w = await accessWorld({ viewer: true });
    const anon = new Client(w.app);
    const viewer = new Client(w.app);
    await viewer.login(VIEWER_PASSWORD);
    const csrf = await viewer.csrf();
    const send = (c: Client) =>
      method === "GET" ? c.get(path) : c.postJson(path, { campaign: CW }, { "x-csrf-token": csrf });
    const a = await send(anon);
    expect(a.status).toBe(method === "GET" ? 303 : 401);
    expect((await send(viewer)).status).toBe(403);
  });
});

describe("admin actions and the audit log", () => {
  it("import, report generation, share links, collection, registry and events: each leaves an audit row", async () => {
    const dir = mkdtempSync(join(tmpdir(), "resonanz-access-"));
    const registryPath = join(dir, "clusters.json");
    const eventsPath = join(dir, "events.json");
    writeFileSync(registryPath, JSON.stringify({ clusters: [] }));
    writeFileSync(eventsPath, "[]");
    const reloads: string[] = [];
    let collections = 0;
    w = await accessWorld({
      registryPath,
      eventsPath,
      reloadAnalysis: async () => {
        reloads.push(readFileSync(registryPath, "utf8"));
      },
      collectNow: async () => {
        collections++;
      },
    });
    const { c, csrf } = await admin(w);
    const h = { "x-csrf-token": csrf, "sec-fetch-site": "same-origin" };

    // Import (multipart, with the token in the form like the page sends it).
    const csv =
      "id,url,created_at,author_handle,author_name,author_followers,text,likes,reposts,replies,quotes,lang\n" +
      "1,,2017-04-20T10:00:00+02:00,anna,Anna,10,Auftakt der #Clusterwoche,5,1,0,0,de\n";
    const imp = await c.request("/import", {
      method: "POST",
      body: multipart({ platform: "csv", _csrf: csrf }, { name: "export.csv", text: csv }),
      headers: { "sec-fetch-site": "same-origin" },
    });
    expect(imp.status).toBe(200);
    // Report generation refused by validation is still recorded (as failed).
    const rep = await c.postForm("/reports/archive", { campaign: "nope", lang: "de", _csrf: csrf });
    expect(rep.status).toBe(400);

    const link = (await (await c.postJson("/admin/share-links", { campaign: CW, days: 2 }, h)).json()) as {
      id: number;
    };
    expect((await c.postJson(`/admin/share-links/${link.id}/revoke`, {}, h)).status).toBe(200);

    expect((await c.postJson("/admin/collect", {}, h)).status).toBe(202);
    await new Promise((r) => setTimeout(r, 20));
    expect(collections).toBe(1);

    const reg = await c.request("/admin/registry", {
      method: "POST",
      body: multipart({ _csrf: csrf }, { name: "clusters.json", text: REGISTRY }),
      headers: { "sec-fetch-site": "same-origin" },
    });
    expect(reg.status).toBe(303);
    expect(reg.headers.get("location")).toBe("/admin?done=registry");
    expect(readFileSync(registryPath, "utf8")).toBe(REGISTRY);
    expect(reloads).toEqual([REGISTRY]);

    const events = JSON.stringify([{ id: "e1", title: "Tag der offenen Tür", date: "2017-04-21" }]);
    const ev = await c.request("/admin/events", {
      method: "POST",
      body: events,
      headers: { ...h, "content-type": "application/json" },
    });
    expect(ev.status).toBe(200);
    expect(readFileSync(eventsPath, "utf8")).toBe(events);

    const rows = await audit(w);
    const seen = rows.map((r) => `${r.action}:${r.outcome}`);
    expect(seen).toEqual([
      "login:ok",
      "import:ok",
      "report.generate:failed",
      "share-link.create:ok",
      "share-link.revoke:ok",
      "collect:ok",
      "collect:ok",
      "registry.update:ok",
      "events.update:ok",
    ]);
    const actor = rows[0]?.actor ?? "";
    expect(actor).toMatch(/^admin:[0-9a-f]{8}$/);
    expect(rows.every((r) => r.actor === actor)).toBe(true);
    expect(rows.find((r) => r.action === "import")?.target).toBe("platform=csv file=export.csv");
    expect(rows.filter((r) => r.action === "collect").map((r) => r.detail)).toEqual(["started", "finished"]);
    expect(rows.find((r) => r.action === "registry.update")?.detail).toBe("1 clusters");

    // The audit log is on the admin page.
    const page = await (await c.get("/admin")).text();
    expect(page).toContain("share-link.revoke");
    expect(page).toContain(actor);
  });

  it("an invalid registry is refused and the file stays; without reloadAnalysis a valid one is saved with a 501", async () => {
    const dir = mkdtempSync(join(tmpdir(), "resonanz-access-"));
    const registryPath = join(dir, "clusters.json");
    writeFileSync(registryPath, "{}");
    w = await accessWorld({ registryPath });
    const { c, csrf } = await admin(w);
    const h = { "x-csrf-token": csrf, "content-type": "application/json", "sec-fetch-site": "same-origin" };
    const bad = await c.request("/admin/registry", {
      method: "POST",
      body: JSON.stringify({ clusters: [{ id: "Not Kebab", name: "x" }] }),
      headers: h,
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain("$.clusters[0].id");
    expect(readFileSync(registryPath, "utf8")).toBe("{}");
    const ok = await c.request("/admin/registry", { method: "POST", body: REGISTRY, headers: h });
    expect(ok.status).toBe(501);
    expect(((await ok.json()) as { error: string }).error).toMatch(/restart/);
    expect(readFileSync(registryPath, "utf8")).toBe(REGISTRY);
    expect((await c.postJson("/admin/collect", {}, { "x-csrf-token": csrf })).status).toBe(501);
    const outcomes = (await audit(w)).map((r) => `${r.action}:${r.outcome}`);
    expect(outcomes).toEqual(["login:ok", "registry.update:failed", "registry.update:ok"]);
  });

  it("never writes a password, a session token, a share token or a CSRF token to the log or the audit log", async () => {
    w = await accessWorld({ viewer: true, viewers: "login" });
    const secrets: string[] = [ADMIN_PASSWORD, VIEWER_PASSWORD];
    const bad = new Client(w.app);
    await bad.login(`${ADMIN_PASSWORD}-falsch`);
    secrets.push(`${ADMIN_PASSWORD}-falsch`);
    const { c, csrf } = await admin(w);
    secrets.push(csrf, c.cookies.get("resonanz_session") ?? "");
    const res = await c.postJson("/admin/share-links", { campaign: CW, days: 2 }, { "x-csrf-token": csrf });
    const { url } = (await res.json()) as { url: string };
    const token = url.split("/s/")[1] ?? "";
    secrets.push(token);
    const guest = new Client(w.app);
    await guest.get(`/s/${token}`);
    secrets.push(guest.cookies.get("resonanz_session") ?? "");
    await guest.get("/clusters/its-owl");
    await guest.get("/admin"); // outside the link: refused, and the refusal is logged without the token
    await c.postJson("/admin/collect", {}, { "x-csrf-token": "wrong" });
    const viewer = new Client(w.app);
    await viewer.login(VIEWER_PASSWORD);
    secrets.push(viewer.cookies.get("resonanz_session") ?? "");
    await viewer.postForm("/logout", { _csrf: await viewer.csrf() });

    expect(secrets.every((s) => s.length >= 16)).toBe(true);
    const rows = JSON.stringify(await audit(w));
    const logs = w.logs.join("\n");
    expect(w.logs.length).toBeGreaterThan(3);
    for (const s of secrets) {
      expect(logs).not.toContain(s);
      expect(rows).not.toContain(s);
    }
    const settings = JSON.stringify(await w.t.database.db.selectFrom("share_links").selectAll().execute());
    expect(settings).not.toContain(token);
  });
});
