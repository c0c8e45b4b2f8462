import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFormatter } from "../../dashboard/view-models/format.ts";
import { getCluster, getClusters } from "../../data/queries/clusters.ts";
import { getEvents } from "../../data/queries/events.ts";
import { getTopPosts } from "../../data/queries/insights.ts";
import { getTimeline } from "../../data/queries/timeline.ts";
import {
  block,
  type ClusterWorld,
  createClusterWorld,
  decode,
  expectCleanHtml,
  filters,
  get,
  jsonData,
} from "./cluster-world.ts";

let w: ClusterWorld;

beforeAll(async () => {
  w = await createClusterWorld();
});

afterAll(async () => {
  await w.close();
});

const page = (path: string) => get(w.app, path);
const NBSP = "\u00a0";

function kpiBlock(html: string, key: string): string {
  return block(html, `kpi-${key}`, "</div>");
}

describe("GET /clusters", () => {
  it("renders every registry cluster with getClusters' numbers, formatted", async () => {
    const { status, type, html } = await page("/clusters");
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/html/);
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain('<html lang="de">');
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
    expect(html).toContain("<h1>Cluster</h1>");
    expect(html).toContain('<a href="/clusters" aria-current="page">Cluster</a>');

    const rows = await getClusters(w.database.db, filters());
    expect(rows.map((r) => r.posts)).toEqual([4, 2, 0]);
    const fmt = createFormatter("de");
    for (const r of rows) {
      const tr = block(html, `cluster-${r.id}`, "</tr>");
      expect(tr).toContain(`<a href="/clusters/${r.id}">${r.name.replace("'", "&#39;")}</a>`);
      const cells = [...tr.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
      expect(cells).toEqual([
        expect.any(String),
        fmt.integer(r.posts),
        fmt.integer(r.authors),
        fmt.integer(r.potentialReach),
        fmt.integer(r.engagement),
        fmt.percent(r.shareOfVoice),
        fmt.signed(r.sentimentMean),
      ]);
    }
    expect(block(html, "cluster-its-owl", "</tr>")).toContain(">Nordrhein-Westfalen</td>");
    expect(html).toContain("3 Cluster im Register, davon 2 mit Erwähnungen im gewählten Zeitraum.");
  });

  it("puts the share of voice of the clusters with posts into the chart data and its table", async () => {
    const { html } = await page("/clusters");
    const rows = (await getClusters(w.database.db, filters())).filter((r) => r.posts > 0);
    const spec = jsonData(html, "sov-data") as {
      type: string;
      horizontal: boolean;
      labels: string[];
      datasets: { data: number[] }[];
    };
    expect(spec.type).toBe("bar");
    expect(spec.horizontal).toBe(true);
    expect(spec.labels).toEqual(rows.map((r) => r.name));
    expect(spec.datasets[0]?.data).toEqual(rows.map((r) => Math.round(r.shareOfVoice * 1000) / 10));
    expect(html).toMatch(
      /<canvas id="sov-chart" role="img" aria-label="Die 2 meistgenannten Cluster; [^"]+">/,
    );
    const sov = block(html, "sov-heading");
    expect(sov).toContain(`<td>66,67${NBSP}%</td>`);
    expect(sov).toContain('<th scope="col">Share of Voice</th>');
    // The chart script and the shared helper are loaded, in order.
    const scripts = [...html.matchAll(/<script src="\/assets\/([a-z.]+)\?v=/g)].map((m) => m[1]);
    expect(scripts).toEqual(["chart.umd.js", "charts.js", "clusters.js"]);
  });

  it("sorts on the server and marks the sorted column", async () => {
    const byName = await page("/clusters?sort=name&dir=asc");
    const ids = [...byName.html.matchAll(/<tr id="cluster-([a-z-]+)">/g)].map((m) => m[1]);
    expect(ids).toEqual(["biorn", "its-owl", "silicon-saxony"]);
    expect(byName.html).toMatch(/<th scope="col" aria-sort="ascending" class="col-name"><a href="([^"]+)">/);
    const next = /<th scope="col" aria-sort="ascending" class="col-name"><a href="([^"]+)">/.exec(
      byName.html,
    );
    expect(decode(next?.[1] ?? "")).toBe("/clusters?sort=name&dir=desc");
    const bad = await page("/clusters?sort=nonsense");
    expect(bad.status).toBe(200);
    expect([...bad.html.matchAll(/<tr id="cluster-([a-z-]+)">/g)].map((m) => m[1])).toEqual([
      "its-owl",
      "biorn",
      "silicon-saxony",
    ]);
  });

  it("switches to English and keeps every parameter in the language link", async () => {
    const { status, html } = await page("/clusters?lang=en&platform=mastodon&sort=name");
    expect(status).toBe(200);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("<h1>Clusters</h1>");
    expect(html).toContain("All clusters");
    expect(html).toContain(">North Rhine-Westphalia</td>");
    const link = /<a href="([^"]*)" lang="de" hreflang="de">Deutsch<\/a>/.exec(html);
    expect(decode(link?.[1] ?? "")).toBe("/clusters?platform=mastodon&sort=name");
    expect(html).toContain('<a href="/clusters/its-owl?platform=mastodon&amp;lang=en">');
  });

  it("filters: the 2019 edition has one BioRN post", async () => {
    const { html } = await page("/clusters?campaign=clusterwoche-2019");
    const cells = [...block(html, "cluster-biorn", "</tr>").matchAll(/<td[^>]*>([^<]*)<\/td>/g)];
    expect(cells[1]?.[1]).toBe("1");
    expect(html).toContain('<a href="/clusters/biorn?campaign=clusterwoche-2019">');
  });

  it("is clean: escaped text, no inline styles or scripts, no foreign links", async () => {
    const { html } = await page("/clusters");
    expectCleanHtml(html, w.postUrls);
  });

  it.each([
    ["/clusters?from=2017-13-40", "de", "Der Wert „2017-13-40“ für „Von“ ist ungültig."],
    ["/clusters?platform=myspace&lang=en", "en", "The value “myspace” for “Platform” is invalid."],
    ["/laender?state=DE-XX", "de", "Der Wert „DE-XX“ für „Bundesland“ ist ungültig."],
    ["/clusters/its-owl?from=2017-13-40", "de", "Der Wert „2017-13-40“ für „Von“ ist ungültig."],
  ])("%s → 400 page", async (path, lang, problem) => {
    const { status, type, html } = await page(path);
    expect(status).toBe(400);
    expect(type).toMatch(/^text\/html/);
    expect(html).toContain(`<html lang="${lang}">`);
    expect(html).toContain(`<p class="error-problem">${problem}</p>`);
  });
});

