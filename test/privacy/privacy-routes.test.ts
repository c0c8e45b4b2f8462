import type { MiddlewareHandler } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrivacyNoticeSettings } from "../../dashboard/privacy/view-model.ts";
import { createSqlitePrivacyStore } from "../../data/privacy/store.ts";
import { createPrivacyRoutes, type PrivacyRouteDeps } from "../../server/privacy-routes.tsx";
import { CAMPAIGNS } from "../helpers/db.ts";
import { count, makePost, type PrivacyWorld, privacyWorld, SECRET, SILENT } from "./privacy-world.ts";

const allow: MiddlewareHandler = async (_c, next) => {
  await next();
};

const NOTICE: PrivacyNoticeSettings = {
  deletedAtSourceDays: 30,
  retentionDays: 90,
  sources: ["mastodon", "bluesky"],
  campaigns: CAMPAIGNS.campaigns,
  controller: {
    name: "Bundesministerium für Beispiele",
    address: "Musterstraße 1, 10115 Berlin",
    email: "presse@bmb.example",
    dpo: { name: "Datenschutz BMB", email: "datenschutz@bmb.example" },
  },
  legalBasis: "Art. 6 Abs. 1 lit. e DSGVO i. V. m. § 3 BDSG",
};

let world: PrivacyWorld;
const routes = (extra: Partial<PrivacyRouteDeps> = {}) =>
  createPrivacyRoutes({
    store: createSqlitePrivacyStore(world.database.sqlite, world.rollups),
    campaigns: CAMPAIGNS.campaigns,
    secret: SECRET,
    now: () => world.clock.now,
    log: SILENT,
    ...extra,
  });

beforeAll(async () => {
  world = await privacyWorld([
    makePost({
      text: "Eins #Clusterwoche",
      author: { handle: "@weg@x.example", name: "W", url: null, followers: 3 },
    }),
    makePost({
      text: "Zwei #Clusterwoche",
      author: { handle: "@weg@x.example", name: "W", url: null, followers: 3 },
    }),
    makePost({
      text: "Drei #Clusterwoche",
      author: { handle: "@form@x.example", name: "F", url: null, followers: 3 },
    }),
  ]);
});
afterAll(async () => {
  await world.database.close();
});

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

