import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFormatter } from "../../dashboard/view-models/format.ts";
import { countPosts } from "../../data/queries/post-count.ts";
import { listPosts, parsePostQuery } from "../../data/queries/posts.ts";
import { getSummary } from "../../data/queries/summary.ts";
import { createWorld, decode, get, type World, XSS_NAME } from "./posts-world.ts";

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.close();
});

const page = (path: string) => get(w.app, path);

/** Every post uid listPosts returns for the query, over all its pages. */
async function allUids(query: Record<string, string> = {}, filterQuery: Record<string, string> = {}) {
  const items = await listPosts(
    w.database.db,
    w.filters(filterQuery),
    parsePostQuery({ ...query, limit: "200" }),
  );
  return items.items.map((i) => i.uid);
}

function uidsOf(html: string): string[] {
  return [...html.matchAll(/<li data-uid="([^"]+)">/g)].map((m) => decode(m[1] ?? ""));
}

function resultSentence(html: string): string {
  const m = /<p class="result-count" id="result-count">([^<]*)<\/p>/.exec(html);
  expect(m, "result sentence").not.toBeNull();
  return decode(m?.[1] ?? "");
}

function link(html: string, text: string): string | null {
  const m = new RegExp(`<a href="([^"]*)"[^>]*>${text}</a>`).exec(html);
  return m ? decode(m[1] ?? "") : null;
}