describe("GET /clusters/:id", () => {
  it("shows the cluster's KPIs against the campaign average", async () => {
    const { status, html } = await page("/clusters/its-owl");
    expect(status).toBe(200);
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
    expect(html).toContain("<h1>it&#39;s OWL Clustermanagement GmbH</h1>");
    expect(html).toContain('<a href="/clusters" aria-current="page">Cluster</a>');

    const all = await getClusters(w.database.db, filters());
    const owl = all.find((r) => r.id === "its-owl");
    const active = all.filter((r) => r.posts > 0);
    const fmt = createFormatter("de");
    const avg = (k: "posts" | "potentialReach" | "engagement") =>
      active.reduce((s, r) => s + r[k], 0) / active.length;
    for (const k of ["posts", "potentialReach", "engagement"] as const) {
      const b = kpiBlock(html, k);
      expect(b).toContain(`<dd class="kpi-value">${fmt.integer(owl?.[k] ?? -1)}</dd>`);
      expect(b).toContain(`<span class="kpi-average-value">${fmt.decimal(avg(k))}</span>`);
    }
    expect(kpiBlock(html, "posts")).toContain("33 % über dem Durchschnitt".replace(" %", `${NBSP}%`));
    expect(kpiBlock(html, "shareOfVoice")).toContain(
      `<dd class="kpi-value">${fmt.percent(owl?.shareOfVoice ?? -1)}</dd>`,
    );
    expect(kpiBlock(html, "sentimentMean")).toContain(
      `<dd class="kpi-value">${fmt.signed(owl?.sentimentMean ?? -9)}</dd>`,
    );
    expect(html).toContain("Platz 1 von 3 Clustern nach Erwähnungen.");
    expect(html).toContain("Kampagnendurchschnitt = Summe über alle Cluster mit mindestens einer Erwähnung");
  });

  it("charts and tabulates getCluster's day timeline", async () => {
    const { html } = await page("/clusters/its-owl");
    const timeline = await getTimeline(w.database.db, { ...filters(), cluster: "its-owl" }, "day");
    const detail = await getCluster(w.database.db, filters(), "its-owl");
    expect(detail.timeline).toEqual(timeline.series);
    const spec = jsonData(html, "cluster-timeline-data") as {
      datasets: { data: number[] }[];
      labels: string[];
    };
    expect(spec.datasets[0]?.data).toEqual(timeline.series.map((p) => p.posts));
    expect(spec.labels).toHaveLength(9);
    const section = block(html, "cluster-timeline-heading");
    expect(section.match(/<th scope="row">/g)).toHaveLength(9);
    expect(section).toContain(
      '<canvas id="cluster-timeline-chart" role="img" aria-label="Spitzenwert am Freitag, 21.04.2017: 2 von insgesamt 4 Erwähnungen.">',
    );
    expect(section).toContain("<caption>Erwähnungen des Clusters pro Tag</caption>");
  });

  it("lists platforms, events, the most engaging and the newest posts", async () => {
    const { html } = await page("/clusters/its-owl");
    expect(block(html, "platforms-heading")).toContain('<th scope="row">Mastodon</th><td>4</td>');

    const events = await getEvents(w.database.db, filters(), "its-owl");
    expect(events.map((e) => e.id)).toEqual(["owl-tag"]);
    const ev = block(html, "event-owl-tag", "</tr>");
    expect(ev).toContain("Tag der offenen Tür");
    expect(ev).toContain(">Paderborn<");
    expect(ev).toContain(`<td>${events[0]?.posts}</td>`);
    expect(html).not.toContain("Hannover Messe"); // not this cluster's event

    const top = await getTopPosts(w.database.db, { ...filters(), cluster: "its-owl" });
    const topSection = block(html, "top-posts-heading");
    const handles = [...topSection.matchAll(/<span class="post-handle">([^<]+)<\/span>/g)].map((m) => m[1]);
    expect(handles).toEqual(top.map((p) => p.author));
    expect(topSection).toContain("55 Interaktionen");
    for (const p of top)
      expect(topSection).toContain(`<a href="${p.url}" target="_blank" rel="noopener nofollow">`);

    const newest = block(html, "posts-heading");
    const times = [...newest.matchAll(/<time datetime="([^"]+)">/g)].map((m) => m[1]);
    expect(times).toEqual([
      "2017-04-23T10:00:00.000Z",
      "2017-04-22T09:00:00.000Z",
      "2017-04-21T11:00:00.000Z",
      "2017-04-21T09:00:00.000Z",
    ]);
    expect(newest).not.toContain("BioRN lädt ein"); // another cluster's post
  });

  it("links the PDF report with the filters and the UI language", async () => {
    const { html } = await page("/clusters/its-owl?lang=en&platform=mastodon&state=DE-NW&from=2017-04-21");
    const link = /<a href="([^"]+)" type="application\/pdf">Download the cluster report \(PDF\)<\/a>/.exec(
      html,
    );
    expect(decode(link?.[1] ?? "")).toBe(
      "/reports/clusters/its-owl.pdf?from=2017-04-21&platform=mastodon&lang=en&state=DE-NW",
    );
    expect(html).toContain('<form method="get" action="/clusters/its-owl" class="filter-form">');
    expect(html).toContain('<option value="its-owl" selected="">');
  });

  it("renders in English with the other parameters kept in the switch link", async () => {
    const { status, html } = await page("/clusters/biorn?lang=en&platform=mastodon");
    expect(status).toBe(200);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("Key figures compared with the campaign average");
    expect(html).toContain("Rank 2 of 3 clusters by posts.");
    expect(html).toContain("Land (state): Baden-Württemberg");
    expect(html).toContain("Latest posts");
    const link = /<a href="([^"]*)" lang="de" hreflang="de">Deutsch<\/a>/.exec(html);
    expect(decode(link?.[1] ?? "")).toBe("/clusters/biorn?platform=mastodon");
  });

  it("shows a cluster without posts as an empty page, not an error", async () => {
    const { status, html } = await page("/clusters/silicon-saxony");
    expect(status).toBe(200);
    expect(html).toContain("Ohne Erwähnungen im gewählten Zeitraum – kein Rang unter den 3 Clustern.");
    expect(html).toContain("Keine Erwähnungen im gewählten Zeitraum.");
    expect(html).toContain("Im gewählten Zeitraum gibt es keine Beiträge zu diesem Cluster.");
    expect(html).toContain(
      "Im gewählten Zeitraum sind für diesen Cluster keine Veranstaltungen eingetragen.",
    );
  });

  it("escapes hostile post text and names and keeps the page free of inline code", async () => {
    const { html } = await page("/clusters/its-owl");
    expect(html).toContain(
      "it&#39;s OWL &lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt; #Clusterwoche",
    );
    expect(html).toContain("&lt;b&gt;Eve&lt;/b&gt;");
    expectCleanHtml(html, w.postUrls);
    const biorn = await page("/clusters/biorn");
    expect(biorn.html).toContain("BioRN lädt ein");
    expectCleanHtml(biorn.html, w.postUrls); // its javascript: link is dropped
  });

  it.each([
    [
      "/clusters/nope",
      "de",
      "Cluster nicht gefunden",
      "„nope“",
      '<a href="/clusters">Zurück zur Übersicht aller Cluster</a>',
    ],
    [
      "/clusters/%3Cscript%3E?lang=en&platform=mastodon",
      "en",
      "Cluster not found",
      "“&lt;script&gt;”",
      '<a href="/clusters?platform=mastodon&amp;lang=en">Back to all clusters</a>',
    ],
  ])("%s → 404 page in the UI language", async (path, lang, title, id, back) => {
    const { status, type, html } = await page(path);
    expect(status).toBe(404);
    expect(type).toMatch(/^text\/html/);
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain(`<html lang="${lang}">`);
    expect(html).toContain(`<h1>${title}</h1>`);
    expect(html).toContain(id);
    expect(html).toContain(back);
    expect(html).not.toContain("<script>");
  });

  it.each([
    [
      "/clusters/its-owl?cluster=biorn&platform=mastodon&lang=en",
      "/clusters/biorn?platform=mastodon&lang=en",
    ],
    ["/clusters/its-owl?cluster=&from=2017-04-21", "/clusters?from=2017-04-21"],
  ])("the form's cluster choice %s redirects to %s", async (path, location) => {
    const { status, location: to } = await page(path);
    expect(status).toBe(303);
    expect(to).toBe(location);
  });

  it("accepts its own id in ?cluster=", async () => {
    const { status } = await page("/clusters/its-owl?cluster=its-owl");
    expect(status).toBe(200);
  });
});
