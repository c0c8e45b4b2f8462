import { Hono } from "hono";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDashboardRoutes } from "../../dashboard/routes.tsx";
import { createFormatter } from "../../dashboard/view-models/format.ts";
import { type Filters, parseFilters } from "../../data/filters.ts";
import { getSummary } from "../../data/queries/summary.ts";
import { getTimeline } from "../../data/queries/timeline.ts";
import { CAMPAIGNS, createTestDb, makePost, seed, type TestDb } from "../helpers/db.ts";

const XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>";

let t: TestDb;
let app: Hono;
const postUrls = new Set<string>();

beforeEach(async () => {
  t = await createTestDb();
  app = new Hono().route("/", createDashboardRoutes({ db: t.database.db, campaigns: CAMPAIGNS }));
  // Twelve ordinary posts over three days with large follower counts, so thousands separators show.
  const posts = Array.from({ length: 12 }, (_, i) =>
    makePost({
      createdAt: `2017-04-${21 + (i % 3)}T${String(8 + i).padStart(2, "0")}:00:00.000Z`,
      text: i % 2 ? "Großartige #Clusterwoche, toller Tag!" : "Heute startet die #Clusterwoche",
      author: {
        handle: `@author${i}@social.example`,
        name: `Autor ${i}`,
        url: null,
        followers: 1500 + i * 1000,
      },
      counts: { likes: 100 + i, reposts: 20, replies: 5, quotes: 1 },
    }),
  );
  const evil = makePost({
    createdAt: "2017-04-24T09:00:00.000Z",
    text: XSS,
    author: { handle: "@eve@evil.example", name: "<b>Eve</b>", url: null, followers: 10 },
  });
  const badLink = makePost({ createdAt: "2017-04-24T08:00:00.000Z", url: "javascript:alert(3)" });
  const otherYear = makePost({ createdAt: "2019-04-03T10:00:00.000Z", text: "Zweite #Clusterwoche" });
  seed(t.store, [...posts, evil, badLink, otherYear]);
  postUrls.clear();
  for (const p of [...posts, evil]) if (p.url) postUrls.add(p.url);
});

afterEach(async () => {
  await t.database.close();
});

async function get(path: string): Promise<{ status: number; type: string; html: string }> {
  const res = await app.request(path);
  return { status: res.status, type: res.headers.get("content-type") ?? "", html: await res.text() };
}

function filters(query: Record<string, string> = {}): Filters {
  return parseFilters(query, CAMPAIGNS);
}

/** The block of one KPI card, so a number is checked where it belongs. */
function kpiBlock(html: string, key: string): string {
  const start = html.indexOf(`id="kpi-${key}"`);
  expect(start, `kpi-${key} present`).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf("</div>", start));
}

function timelineJson(html: string): { bucket: string; labels: string[]; posts: number[] } {
  const m = /<script type="application\/json" id="timeline-data">([\s\S]*?)<\/script>/.exec(html);
  expect(m, "timeline JSON element").not.toBeNull();
  return JSON.parse(m?.[1] ?? "");
}

function decode(attr: string): string {
  return attr
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}