describe("GET /posts", () => {
  it("lists the newest posts with a count equal to the query functions'", async () => {
    const { status, html } = await page("/posts");
    expect(status).toBe(200);
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain('<html lang="de">');
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
    expect(html).toContain('aria-current="page">Beiträge</a>');

    const summary = await getSummary(w.database.db, w.filters());
    const all = await allUids();
    expect(all).toHaveLength(61);
    expect(summary.posts).toBe(all.length);
    expect(await countPosts(w.database.db, w.filters(), { q: null, sentiment: null })).toEqual({
      n: all.length,
      capped: false,
    });
    expect(resultSentence(html)).toBe(
      "61 Beiträge im gewählten Zeitraum. Diese Seite zeigt 50 Beiträge, neueste zuerst.",
    );
    expect(uidsOf(html)).toEqual(all.slice(0, 50));
  });

  it("shows author, platform, Berlin time, clusters (linked), hashtags, sentiment, counts and the original", async () => {
    const { html } = await page("/posts?q=Wasserstoff%20OWL");
    expect(uidsOf(html)).toHaveLength(1);
    const post = html.slice(html.indexOf('<article class="post">'), html.indexOf("</article>"));
    expect(post).toContain('<span class="post-name">Autor 1 </span>');
    expect(post).toContain('<span class="post-handle">@author1@social.example</span>');
    expect(post).toContain('<span class="post-platform">Mastodon</span>');
    // 10:00 UTC on 22 April is noon in Berlin (CEST).
    expect(post).toContain('<time datetime="2017-04-22T10:00:00.000Z">22.04.2017, 12:00 Uhr</time>');
    expect(post).toContain('<p class="post-text">Wasserstoff bei it&#39;s OWL #Clusterwoche</p>');
    expect(post).toContain('<a href="/clusters/its-owl">it&#39;s OWL Clustermanagement GmbH</a>');
    expect(post).toContain("<li>#clusterwoche</li>");
    expect(post).toMatch(
      /<span class="sentiment-badge sentiment-\w+">Stimmung: (positiv|neutral|negativ)<\/span>/,
    );
    expect(post).toContain('Gefällt mir: <span class="count-value">1</span>');
    expect(post).toMatch(
      /<a href="https:\/\/social\.example\/[^"]+" target="_blank" rel="noopener nofollow">/,
    );
  });

  it("cluster links keep the filters and the UI language", async () => {
    const { html } = await page(
      "/posts?lang=en&platform=mastodon&from=2017-04-22&to=2017-04-22&q=wasserstoff",
    );
    expect(html).toContain(
      `<a href="/clusters/its-owl?from=2017-04-22&amp;to=2017-04-22&amp;platform=mastodon&amp;lang=en">`,
    );
  });

  it("search finds a post by a word (and its prefix), and not the others", async () => {
    const expected = await allUids({ q: "wasserstoff" });
    expect(expected).toHaveLength(2); // "Wasserstoff…" and "…Wasserstoffprojekte"; the 2019 post is outside the window
    const { status, html } = await page("/posts?q=wasserstoff");
    expect(status).toBe(200);
    expect(uidsOf(html)).toEqual(expected);
    expect(resultSentence(html)).toBe(
      "2 Beiträge mit „wasserstoff“ im gewählten Zeitraum. Diese Seite zeigt 2 Beiträge, neueste zuerst.",
    );
    expect(html).toContain("Wasserstoff bei it&#39;s OWL");
    expect(html).toContain("Mehr Wasserstoffprojekte");
    expect(html).not.toContain("Heute startet die");
    expect(html).not.toContain("Zweite #Clusterwoche");
    // The search box keeps the words, and a reset link drops them but keeps the rest.
    expect(html).toContain('name="q" type="search" value="wasserstoff"');
    expect(link(html, "Suche zurücksetzen")).toBe("/posts");

    const none = await page("/posts?q=Quantencomputer");
    expect(none.status).toBe(200);
    expect(uidsOf(none.html)).toEqual([]);
    expect(resultSentence(none.html)).toBe("Keine Beiträge mit „Quantencomputer“ im gewählten Zeitraum.");
    expect(none.html).toContain("Keine Beiträge passen zu Suche und Filtern.");
  });

  it.each([
    ["positive", "positiv"],
    ["neutral", "neutral"],
    ["negative", "negativ"],
  ])("sentiment=%s counts what listPosts lists and the summary reports", async (sentiment, label) => {
    const expected = await allUids({ sentiment });
    const summary = await getSummary(w.database.db, w.filters());
    expect(expected.length).toBe(summary.sentiment[sentiment as "positive"]);
    const { html } = await page(`/posts?sentiment=${sentiment}&limit=200`);
    expect(uidsOf(html)).toEqual(expected);
    const n = expected.length;
    expect(resultSentence(html)).toContain(
      `${n === 0 ? "Keine" : n} ${n === 1 ? "Beitrag" : "Beiträge"} mit Stimmung ${label} im gewählten Zeitraum.`,
    );
    expect(html).toMatch(new RegExp(`<option value="${sentiment}" selected="">`));
  });

  it("applies the common filters from the filter form", async () => {
    const expected = await allUids({}, { cluster: "biorn", from: "2017-04-21", to: "2017-04-24" });
    expect(expected.length).toBeGreaterThan(0);
    const { html } = await page("/posts?cluster=biorn&from=2017-04-21&to=2017-04-24");
    expect(uidsOf(html)).toEqual(expected);
    expect(html).toContain('action="/posts"');
    // The search form keeps the filters as hidden fields, the filter form keeps the search.
    expect(html).toContain('<input type="hidden" name="cluster" value="biorn"/>');
    const q = await page("/posts?q=owl&sentiment=neutral");
    expect(q.html).toContain('<input type="hidden" name="q" value="owl"/>');
    expect(q.html).toContain('<input type="hidden" name="sentiment" value="neutral"/>');
  });

  it("pages through every post with the cursor: no post twice, none left out", async () => {
    const all = await allUids();
    const seen: string[] = [];
    let path: string | null = "/posts?limit=20";
    const pages: string[] = [];
    while (path) {
      const { status, html } = await page(path);
      expect(status).toBe(200);
      pages.push(html);
      seen.push(...uidsOf(html));
      path = link(html, "Weitere Beiträge");
      expect(pages.length).toBeLessThan(10);
    }
    expect(pages).toHaveLength(4); // 20 + 20 + 20 + 1
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(all);
    expect(link(pages[0] ?? "", "Zur ersten Seite")).toBeNull();
    expect(link(pages[1] ?? "", "Zur ersten Seite")).toBe("/posts?limit=20");
    expect(pages[1]).toContain("Diese Folgeseite zeigt 20 Beiträge, neueste zuerst.");
    expect(pages[3]).toContain("Das sind alle passenden Beiträge.");
    // The total stays the total on every page.
    for (const html of pages) expect(resultSentence(html)).toMatch(/^61 Beiträge im gewählten Zeitraum\./);
  });

  it("pages keep the search and filters", async () => {
    const { html } = await page("/posts?limit=1&q=wasserstoff&lang=en");
    const next = link(html, "More posts") ?? "";
    expect(next).toMatch(/^\/posts\?limit=1&q=wasserstoff&lang=en&cursor=[\w-]+$/);
    const second = await page(next);
    expect(uidsOf(second.html)).toEqual((await allUids({ q: "wasserstoff" })).slice(1));
  });

  it.each([
    ["q=%21%21%21", "Suche", "!!!"],
    [`q=${"a".repeat(501)}`, "Suche", null],
    ["cursor=abc", "Seite", "abc"],
    ["sentiment=happy", "Stimmung", "happy"],
    ["limit=0", "Anzahl", "0"],
    ["from=2017-02-30", "Von", "2017-02-30"],
  ])("a bad %s gets the friendly 400 page naming %s", async (qs, label, value) => {
    const { status, html, res } = await page(`/posts?${qs}`);
    expect(status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(html).toContain("<h1>Ungültiger Filter</h1>");
    if (value) expect(html).toContain(`Der Wert „${value}“ für „${label}“ ist ungültig.`);
    else expect(html).toContain(`für „${label}“ ist ungültig.`);
  });

  it("shows hostile text only escaped and links only http(s) URLs", async () => {
    const { html } = await page("/posts?limit=200");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;");
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain(XSS_NAME);
    expect(html).toContain("&lt;b&gt;Eve&lt;/b&gt;");
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).toContain("Link-Test #Clusterwoche");
    // Every external link opens a new window without handing over the opener.
    for (const m of html.matchAll(/<a href="(https?:[^"]*)"([^>]*)>/g)) {
      expect(m[2]).toContain('target="_blank" rel="noopener nofollow"');
    }
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)(?![^>]*type="application\/json")/);
  });

  it("English: labels, formatted numbers and a language switch that keeps every parameter", async () => {
    const { status, html } = await page("/posts?lang=en&q=wasserstoff&sentiment=neutral&platform=mastodon");
    expect(status).toBe(200);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("<h1>Posts</h1>");
    expect(html).toContain('<label for="s-q">Search words</label>');
    expect(html).toContain('<h2 id="results-heading">Results</h2>');
    const expected = await allUids({ q: "wasserstoff", sentiment: "neutral" }, { platform: "mastodon" });
    const n = expected.length;
    expect(resultSentence(html)).toMatch(
      new RegExp(
        `^${n === 0 ? "No" : n} posts? matching “wasserstoff” and with neutral sentiment in the selected period\\.`,
      ),
    );
    const toGerman = /<a href="([^"]*)" lang="de" hreflang="de">Deutsch<\/a>/.exec(html);
    expect(decode(toGerman?.[1] ?? "")).toBe("/posts?q=wasserstoff&sentiment=neutral&platform=mastodon");
    const de = await page("/posts?q=wasserstoff&cursor=");
    const toEnglish = /<a href="([^"]*)" lang="en" hreflang="en">English<\/a>/.exec(de.html);
    expect(decode(toEnglish?.[1] ?? "")).toBe("/posts?q=wasserstoff&lang=en");
    const big = await page("/posts?lang=en&limit=200");
    expect(big.html).toContain(
      `Likes: <span class="count-value">${createFormatter("en").integer(1055)}</span>`,
    );
  });

  it("forbids framing (the wall alone may be framed)", async () => {
    const { res } = await page("/posts");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
  });
});
