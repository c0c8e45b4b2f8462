import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseFilters } from "../../data/filters.ts";
import { formatInteger } from "../../data/format.ts";
import { getClusters } from "../../data/queries/clusters.ts";
import { getSummary } from "../../data/queries/summary.ts";
import { ROOT } from "../helpers/cli.ts";
import { makePost } from "../helpers/db.ts";
import { browserSkipReason, launchChromium } from "./chromium.ts";
import { DEMO_ADMIN_PASSWORD, type DemoSite, startDemoSite } from "./demo-site.ts";

const skip = browserSkipReason();
if (skip) console.warn(`browser tests skipped: ${skip}`);

/** Screenshots of every page from the last run, for people to look at (git-ignored). */
const SHOTS = join(ROOT, "out", "screenshots");
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

interface PageCase {
  name: string;
  path: string;
  /** Opened after logging in as the admin (the browser keeps the session for the cases after it). */
  admin?: boolean;
  /** Canvas ids that must end up with something drawn. */
  charts: string[];
}

/** Every page of the dashboard (the cluster page's id is filled in from the data). */
const PAGES: PageCase[] = [
  { name: "overview", path: "/", charts: ["timeline-chart", "sov-chart"] },
  { name: "overview-en-hour", path: "/?lang=en&bucket=hour", charts: ["timeline-chart"] },
  { name: "clusters", path: "/clusters", charts: ["sov-chart"] },
  { name: "cluster", path: "/clusters/{cluster}", charts: ["cluster-timeline-chart"] },
  {
    name: "cluster-en",
    path: "/clusters/{cluster}?lang=en&platform=mastodon",
    charts: ["cluster-timeline-chart"],
  },
  { name: "laender", path: "/laender", charts: [] },
  { name: "events", path: "/events", charts: [] },
  { name: "posts", path: "/posts", charts: [] },
  { name: "posts-search-en", path: "/posts?q=Wasserstoff&lang=en", charts: [] },
  { name: "reports", path: "/reports", charts: [] },
  { name: "wall", path: "/embed/wall?cluster={cluster}", charts: [] },
  { name: "sources", path: "/sources", charts: [] },
  { name: "login", path: "/login", charts: [] },
  { name: "privacy", path: "/datenschutz", charts: [] },
  { name: "import", path: "/import", charts: [], admin: true },
  { name: "admin", path: "/admin", charts: [], admin: true },
];