describe("GET / (overview)", () => {
  it("renders a German HTML document with the summary's numbers as the view model formats them", async () => {
    const { status, type, html } = await get("/");
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/html/);
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain('<html lang="de">');
    expect(html).toContain("Clusterwoche Deutschland 2017");
    expect(html).toContain("20.04.2017 – 28.04.2017");

    const s = await getSummary(t.database.db, filters());
    expect(s.posts).toBe(14);
    const fmt = createFormatter("de");
    expect(fmt.integer(s.potentialReach)).toContain("."); // the fixture really exercises grouping
    const expected: [string, string, string][] = [
      ["posts", "Erwähnungen", fmt.integer(s.posts)],
      ["authors", "Autor:innen", fmt.integer(s.authors)],
      ["potentialReach", "potenzielle Reichweite", fmt.integer(s.potentialReach)],
      ["uniqueReach", "eindeutige Reichweite", fmt.integer(s.uniqueReach)],
      ["engagement", "Interaktionen", fmt.integer(s.engagement)],
      ["engagementRate", "Interaktionsrate", fmt.percent(s.engagementRate)],
    ];
    for (const [key, label, value] of expected) {
      const block = kpiBlock(html, key);
      expect(block).toContain(`<dt>${label}</dt>`);
      expect(block).toContain(`<dd class="kpi-value">${value}</dd>`);
    }
    const sentiment = html.slice(html.indexOf('id="kpi-sentiment"'));
    expect(sentiment).toContain("<dt>Stimmung</dt>");
    for (const n of [s.sentiment.positive, s.sentiment.neutral, s.sentiment.negative]) {
      expect(sentiment).toContain(`<span class="sentiment-count">${fmt.integer(n)}</span>`);
    }
    expect(sentiment).toContain(`<span class="sentiment-mean-value">${fmt.signed(s.sentiment.mean)}</span>`);
  });

  it("switches to English with ?lang=en and keeps the other parameters in the switch link", async () => {
    const { status, html } = await get("/?lang=en&platform=mastodon");
    expect(status).toBe(200);
    expect(html).toContain('<html lang="en">');
    for (const label of [
      "Posts",
      "Authors",
      "Potential reach",
      "Unique reach",
      "Engagement rate",
      "Sentiment",
    ]) {
      expect(html).toContain(`<dt>${label}</dt>`);
    }
    expect(html).toContain("Latest posts");
    expect(html).not.toContain("Neueste Beiträge");
    const s = await getSummary(t.database.db, filters({ platform: "mastodon" }));
    expect(kpiBlock(html, "potentialReach")).toContain(createFormatter("en").integer(s.potentialReach));

    const switchLink = /<a href="([^"]*)" lang="de" hreflang="de">Deutsch<\/a>/.exec(html);
    expect(decode(switchLink?.[1] ?? "")).toBe("/?platform=mastodon");
    const de = await get("/?platform=mastodon");
    const toEnglish = /<a href="([^"]*)" lang="en" hreflang="en">English<\/a>/.exec(de.html);
    expect(decode(toEnglish?.[1] ?? "")).toBe("/?platform=mastodon&lang=en");
  });

  it("shows untrusted post text only escaped", async () => {
    const { html } = await get("/");
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("<b>Eve</b>");
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;");
  });

  it("has no inline script code, no inline styles and no external URLs but post links", async () => {
    const { html } = await get("/");
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThanOrEqual(3);
    for (const [, attrs = "", body = ""] of scripts) {
      const external = /\ssrc="\/[^"]*"/.test(attrs) && body === "";
      expect(external || attrs.includes('type="application/json"'), attrs).toBe(true);
    }
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/<style/i);
    // Event-handler attributes inside tags (escaped post text may contain the letters, not a tag).
    expect(html).not.toMatch(/<[^>]*\son[a-z]+=/i);

    const refs = [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => decode(m[1] ?? ""));
    const external = refs.filter((r) => /^(https?:)?\/\//i.test(r));
    expect(external.length).toBeGreaterThan(0);
    for (const r of external) expect(postUrls.has(r), r).toBe(true);
    for (const m of html.matchAll(/<a href="https?:[^"]*"([^>]*)>/g)) {
      expect(m[1]).toContain('target="_blank"');
      expect(m[1]).toContain('rel="noopener nofollow"');
    }
  });

  it("lists the ten newest posts, newest first, in Berlin time", async () => {
    const { html } = await get("/");
    const start = html.indexOf('<ol class="post-list" id="posts-list">');
    const list = html.slice(start, html.indexOf("</ol>", start));
    expect(list.match(/<li>/g)).toHaveLength(10);
    const times = [...list.matchAll(/<time datetime="([^"]+)">([^<]+)<\/time>/g)];
    expect(times[0]?.[1]).toBe("2017-04-24T09:00:00.000Z");
    expect(times[0]?.[2]).toBe("24.04.2017, 11:00 Uhr");
    const isoTimes = times.map((m) => m[1] ?? "");
    expect(isoTimes).toEqual([...isoTimes].sort().reverse());
    expect(list).toContain("@eve@evil.example");
    expect(list).toContain("Mastodon");
  });

  it.each([["day"], ["hour"]] as const)(
    "puts getTimeline's %s series into the JSON element",
    async (bucket) => {
      const { html } = await get(bucket === "hour" ? "/?bucket=hour" : "/");
      const data = timelineJson(html);
      const timeline = await getTimeline(t.database.db, filters(), bucket);
      expect(data.bucket).toBe(bucket);
      expect(data.posts).toEqual(timeline.series.map((p) => p.posts));
      expect(data.labels).toHaveLength(timeline.series.length);
      // The accessible table holds the same series.
      const table = html.slice(
        html.indexOf('id="timeline-heading"'),
        html.indexOf("</section>", html.indexOf('id="timeline-heading"')),
      );
      expect(table.match(/<th scope="row">/g)).toHaveLength(timeline.series.length);
    },
  );

  it("writes a peak sentence", async () => {
    const { html } = await get("/");
    expect(html).toMatch(/<p id="timeline-summary" class="timeline-summary">Spitzenwert am [^<]+\.<\/p>/);
  });

  it("shows an empty page, not an error, when nothing matches", async () => {
    const { status, html } = await get("/?platform=bluesky");
    expect(status).toBe(200);
    expect(kpiBlock(html, "posts")).toContain('<dd class="kpi-value">0</dd>');
    expect(html).toContain("Im gewählten Zeitraum gibt es keine Erwähnungen.");
    expect(html).toContain("Im gewählten Zeitraum gibt es noch keine Beiträge.");
  });

  it("filters by campaign and by post language (postLang, since lang is the UI language)", async () => {
    const cw19 = await get("/?campaign=clusterwoche-2019");
    expect(cw19.html).toContain("Clusterwoche Deutschland 2019");
    expect(kpiBlock(cw19.html, "posts")).toContain('<dd class="kpi-value">1</dd>');
    const en = await get("/?postLang=en");
    expect(en.status).toBe(200);
    expect(kpiBlock(en.html, "posts")).toContain('<dd class="kpi-value">0</dd>');
  });
});

