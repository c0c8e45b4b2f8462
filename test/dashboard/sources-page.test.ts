import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../server/app.ts";
import { AUTH_ERROR, type CoverageWorld, coverageWorld, WORLD_NOW } from "../data/coverage-world.ts";
import { CAMPAIGNS, createTestDb, type TestDb } from "../helpers/db.ts";

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

function appFor(t: TestDb) {
  return createApp({
    db: t.database.db,
    store: t.store,
    campaigns: CAMPAIGNS,
    version: "9.9.9",
    now: () => WORLD_NOW,
    log: pino({ level: "silent" }),
  });
}

let w: CoverageWorld;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  w = await coverageWorld();
  app = appFor(w.t);
});
afterAll(async () => {
  await w.t.database.close();
});

async function get(path: string, on = app) {
  const res = await on.request(path);
  return { status: res.status, headers: res.headers, html: await res.text() };
}

function decode(attr: string): string {
  return attr
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}

/** The <tr> whose row header is `target`. */
function rowOf(html: string, target: string): string {
  const start = html.indexOf(`<th scope="row" class="target">${target}</th>`);
  expect(start, `row ${target}`).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf("</tr>", start));
}

describe("GET /sources", () => {
  it("is a German HTML document with the overview's frame and headers", async () => {
    const { status, headers, html } = await get("/sources");
    expect(status).toBe(200);
    expect(headers.get("content-type")).toMatch(/^text\/html/);
    expect(headers.get("content-security-policy")).toBe(CSP);
    expect(headers.get("x-content-type-options")).toBe("nosniff");
    expect(headers.get("referrer-policy")).toBe("no-referrer");
    expect(headers.get("x-frame-options")).toBe("DENY");
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain('<html lang="de">');
    expect(html).toContain("<title>Quellen und Abdeckung – Clusterwoche Deutschland 2017 – Resonanz</title>");
    expect(html).toContain('<a class="skip-link" href="#main">Zum Inhalt springen</a>');
    expect(html).toContain('<nav aria-label="Hauptnavigation" class="main-nav">');
    expect(html).toContain('<a href="/sources" aria-current="page">Quellen</a>');
    expect(html).toContain('<a href="/">Übersicht</a>');
    expect(html).toContain('<form method="get" action="/sources" class="filter-form">');
  });

  it("summarises on top and shows one accessible table per source", async () => {
    const { html } = await get("/sources");
    expect(html).toContain(
      '<p class="sources-summary">2 von 6 Quellen mit Fehlern, 6 mit Lücken im gewählten Zeitraum.</p>',
    );
    expect(html.indexOf("sources-summary")).toBeLessThan(html.indexOf("<table"));
    const captions = [...html.matchAll(/<caption id="[^"]+">([^<]+)<\/caption>/g)].map((m) => m[1]);
    expect(captions).toEqual([
      "Abdeckung Mastodon: 3 Ziele",
      "Abdeckung Bluesky: 1 Ziel",
      "Abdeckung RSS: 2 Ziele",
    ]);
    expect(html.match(/<th scope="row"/g)).toHaveLength(6);
    expect(html.match(/<th scope="col">/g)).toHaveLength(3 * 10);
    for (const label of [
      "Ziel",
      "Status",
      "Letzter Lauf",
      "Letzter Erfolg",
      "Läufe",
      "Erfasster Zeitraum",
      "Wartezeit (Rate-Limit)",
      "Letzter Fehler",
      "Lücken",
    ]) {
      expect(html).toContain(`<th scope="col">${label}</th>`);
    }
    // Every scroll box is a labelled region pointing at its table's caption.
    for (const m of html.matchAll(/<section class="table-scroll" aria-labelledby="([^"]+)" tabindex="0">/g)) {
      expect(html).toContain(`<caption id="${m[1]}">`);
    }
  });

  it("prints a target's numbers, times in Berlin, and its gaps", async () => {
    const { html } = await get("/sources");
    const social = rowOf(html, "social.example#clusterwoche");
    expect(social).toContain('<span class="status status-ok">OK</span>');
    expect(social).toContain('<time datetime="2017-04-20T15:00:00.000Z">20.04.2017, 17:00 Uhr</time>');
    expect(social).toContain('<time datetime="2017-04-20T15:05:00.000Z">20.04.2017, 17:05 Uhr</time>');
    expect(social).toContain("4, davon 1 fehlgeschlagen");
    expect(social).toContain("17 abgerufen, 4 neu");
    expect(social).toContain("4 Beiträge, 19.04.2017, 14:00 Uhr – 20.04.2017, 16:00 Uhr");
    expect(social).toContain("1 Min. 1 Sek.");
    expect(social).toContain("<summary>3 Lücken, zusammen 20 Std. 59 Min.</summary>");
    expect(social).toContain("<li>20.04.2017, 11:02 Uhr – 20.04.2017, 17:05 Uhr (6 Std. 3 Min.)</li>");
    expect(social).toContain("<li>seit 20.04.2017, 17:05 Uhr (4 Std. 55 Min., dauert an)</li>");
  });

  it("names the status in words, not by colour alone", async () => {
    const { html } = await get("/sources");
    const statuses = [...html.matchAll(/<span class="status status-([a-z_]+)">([^<]+)<\/span>/g)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(statuses).toEqual([
      ["auth_required", "Anmeldung nötig"],
      ["never", "kein Lauf erfasst"],
      ["ok", "OK"],
      ["failed", "Fehler"],
      ["running", "läuft"],
      ["aborted", "abgebrochen"],
    ]);
    expect(rowOf(html, "closed.example#clusterwoche")).toContain(`${AUTH_ERROR}</td>`);
  });

  it("shows a server's hostile error text escaped, as text", async () => {
    const { html } = await get("/sources");
    expect(html).not.toContain('<script>alert("x")</script>');
    expect(html).not.toContain("<img src=x");
    expect(rowOf(html, "jetstream")).toContain(
      '<td class="text error-text">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; HTTP 500 from https://evil.example/</td>',
    );
  });

  it("has no script at all, no inline styles, no event handlers and no external links", async () => {
    const { html } = await get("/sources");
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/<style/i);
    expect(html).not.toMatch(/<[^>]*\son[a-z]+=/i);
    const refs = [...html.matchAll(/\s(?:src|href|action)="([^"]*)"/g)].map((m) => decode(m[1] ?? ""));
    // Own paths only; the empty data: favicon keeps browsers from asking for /favicon.ico.
    for (const r of refs) expect(r, r).toMatch(/^([/#]|data:,$)/);
  });

  it("switches to English with ?lang=en and keeps the filters in every link", async () => {
    const { status, html } = await get("/sources?lang=en&platform=mastodon&gapHours=3");
    expect(status).toBe(200);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("<title>Sources and coverage – Clusterwoche Deutschland 2017 – Resonanz</title>");
    expect(html).toContain(
      '<p class="sources-summary">1 of 3 sources with errors, 3 with gaps in the selected period.</p>',
    );
    for (const label of [
      "Target",
      "Last run",
      "Last success",
      "Covered period",
      "Waiting (rate limit)",
      "Gaps",
    ]) {
      expect(html).toContain(`<th scope="col">${label}</th>`);
    }
    expect(html).toContain('<span class="status status-auth_required">Authentication required</span>');
    expect(html).toContain("longer than 3 h in the selected period");
    expect(html).not.toContain("Letzter Lauf");
    expect(rowOf(html, "social.example#clusterwoche")).toContain(
      '<time datetime="2017-04-20T15:00:00.000Z">20 Apr 2017, 17:00</time>',
    );
    const toGerman = /<a href="([^"]*)" lang="de" hreflang="de">Deutsch<\/a>/.exec(html);
    expect(decode(toGerman?.[1] ?? "")).toBe("/sources?platform=mastodon&gapHours=3");
    const overview = /<a href="([^"]*)">Overview<\/a>/.exec(html);
    expect(decode(overview?.[1] ?? "")).toBe("/?platform=mastodon&lang=en");
    expect(html).toContain('<input type="hidden" name="gapHours" value="3"/>');
  });

  it("links the overview to the sources page, keeping the filters", async () => {
    const { html } = await get("/?campaign=clusterwoche-2019&lang=en&bucket=hour");
    const link = /<a href="([^"]*)">Sources<\/a>/.exec(html);
    expect(decode(link?.[1] ?? "")).toBe("/sources?campaign=clusterwoche-2019&lang=en");
    expect(html).toContain('aria-current="page">Overview</a>');
  });

  it("says honestly when nothing has run yet", async () => {
    const t = await createTestDb();
    const empty = appFor(t);
    const de = await get("/sources", empty);
    expect(de.status).toBe(200);
    expect(de.html).toContain('<p class="sources-empty">Noch keine Erfassung gelaufen.</p>');
    expect(de.html).not.toContain("<table");
    expect(de.html).not.toContain("sources-summary");
    const en = await get("/sources?lang=en", empty);
    expect(en.html).toContain('<p class="sources-empty">No collection has run yet.</p>');
    const filtered = await get("/sources?platform=linkedin");
    expect(filtered.html).toContain(
      '<p class="sources-empty">Für LinkedIn ist noch keine Erfassung gelaufen.</p>',
    );
    await t.database.close();
  });

  it.each([
    ["/sources?from=2017-13-40", "de", "Der Wert „2017-13-40“ für „Von“ ist ungültig."],
    ["/sources?platform=myspace&lang=en", "en", "The value “myspace” for “Platform” is invalid."],
    ["/sources?gapHours=0", "de", "Der Wert „0“ für „Lückenschwelle (Stunden)“ ist ungültig."],
    ["/sources?gapHours=abc&lang=en", "en", "The value “abc” for “Gap threshold (hours)” is invalid."],
    ["/sources?state=DE-XX", "de", "Der Wert „DE-XX“ für „Bundesland“ ist ungültig."],
  ])("%s → 400 page that stays on /sources", async (path, lang, problem) => {
    const { status, headers, html } = await get(path);
    expect(status).toBe(400);
    expect(headers.get("content-security-policy")).toBe(CSP);
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain(`<html lang="${lang}">`);
    expect(html).toContain(`<p class="error-problem">${problem}</p>`);
    const back = /<p><a href="([^"]*)">([^<]+)<\/a><\/p>/.exec(html);
    expect(decode(back?.[1] ?? "")).toBe(lang === "en" ? "/sources?lang=en" : "/sources");
    expect(back?.[2]).toBe(
      lang === "en" ? "Show this page without filters" : "Diese Seite ohne Filter anzeigen",
    );
  });
});
