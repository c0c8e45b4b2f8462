import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFormatter } from "../../dashboard/view-models/format.ts";
import { stateName } from "../../data/format.ts";
import { getStates } from "../../data/queries/states.ts";
import {
  block,
  type ClusterWorld,
  createClusterWorld,
  decode,
  expectCleanHtml,
  filters,
  get,
} from "./cluster-world.ts";

let w: ClusterWorld;

beforeAll(async () => {
  w = await createClusterWorld();
});

afterAll(async () => {
  await w.close();
});

const page = (path: string) => get(w.app, path);

/** Each tile's Land code, classes and printed posts, in document order. */
function tiles(html: string) {
  const start = html.indexOf('<ul class="laender-tiles"');
  const ul = html.slice(start, html.indexOf("</ul>", start));
  return [
    ...ul.matchAll(
      /<li class="laender-tile ([^"]+)"><a href="([^"]+)" title="([^"]+)"><span class="tile-code">([A-Z]{2})<\/span><span class="visually-hidden"> ([^<]+):<\/span> <span class="tile-posts">([^<]+)<\/span>/g,
    ),
  ].map((m) => ({
    classes: m[1] ?? "",
    href: decode(m[2] ?? ""),
    title: m[3],
    short: m[4],
    name: m[5],
    posts: m[6],
  }));
}

describe("GET /laender", () => {
  it("renders the 16 Länder as tiles and as a table with getStates' numbers", async () => {
    const { status, type, html } = await page("/laender");
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/html/);
    expect(html).toContain('<html lang="de">');
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
    expect(html).toContain('<a href="/laender" aria-current="page">Länder</a>');

    const rows = await getStates(w.database.db, filters());
    expect(rows).toHaveLength(16);
    const nw = rows.find((r) => r.state === "DE-NW");
    expect(nw?.posts).toBe(4);
    const fmt = createFormatter("de");

    const t = tiles(html);
    expect(t).toHaveLength(16);
    for (const r of rows) {
      const tile = t.find((x) => x.short === r.state.slice(3));
      expect(tile?.posts, r.state).toBe(fmt.integer(r.posts));
      expect(tile?.name).toBe(stateName(r.state, "de"));
      expect(tile?.href).toBe(`/?state=${r.state}`);
      const tr = block(html, `land-${r.state}`, "</tr>");
      expect(tr).toContain(`<a href="/?state=${r.state}">${stateName(r.state, "de")}</a>`);
      expect([...tr.matchAll(/<td>([^<]*)<\/td>/g)].map((m) => m[1])).toEqual([
        fmt.integer(r.posts),
        fmt.integer(r.clusters),
        fmt.integer(r.potentialReach),
      ]);
    }
    // Shading: the busiest Land is the darkest step, Länder without posts step 0.
    expect(t.find((x) => x.short === "NW")?.classes).toContain("tile-step-4");
    expect(t.find((x) => x.short === "BW")?.classes).toContain("tile-step-2");
    expect(t.find((x) => x.short === "BY")?.classes).toContain("tile-step-0");
    expect(t.find((x) => x.short === "NW")?.classes).toContain("tile-row-3 tile-col-1");
    expect(html).toContain(
      "Die meisten Erwähnungen hat Nordrhein-Westfalen (4); 2 von 16 Ländern mit Erwähnungen.",
    );
    // Legend with every step that occurs.
    const legend = block(html, "laender-legend-title", "</div>");
    expect(
      [
        ...legend.matchAll(
          /<li><span class="tiles-swatch tile-step-(\d)" aria-hidden="true"><\/span>([^<]+)<\/li>/g,
        ),
      ].map((m) => [m[1], m[2]]),
    ).toEqual([
      ["0", "keine"],
      ["1", "1"],
      ["2", "2"],
      ["3", "3"],
      ["4", "4"],
    ]);
    // Table rows: most posts first.
    const order = [...html.matchAll(/<tr id="land-(DE-[A-Z]{2})">/g)].map((m) => m[1]);
    expect(order.slice(0, 2)).toEqual(["DE-NW", "DE-BW"]);
  });

  it("keeps the filters and the UI language in the Land links, and switches to English", async () => {
    const { status, html } = await page(
      "/laender?lang=en&campaign=clusterwoche-2017&platform=mastodon&cluster=biorn",
    );
    expect(status).toBe(200);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("Map of the Länder");
    const t = tiles(html);
    expect(t.find((x) => x.short === "BY")?.name).toBe("Bavaria");
    expect(t.find((x) => x.short === "NW")?.href).toBe(
      "/?campaign=clusterwoche-2017&platform=mastodon&lang=en&state=DE-NW",
    );
    const link = /<a href="([^"]*)" lang="de" hreflang="de">Deutsch<\/a>/.exec(html);
    expect(decode(link?.[1] ?? "")).toBe(
      "/laender?campaign=clusterwoche-2017&platform=mastodon&cluster=biorn",
    );
    // The cluster filter narrows the posts: BioRN's two posts count in NW (shared post) and BW.
    const rows = await getStates(w.database.db, filters({ platform: "mastodon", cluster: "biorn" }));
    const fmt = createFormatter("en");
    expect(t.find((x) => x.short === "BW")?.posts).toBe(
      fmt.integer(rows.find((r) => r.state === "DE-BW")?.posts ?? -1),
    );
  });

  it("shows zeros, not an error, when nothing matches", async () => {
    const { status, html } = await page("/laender?platform=bluesky");
    expect(status).toBe(200);
    expect(html).toContain("Im gewählten Zeitraum hat kein Land Erwähnungen.");
    expect(tiles(html).every((t) => t.posts === "0" && t.classes.includes("tile-step-0"))).toBe(true);
  });

  it("has accessible structure and clean HTML", async () => {
    const { html } = await page("/laender");
    expect(html).toContain('<section class="laender-map-section" aria-labelledby="laender-map-heading">');
    expect(html).toContain(
      '<ul class="laender-tiles" aria-label="Länder als Kacheln, grob nach ihrer Lage angeordnet">',
    );
    expect(html).toContain(
      "<caption>Erwähnungen, Cluster mit Erwähnungen und potenzielle Reichweite je Land</caption>",
    );
    expect(html.match(/<th scope="row">/g)).toHaveLength(16);
    expectCleanHtml(html, w.postUrls);
  });

  it.each([
    ["/laender?from=2017-13-40", "de", "Der Wert „2017-13-40“ für „Von“ ist ungültig."],
    ["/laender?state=DE-XX&lang=en", "en", "The value “DE-XX” for “Land (state)” is invalid."],
  ])("%s → 400 page", async (path, lang, problem) => {
    const { status, html } = await page(path);
    expect(status).toBe(400);
    expect(html).toContain(`<html lang="${lang}">`);
    expect(html).toContain(`<p class="error-problem">${problem}</p>`);
  });
});