describe.skipIf(skip !== null)("the dashboard in Chromium against the demo world", () => {
  let site: DemoSite;
  let browser: BrowserContext;
  /** The cluster with the most posts in the demo world: its page has something to show. */
  let busiestCluster = "";

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    site = await startDemoSite();
    const clusters = await getClusters(site.rt.database.db, parseFilters({}, site.rt.campaigns));
    busiestCluster = clusters[0]?.id ?? "";
    browser = await launchChromium();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  /** Opens a page and records what a healthy page must not do: console errors, page errors, foreign requests. */
  async function open(path: string, viewport?: { width: number; height: number }) {
    const page = await browser.newPage();
    if (viewport) await page.setViewportSize(viewport);
    const problems: string[] = [];
    const foreign: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("request", (r) => {
      const url = r.url();
      if (!url.startsWith(site.base) && !url.startsWith("data:")) foreign.push(url);
    });
    const res = await page.goto(site.base + path.replace("{cluster}", busiestCluster), { waitUntil: "load" });
    return { page, res, problems, foreign };
  }

  /** Logs the browser in through the login form (once; the session cookie stays in the browser). */
  let loggedIn = false;
  async function logInAsAdmin(): Promise<void> {
    if (loggedIn) return;
    const page = await browser.newPage();
    await page.goto(`${site.base}/login`);
    await page.fill('input[name="password"]', DEMO_ADMIN_PASSWORD);
    await Promise.all([
      page.waitForURL((u) => !u.pathname.startsWith("/login")),
      page.click('button[type="submit"]'),
    ]);
    await page.close();
    loggedIn = true;
  }

  async function chartDrawn(page: Page, id: string): Promise<void> {
    await page.waitForFunction(
      (canvasId) => {
        const c = document.getElementById(canvasId) as HTMLCanvasElement | null;
        const ctx = c?.getContext("2d");
        if (!c || !ctx || c.width === 0) return false;
        const data = ctx.getImageData(0, 0, c.width, c.height).data;
        for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) return true;
        return false;
      },
      id,
      { timeout: 10_000 },
    );
  }

  async function axeViolations(page: Page): Promise<string[]> {
    await page.evaluate(AXE);
    const result = (await page.evaluate(() =>
      (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<unknown> } }).axe.run(
        document,
        {
          runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        },
      ),
    )) as { violations: { id: string; impact: string; nodes: { target: string[] }[] }[] };
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  }

  it.each(PAGES)(
    "$name ($path): renders, draws its charts, stays on this server, no console error, axe clean",
    async (c) => {
      if (c.admin) await logInAsAdmin();
      const { page, res, problems, foreign } = await open(c.path);
      try {
        expect(res?.status()).toBe(200);
        for (const id of c.charts) await chartDrawn(page, id);
        expect(await page.locator("h1").count()).toBe(1);
        expect(await axeViolations(page)).toEqual([]);
        await page.screenshot({ path: join(SHOTS, `${c.name}.png`), fullPage: true });
        expect(problems).toEqual([]);
        expect(foreign).toEqual([]);
      } finally {
        await page.close();
      }
    },
  );

  it("is usable at phone width: nothing wider than the screen", async () => {
    for (const c of PAGES) {
      const { page } = await open(c.path, { width: 375, height: 800 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      await page.screenshot({ path: join(SHOTS, `${c.name}-phone.png`), fullPage: true });
      await page.close();
      expect(overflow, c.path).toBeLessThanOrEqual(1);
    }
  });

  it("a platform filter changes the numbers exactly as the API does", async () => {
    for (const platform of ["bluesky", "mastodon"] as const) {
      const { page } = await open(`/?platform=${platform}`);
      const shown = (await page.locator("#kpi-posts .kpi-value").textContent())?.trim();
      const api = (await (await fetch(`${site.base}/api/summary?platform=${platform}`)).json()) as {
        posts: number;
      };
      const all = await getSummary(site.rt.database.db, parseFilters({}, site.rt.campaigns));
      expect(api.posts).toBeGreaterThan(0);
      expect(api.posts).toBeLessThan(all.posts);
      expect(shown).toBe(formatInteger(api.posts, "de"));
      await page.close();
    }
  });

  it("shows a new post over server-sent events without a reload, and keeps hostile text inert", async () => {
    const { page, problems, foreign } = await open("/");
    await page.waitForSelector("#live-status.live-on", { timeout: 10_000 });
    const hostile = `Live-Test <img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script> ${Date.now()}`;
    await site.rt.store.ingestBatch({
      source: "test",
      target: "live",
      posts: [makePost({ text: `${hostile} #Clusterwoche`, createdAt: "2017-04-27T10:00:00.000Z" })],
    });
    const item = page.locator("#posts-list li.post-new .post-text").first();
    await item.waitFor({ timeout: 10_000 });
    expect(await item.textContent()).toContain(hostile);
    expect(await page.locator("#posts-list img").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator("#live-count").textContent()).toMatch(/1\)$/);
    await page.screenshot({ path: join(SHOTS, "overview-live.png") });
    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });

  it("renders the demo world's hostile posts as text on the page", async () => {
    const { page } = await open("/");
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    // Nothing from a post became an element: post texts hold text nodes only.
    const elementsInPosts = await page.locator(".post-text *").count();
    expect(elementsInPosts).toBe(0);
    await page.close();
  });
});