describe("POST /admin/erase", () => {
  it("is closed by default: 403 and nothing removed", async () => {
    const total = count(world.database, "SELECT count(*) AS n FROM posts");
    const res = await routes().request("/admin/erase", json({ handle: "@weg@x.example" }));
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: expect.stringContaining("not available") });
    expect(count(world.database, "SELECT count(*) AS n FROM posts")).toBe(total);
  });

  it("answers a dry run, then erases (JSON), with the guard passed in", async () => {
    const app = routes({ guard: allow });
    const dry = await app.request("/admin/erase", json({ handle: "@weg@x.example", dryRun: true }));
    expect(dry.status).toBe(200);
    expect(await dry.json()).toMatchObject({ dryRun: true, posts: 2, authors: 1 });
    expect(count(world.database, "SELECT count(*) AS n FROM authors WHERE handle = '@weg@x.example'")).toBe(
      1,
    );
    const res = await app.request("/admin/erase", json({ handle: "@weg@x.example", platform: "mastodon" }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ dryRun: false, posts: 2, authors: 1, platform: "mastodon" });
    expect(count(world.database, "SELECT count(*) AS n FROM authors WHERE handle = '@weg@x.example'")).toBe(
      0,
    );
    expect(world.database.sqlite.prepare('SELECT "trigger", platform FROM erasure_log').all()).toEqual([
      { trigger: "http", platform: "mastodon" },
    ]);
  });

  it("runs a before/after route guard around the size limit, in order", async () => {
    const seen: string[] = [];
    const guard = {
      before: (async (_c, next) => {
        seen.push("before");
        await next();
      }) as MiddlewareHandler,
      after: (async (c, next) => {
        seen.push(`after:${c.req.header("content-type")}`);
        if (c.req.header("x-deny")) return c.json({ error: "csrf" }, 403);
        await next();
      }) as MiddlewareHandler,
    };
    const app = routes({ guard });
    const denied = await app.request("/admin/erase", json({ handle: "@nobody@x" }, { "x-deny": "1" }));
    expect(denied.status).toBe(403);
    const ok = await app.request("/admin/erase", json({ handle: "@nobody@x", dryRun: true }));
    expect(ok.status).toBe(200);
    expect(seen).toEqual(["before", "after:application/json", "before", "after:application/json"]);
    const big = await app.request("/admin/erase", json({ handle: "x".repeat(20_000) }));
    expect(big.status).toBe(413);
    expect(seen.at(-1)).toBe("before");
  });

  it("takes a form post (with the CSRF field the access layer adds)", async () => {
    const res = await routes({ guard: allow }).request("/admin/erase", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ handle: "@form@x.example", platform: "", _csrf: "t" }).toString(),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ posts: 1, authors: 1 });
  });

  it.each([
    ["no handle", json({ platform: "mastodon" }), 400, "handle"],
    ["a bad platform", json({ handle: "@a@b", platform: "friendster" }), 400, "platform"],
    ["an unknown field", json({ handle: "@a@b", everything: true }), 400, "everything"],
    [
      "not JSON",
      { method: "POST", headers: { "content-type": "application/json" }, body: "{" },
      400,
      undefined,
    ],
    ["plain text", { method: "POST", headers: { "content-type": "text/plain" }, body: "x" }, 400, undefined],
    [
      "a cross-site browser post",
      json({ handle: "@a@b" }, { "sec-fetch-site": "cross-site" }),
      403,
      undefined,
    ],
    ["a huge body", json({ handle: "x".repeat(20_000) }), 413, undefined],
  ])("refuses %s", async (_label, init, status, param) => {
    const res = await routes({ guard: allow }).request("/admin/erase", init);
    expect(res.status).toBe(status);
    const body = (await res.json()) as { error: string; param?: string };
    expect(body.error).toEqual(expect.any(String));
    if (param) expect(body.param).toBe(param);
  });
});

describe("the privacy notice", () => {
  it("is served in German with the operator's details, no warnings and the page headers", async () => {
    const res = await routes({ notice: NOTICE }).request("/datenschutz");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    const html = await res.text();
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain('<html lang="de">');
    expect(html).toContain("<h1>Datenschutzhinweise</h1>");
    expect(html).toContain("Bundesministerium für Beispiele");
    expect(html).toContain('href="mailto:datenschutz@bmb.example"');
    expect(html).toContain("Art. 6 Abs. 1 lit. e DSGVO");
    expect(html).toContain("90 Tage nach dem Ende");
    expect(html).toContain("#Clusterwoche");
    expect(html).toContain("Mastodon");
    expect(html).not.toContain("RSS- und Atom-Feeds");
    expect(html).not.toContain("Nicht konfiguriert");
    expect(html).toContain('href="/datenschutz?lang=en"');
  });

  it("is served in English with ?lang=en", async () => {
    const html = await (await routes({ notice: NOTICE }).request("/datenschutz?lang=en")).text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("<h1>Privacy notice</h1>");
    expect(html).toContain("90 days after the end");
  });

  it("warns in words when the operator has not configured it", async () => {
    const html = await (
      await routes({
        notice: { deletedAtSourceDays: 30, sources: [], campaigns: CAMPAIGNS.campaigns },
      }).request("/datenschutz")
    ).text();
    expect(html.match(/Nicht konfiguriert:/g)).toHaveLength(3);
    expect(html).toContain("privacy.controller");
    expect(html).not.toContain("mailto:");
  });

  it.each([
    ["/privacy", "/datenschutz"],
    ["/privacy?lang=en", "/datenschutz?lang=en"],
    ["/privacy?lang=xx", "/datenschutz"],
  ])("%s redirects to %s", async (from, to) => {
    const res = await routes({ notice: NOTICE }).request(from);
    expect(res.status).toBe(301);
    expect(res.headers.get("location")).toBe(to);
  });

  it("is not served without notice settings", async () => {
    expect((await routes().request("/datenschutz")).status).toBe(404);
  });
});
