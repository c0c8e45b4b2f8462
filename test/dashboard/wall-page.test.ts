import { readFileSync } from "node:fs";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAssetRoutes, loadAssets } from "../../dashboard/assets.ts";
import { listPosts, parsePostQuery } from "../../data/queries/posts.ts";
import { createWorld, decode, get, type World, XSS_NAME } from "./posts-world.ts";

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.close();
});

const page = (path: string) => get(w.app, path);

function uids(html: string): string[] {
  return [...html.matchAll(/<li class="wall-item" data-uid="([^"]+)">/g)].map((m) => decode(m[1] ?? ""));
}

function config(html: string): Record<string, unknown> {
  const m = /<script type="application\/json" id="wall-config">([\s\S]*?)<\/script>/.exec(html);
  expect(m, "wall config JSON").not.toBeNull();
  return JSON.parse(m?.[1] ?? "");
}

const STRICT = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
];

describe("GET /embed/wall: headers", () => {
  it.each(["/embed/wall", "/embed/wall?cluster=nope"])(
    "%s may be framed by any site and keeps the strict CSP",
    async (path) => {
      const { res } = await page(path);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp.split("; ")).toContain("frame-ancestors *");
      for (const directive of STRICT) expect(csp.split("; ")).toContain(directive);
      expect(csp).not.toContain("unsafe-inline");
      expect(res.headers.get("x-frame-options")).toBeNull();
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    },
  );

  it.each(["/posts", "/events", "/reports"])("%s still forbids framing", async (path) => {
    const { res } = await page(path);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
  });
});

describe("GET /embed/wall: content", () => {
  it("shows the newest posts of the campaign as cards, without navigation or filter form", async () => {
    const { status, html } = await page("/embed/wall");
    expect(status).toBe(200);
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain('<html lang="de">');
    const expected = await listPosts(w.database.db, w.filters(), parsePostQuery({ limit: "12" }));
    expect(uids(html)).toEqual(expected.items.map((i) => i.uid));
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
    expect(html).toContain('<span class="wall-tag">#Clusterwoche</span>');
    expect(html).not.toContain("<nav");
    expect(html).not.toContain("<form");
    expect(html).not.toContain("skip-link");
    // Live parts: the indicator (shown by the script), the polite live region, the script itself.
    expect(html).toContain('<p class="wall-live" id="wall-live" hidden="">');
    expect(html).toContain('aria-live="polite"');
    expect(html).toMatch(/<script src="\/assets\/wall\.js\?v=[0-9a-f]{12}" defer=""><\/script>/);
    expect(html).toContain('<time id="wall-updated" datetime="2017-04-25T12:03:00.000Z">14:03 Uhr</time>');
    expect(html).toContain('<p class="wall-empty" id="wall-empty" hidden="">');
    expect(config(html)).toMatchObject({
      api: "/api/posts?campaign=clusterwoche-2017&limit=12",
      intervalMs: 30000,
    });
  });

  it("shows one cluster's posts, up to the limit", async () => {
    const { status, html } = await page("/embed/wall?cluster=its-owl&limit=3&lang=en");
    expect(status).toBe(200);
    expect(html).toContain('<html lang="en">');
    const expected = await listPosts(
      w.database.db,
      w.filters({ cluster: "its-owl" }),
      parsePostQuery({ limit: "3" }),
    );
    expect(expected.items).toHaveLength(3);
    expect(uids(html)).toEqual(expected.items.map((i) => i.uid));
    expect(html).toContain('<span class="wall-sub">it&#39;s OWL Clustermanagement GmbH</span>');
    expect(html).toContain("updates every 30 seconds");
    expect(config(html)).toMatchObject({
      api: "/api/posts?campaign=clusterwoche-2017&cluster=its-owl&limit=3",
      locale: "en-GB",
    });
  });

  it("an empty campaign shows the empty note", async () => {
    const { html } = await page("/embed/wall?campaign=clusterwoche-2019&cluster=biorn");
    expect(uids(html)).toEqual([]);
    expect(html).toContain('<p class="wall-empty" id="wall-empty">Noch keine Beiträge');
  });

  it.each([
    ["cluster=nope", "Cluster"],
    ["cluster=Bad%20Id", "Cluster"],
    ["campaign=nope", "Kampagne"],
    ["limit=0", "Anzahl"],
    ["limit=abc", "Anzahl"],
  ])("a bad %s gets a 400 page inside the frame, without site navigation", async (qs, label) => {
    const { status, html } = await page(`/embed/wall?${qs}`);
    expect(status).toBe(400);
    expect(html).toContain("<h1>Die Social Wall kann nicht angezeigt werden</h1>");
    expect(html).toContain(`für „${label}“ ist ungültig.`);
    expect(html).not.toContain("<nav");
  });

  it("shows hostile text only escaped, links only http(s) URLs, and no inline style", async () => {
    const { html } = await page("/embed/wall?limit=200");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;");
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain(XSS_NAME);
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).not.toMatch(/\sstyle=/i);
    for (const m of html.matchAll(/<a href="([^"]*)"([^>]*)>/g)) {
      expect(m[1]).toMatch(/^https?:/);
      expect(m[2]).toContain('target="_blank" rel="noopener nofollow"');
    }
  });
});

describe("public/wall.js", () => {
  const source = readFileSync(new URL("../../dashboard/public/wall.js", import.meta.url), "utf8");

  it("is served by name with the dashboard's assets", async () => {
    const assets = loadAssets();
    expect(assets.urls.scripts.wall).toMatch(/^\/assets\/wall\.js\?v=/);
    const res = await new Hono().route("/", createAssetRoutes(assets)).request("/assets/wall.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/javascript/);
  });

  it("builds cards with createElement/textContent only, never HTML strings", () => {
    const code = source.replace(/^\s*\/\/.*$/gm, ""); // the comments may name what the code must not use
    for (const sink of [
      "innerHTML",
      "outerHTML",
      "insertAdjacentHTML",
      "document.write",
      "eval(",
      "new Function",
    ]) {
      expect(code).not.toContain(sink);
    }
    expect(source).toContain("textContent");
    expect(source).toContain("createElement");
    // Only http(s) URLs become links; the API is same-origin.
    expect(source).toContain('u.protocol === "http:" || u.protocol === "https:"');
    expect(source).toContain('config.api.startsWith("/")');
  });

  it("builds the same classes as the server-rendered card", () => {
    for (const cls of [
      "wall-item",
      "wall-card",
      "wall-author",
      "wall-name",
      "wall-handle",
      "wall-text",
      "wall-meta",
      "wall-platform",
      "wall-clusters",
    ]) {
      expect(source).toContain(`"${cls}"`);
    }
  });
});