describe("GET / with a bad filter", () => {
  it.each([
    ["/?from=2017-13-40", "de", "Der Wert „2017-13-40“ für „Von“ ist ungültig."],
    ["/?from=2017-13-40&lang=en", "en", "The value “2017-13-40” for “From” is invalid."],
    ["/?from=2017-04-25&to=2017-04-21", "de", "Der Wert „2017-04-25“ für „Von“ ist ungültig."],
    ["/?campaign=nope", "de", "Der Wert „nope“ für „Kampagne“ ist ungültig."],
    ["/?platform=myspace", "de", "Der Wert „myspace“ für „Plattform“ ist ungültig."],
    ["/?postLang=xx1", "de", "Der Wert „xx1“ für „Beitragssprache“ ist ungültig."],
    ["/?bucket=week&lang=en", "en", "The value “week” for “Interval” is invalid."],
    ["/?cluster=ABC!", "de", "Der Wert „ABC!“ für „Cluster“ ist ungültig."],
  ])("%s → 400 HTML page", async (path, lang, problem) => {
    const { status, type, html } = await get(path);
    expect(status).toBe(400);
    expect(type).toMatch(/^text\/html/);
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain(`<html lang="${lang}">`);
    expect(html).toContain(`<p class="error-problem">${problem}</p>`);
  });
});

describe("security headers", () => {
  const CSP =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  it.each([
    ["/", 200],
    ["/?lang=en&bucket=hour", 200],
    ["/?from=2017-13-40", 400],
  ])("%s (%d) carries a strict CSP, nosniff and no referrer", async (path, status) => {
    const res = await app.request(path);
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("content-security-policy")).toBe(CSP);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    // HSTS belongs to the TLS-terminating proxy, not to an app that may run on plain HTTP on a closed network.
    expect(res.headers.get("strict-transport-security")).toBeNull();
  });

  it("does not put the page policy on routes mounted next to the dashboard", async () => {
    const host = new Hono()
      .route("/", createDashboardRoutes({ db: t.database.db, campaigns: CAMPAIGNS }))
      .get("/api/ping", (c) => c.json({ ok: true }));
    const res = await host.request("/api/ping");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toBeNull();
    expect((await host.request("/")).headers.get("content-security-policy")).toBe(CSP);
  });
});

describe("assets", () => {
  it("serves Chart.js's UMD build from node_modules", async () => {
    const res = await app.request("/assets/chart.umd.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(res.headers.get("cache-control")).toMatch(/max-age/);
    const body = await res.text();
    expect(body).toContain("Chart");
    expect(body).not.toContain("sourceMappingURL");
  });

  it.each([
    ["/assets/overview.js", /^text\/javascript/, "timeline-data"],
    ["/assets/app.css", /^text\/css/, "@media print"],
  ])("serves %s", async (path, type, content) => {
    const res = await app.request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(type);
    expect(await res.text()).toContain(content);
  });

  it("links every asset the page uses with a version and serves it immutable", async () => {
    const { html } = await get("/");
    const refs = [...html.matchAll(/\s(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => decode(m[1] ?? ""));
    expect(refs).toHaveLength(5); // the stylesheet; Chart.js, the chart helpers, the overview's charts, live updates
    for (const ref of refs) {
      expect(ref).toMatch(/\?v=[0-9a-f]{12}$/);
      const res = await app.request(ref);
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toContain("immutable");
    }
  });
});

describe("the overview's comparison", () => {
  it("compares 2019 with the previous edition on the same campaign days, and 2017 with nothing by default", async () => {
    // The fixture has 14 posts in the 2017 week and one on 3 April 2019 (its day 2).
    const all2017 = (await getSummary(t.database.db, filters())).posts;
    const { html } = await get("/?campaign=clusterwoche-2019");
    const posts = kpiBlock(html, "posts");
    expect(posts).toContain(
      `−${Math.round(((all2017 - 1) / all2017) * 100)}${NBSP_}% gegenüber Clusterwoche Deutschland 2017`,
    );
    // 2019 ran ten days, 2017 nine: the comparison takes the same ten campaign days of 2017.
    expect(html).toContain("an denselben Kampagnentagen (20.04.2017 – 29.04.2017)");
    expect(kpiBlock((await get("/")).html, "posts")).not.toContain("gegenüber");
  });

  it("can be chosen or switched off in the form, and a bad choice gets the 400 page", async () => {
    const chosen = await get("/?compare=clusterwoche-2019&lang=en");
    expect(kpiBlock(chosen.html, "posts")).toMatch(/against Clusterwoche Deutschland 2019/);
    expect(chosen.html).toMatch(/<option value="clusterwoche-2019" selected="">/);
    expect(kpiBlock((await get("/?campaign=clusterwoche-2019&compare=none")).html, "posts")).not.toContain(
      "gegenüber",
    );
    const bad = await get("/?compare=nope");
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("Vergleichen mit");
  });
});

const NBSP_ = "\u00a0";
