import { describe, expect, it } from "vitest";
import { buildLaenderModel } from "../../dashboard/view-models/laender.ts";
import {
  buildLaenderTiles,
  stepRanges,
  TILE_POSITIONS,
  TILE_STEPS,
  tileStep,
} from "../../dashboard/view-models/laender-tiles.ts";
import { LAENDER } from "../../data/filters.ts";
import type { StateRow } from "../../data/queries/states.ts";
import { CW2017 } from "../helpers/db.ts";

/** All 16 Länder with zero, except the given ones. */
function states(counts: Record<string, Partial<StateRow>> = {}): StateRow[] {
  return LAENDER.map((state) => ({ state, posts: 0, clusters: 0, potentialReach: 0, ...counts[state] }));
}

describe("tileStep and stepRanges", () => {
  it.each([
    [0, 10, 0],
    [1, 10, 1],
    [2, 10, 1],
    [3, 10, 2],
    [5, 10, 2],
    [6, 10, 3],
    [8, 10, 4],
    [10, 10, 4],
    [1, 1, 4],
    [1, 3, 2],
    [0, 0, 0],
    [1234, 1234, 4],
  ])("%d posts of a maximum of %d → step %d", (posts, max, step) => {
    expect(tileStep(posts, max)).toBe(step);
  });

  it.each([
    [
      10,
      [
        { step: 1, from: 1, to: 2 },
        { step: 2, from: 3, to: 5 },
        { step: 3, from: 6, to: 7 },
        { step: 4, from: 8, to: 10 },
      ],
    ],
    [
      3,
      [
        { step: 2, from: 1, to: 1 },
        { step: 3, from: 2, to: 2 },
        { step: 4, from: 3, to: 3 },
      ],
    ],
    [1, [{ step: 4, from: 1, to: 1 }]],
    [0, []],
  ])("the legend of a maximum of %d", (max, ranges) => {
    expect(stepRanges(max)).toEqual(ranges);
  });

  it("puts every count into the legend range of its step (max 1…60)", () => {
    for (let max = 1; max <= 60; max++) {
      const ranges = stepRanges(max);
      for (let posts = 1; posts <= max; posts++) {
        const range = ranges.find((r) => r.step === tileStep(posts, max));
        expect(range, `${posts}/${max}`).toBeDefined();
        expect(posts).toBeGreaterThanOrEqual(range?.from ?? Number.NaN);
        expect(posts).toBeLessThanOrEqual(range?.to ?? Number.NaN);
      }
      expect(tileStep(max, max)).toBe(TILE_STEPS);
    }
  });
});

describe("buildLaenderTiles", () => {
  const rows = states({ "DE-NW": { posts: 1234 }, "DE-BY": { posts: 300 }, "DE-HB": { posts: 1 } });

  it("places all 16 Länder on distinct cells, in reading order", () => {
    const model = buildLaenderTiles({ lang: "de", rows, linkQuery: {} });
    expect(model.tiles).toHaveLength(16);
    expect(new Set(model.tiles.map((t) => `${t.row}/${t.col}`)).size).toBe(16);
    expect(Object.keys(TILE_POSITIONS).sort()).toEqual([...LAENDER].sort());
    const order = model.tiles.map((t) => t.row * 10 + t.col);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(model.tiles[0]?.code).toBe("DE-SH"); // the north first
    const nw = model.tiles.find((t) => t.code === "DE-NW");
    const ni = model.tiles.find((t) => t.code === "DE-NI");
    expect(nw && ni && nw.col < ni.col).toBe(true); // west of Niedersachsen
  });

  it.each([
    ["de", "DE-NW", "NW", "Nordrhein-Westfalen", "1.234", 4, "Erwähnungen"],
    ["en", "DE-NW", "NW", "North Rhine-Westphalia", "1,234", 4, "Posts"],
    ["de", "DE-BY", "BY", "Bayern", "300", 1, "Erwähnungen"],
    ["en", "DE-BY", "BY", "Bavaria", "300", 1, "Posts"],
    ["de", "DE-HB", "HB", "Bremen", "1", 1, "Erwähnungen"],
    ["de", "DE-TH", "TH", "Thüringen", "0", 0, "Erwähnungen"],
  ] as const)("%s %s: %s, %s, %s posts, step %d", (lang, code, short, name, posts, step, unit) => {
    const tile = buildLaenderTiles({ lang, rows, linkQuery: {} }).tiles.find((t) => t.code === code);
    expect(tile).toMatchObject({ short, name, posts, step, unit });
  });

  it("links each tile to the overview filtered by the Land, keeping the given query", () => {
    const model = buildLaenderTiles({
      lang: "en",
      rows,
      linkQuery: { campaign: "clusterwoche-2019", lang: "en" },
    });
    expect(model.tiles.find((t) => t.code === "DE-SN")?.href).toBe(
      "/?campaign=clusterwoche-2019&lang=en&state=DE-SN",
    );
    const elsewhere = buildLaenderTiles({ lang: "de", rows, linkQuery: {}, linkPath: "/clusters" });
    expect(elsewhere.tiles[0]?.href).toBe("/clusters?state=DE-SH");
  });

  it.each([
    ["de", 1234, ["keine", "1 – 308", "309 – 617", "618 – 925", "926 – 1.234"]],
    ["en", 1234, ["none", "1 – 308", "309 – 617", "618 – 925", "926 – 1,234"]],
    ["de", 2, ["keine", "1", "2"]],
    ["de", 0, ["keine"]],
  ] as const)("%s legend for a maximum of %d", (lang, max, labels) => {
    const model = buildLaenderTiles({ lang, rows: states({ "DE-BE": { posts: max } }), linkQuery: {} });
    expect(model.legend.map((l) => l.label)).toEqual(labels);
    expect(model.legend[0]?.step).toBe(0);
    expect(model.legendTitle).toBe(lang === "de" ? "Erwähnungen" : "Posts");
  });
});

