import { describe, expect, it } from "vitest";
import type { UiLang } from "../../dashboard/i18n/index.ts";
import { buildReportsModel } from "../../dashboard/view-models/reports.ts";
import { CW2017 } from "../helpers/db.ts";

const CLUSTERS = [
  { id: "biorn", name: "BioRN Network e.V." },
  { id: "its-owl", name: "it's OWL Clustermanagement GmbH" },
];

function build(lang: UiLang, query: Record<string, string> = {}, clusters = CLUSTERS) {
  return buildReportsModel({ lang, campaign: CW2017, from: "2017-04-20", to: "2017-04-28", query, clusters });
}

describe("buildReportsModel: links carry the filters", () => {
  it.each([
    [{}, "", ""],
    [
      {
        campaign: "clusterwoche-2017",
        from: "2017-04-21",
        platform: "mastodon",
        postLang: "de",
        lang: "en",
        q: "x",
      },
      "campaign=clusterwoche-2017&from=2017-04-21&platform=mastodon&postLang=de",
      "lang=en",
    ],
    [{ state: "DE-NW", cluster: "its-owl", bucket: "hour" }, "cluster=its-owl&state=DE-NW", ""],
  ])("query %j → filters %s", (query, filters, uiLang) => {
    const lang: UiLang = uiLang ? "en" : "de";
    const model = build(lang, query);
    const amp = filters ? `${filters}&` : "";
    expect(model.week.links.map((l) => l.href)).toEqual([
      `/reports/week.pdf?${amp}lang=de`,
      `/reports/week.pdf?${amp}lang=en`,
    ]);
    expect(model.week.links.map((l) => l.hreflang)).toEqual(["de", "en"]);
    // Exports take the filters only: on the API `lang` would be the post language.
    const q = filters ? `?${filters}` : "";
    expect(model.exports.items.map((i) => i.href)).toEqual([
      `/export/posts.csv${q}`,
      `/export/posts.xlsx${q}`,
      `/export/clusters.csv${q}`,
    ]);
  });
});

describe("buildReportsModel: cluster report", () => {
  it.each([
    [{}, null],
    [{ reportCluster: "biorn" }, "biorn"],
    [{ cluster: "its-owl" }, "its-owl"],
    [{ cluster: "its-owl", reportCluster: "biorn" }, "biorn"],
    // An unknown cluster filter preselects nothing (other pages accept it and show zeros).
    [{ cluster: "not-registered" }, null],
  ])("query %j chooses %s", (query, chosen) => {
    const c = build("de", query).cluster;
    expect(c.options.find((o) => o.selected)?.value ?? null).toBe(chosen ?? "");
    if (chosen === null) expect(c.links).toBeNull();
    else
      expect(c.links?.map((l) => l.href.split("?")[0])).toEqual([
        `/reports/clusters/${chosen}.pdf`,
        `/reports/clusters/${chosen}.pdf`,
      ]);
  });

  it.each([
    ["de", "Bericht für it's OWL Clustermanagement GmbH auf Deutsch (PDF)", "Cluster wählen …"],
    ["en", "Report for it's OWL Clustermanagement GmbH in German (PDF)", "Choose a cluster …"],
  ] as const)(
    "%s: the links name the cluster; the cluster is in the path, not repeated as a filter",
    (lang, label, choose) => {
      const c = build(lang, {
        cluster: "its-owl",
        from: "2017-04-21",
        ...(lang === "en" ? { lang } : {}),
      }).cluster;
      expect(c.links?.[0]?.label).toBe(label);
      expect(c.links?.map((l) => l.href)).toEqual([
        "/reports/clusters/its-owl.pdf?from=2017-04-21&lang=de",
        "/reports/clusters/its-owl.pdf?from=2017-04-21&lang=en",
      ]);
      expect(c.options[0]?.label).toBe(choose);
      expect(c.hidden).toEqual([
        { name: "from", value: "2017-04-21" },
        { name: "cluster", value: "its-owl" },
        ...(lang === "en" ? [{ name: "lang", value: "en" }] : []),
      ]);
    },
  );

  it("an unknown reportCluster is a ValidationError naming the parameter", () => {
    expect(() => build("de", { reportCluster: "nope" })).toThrow(
      expect.objectContaining({ param: "reportCluster" }),
    );
  });

  it.each(["de", "en"] as const)("%s: an empty registry says so instead of an empty form", (lang) => {
    const c = build(lang, {}, []).cluster;
    expect(c.empty).toMatch(lang === "de" ? /keine Cluster/ : /no clusters/);
  });
});

describe("buildReportsModel: texts and the archive", () => {
  it.each([
    [
      "de",
      "Berichte",
      "Wochenbericht (PDF)",
      "Beiträge als CSV",
      "Berichte – Clusterwoche Deutschland 2017 – Resonanz",
    ],
    [
      "en",
      "Reports",
      "Week report (PDF)",
      "Posts as CSV",
      "Reports – Clusterwoche Deutschland 2017 – Resonanz",
    ],
  ] as const)("%s headings", (lang, heading, week, csv, title) => {
    const model = build(lang);
    expect(model.heading).toBe(heading);
    expect(model.title).toBe(title);
    expect(model.week.heading).toBe(week);
    expect(model.exports.items[0]?.label).toBe(csv);
    for (const item of model.exports.items) expect(item.text.length).toBeGreaterThan(20);
    expect(model.period).toBe(lang === "de" ? "20.04.2017 – 28.04.2017" : "20 Apr 2017 – 28 Apr 2017");
  });

  it("keeps the archive's place empty until the archive exists (no made-up list)", () => {
    expect(build("de").archive).toBeNull();
  });
});