describe("buildLaenderModel", () => {
  const build = (lang: "de" | "en", rows: StateRow[], query = {}) =>
    buildLaenderModel({ lang, campaign: CW2017, from: "2017-04-20", to: "2017-04-28", rows, query });

  it.each([
    [
      "de",
      states({ "DE-NW": { posts: 1234 }, "DE-BY": { posts: 3 } }),
      "Die meisten Erwähnungen hat Nordrhein-Westfalen (1.234); 2 von 16 Ländern mit Erwähnungen.",
    ],
    [
      "en",
      states({ "DE-NW": { posts: 1234 }, "DE-BY": { posts: 3 } }),
      "North Rhine-Westphalia has the most posts (1,234); 2 of 16 Länder with posts.",
    ],
    [
      "de",
      states({ "DE-HB": { posts: 1 } }),
      "Die meisten Erwähnungen hat Bremen (1); ein Land mit Erwähnungen.",
    ],
    ["de", states(), "Im gewählten Zeitraum hat kein Land Erwähnungen."],
    ["en", states(), "No Land has posts in the selected period."],
  ] as const)("%s summary: %s", (lang, rows, sentence) => {
    expect(build(lang, rows).mapSummary).toBe(sentence);
  });

  it("lists all 16 Länder, most posts first, ties by name, formatted, linked to the filtered overview", () => {
    const rows = states({
      "DE-NW": { posts: 1234, clusters: 12, potentialReach: 9876543 },
      "DE-BY": { posts: 5, clusters: 1, potentialReach: 10 },
      "DE-BE": { posts: 5, clusters: 2, potentialReach: 20 },
    });
    const model = build("de", rows, {
      campaign: "clusterwoche-2017",
      state: "DE-BY",
      cluster: "x",
      lang: "",
    });
    expect(model.rows).toHaveLength(16);
    expect(model.rows.slice(0, 3).map((r) => r.name)).toEqual(["Nordrhein-Westfalen", "Bayern", "Berlin"]);
    expect(model.rows[0]).toEqual({
      code: "DE-NW",
      name: "Nordrhein-Westfalen",
      href: "/?campaign=clusterwoche-2017&state=DE-NW",
      posts: "1.234",
      clusters: "12",
      potentialReach: "9.876.543",
    });
    expect(model.rows[3]?.name).toBe("Baden-Württemberg"); // zero rows alphabetically
    expect(model.columns).toEqual({
      land: "Land",
      posts: "Erwähnungen",
      clusters: "Cluster mit Erwähnungen",
      potentialReach: "potenzielle Reichweite",
    });
    expect(model.title).toBe("Länder – Clusterwoche Deutschland 2017 – Resonanz");
    expect(model.period).toBe("20.04.2017 – 28.04.2017");
  });

  it("prints English names and numbers with ?lang=en", () => {
    const model = build("en", states({ "DE-BY": { posts: 1500, potentialReach: 1234567 } }), { lang: "en" });
    expect(model.rows[0]).toMatchObject({
      name: "Bavaria",
      posts: "1,500",
      potentialReach: "1,234,567",
      href: "/?lang=en&state=DE-BY",
    });
    expect(model.columns.posts).toBe("Posts");
    expect(model.period).toBe("20 Apr 2017 – 28 Apr 2017");
  });
});
