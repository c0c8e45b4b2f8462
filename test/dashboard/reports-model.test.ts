import { describe, expect, it } from "vitest";
import type { UiLang } from "../../dashboard/i18n/index.ts";
import {
  type ArchiveEntryInput,
  buildReportsModel,
  formatFileSize,
  SHA_SHORT,
} from "../../dashboard/view-models/reports.ts";
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

  it("with nothing archived, the archive says so instead of showing an empty table", () => {
    const a = build("de").archive;
    expect(a.items).toEqual([]);
    expect(a.empty).toMatch(/noch keine Berichte/);
    expect(a.notice).toBeNull();
  });
});

const SHA = "0dde0ed35d03d18c3eef5b9151e27e0d2c00c0a8b121f386de520d55b1266ffe";
const ENTRIES: ArchiveEntryInput[] = [
  {
    id: 12,
    kind: "final",
    lang: "en",
    from: "2017-04-20",
    to: "2017-04-28",
    createdAt: "2017-04-29T04:00:00.000Z",
    bytes: 1_234_567,
    sha256: SHA,
    mailStatus: "failed",
  },
  {
    id: 3,
    kind: "digest",
    lang: "de",
    from: "2017-04-20",
    to: "2017-04-20",
    createdAt: "2017-04-20T16:00:00.000Z",
    bytes: 245_123,
    sha256: SHA,
    mailStatus: null,
  },
];

describe("buildReportsModel: archive rows", () => {
  const archive = (lang: UiLang, query: Record<string, string> = {}) =>
    buildReportsModel({
      lang,
      campaign: CW2017,
      from: "2017-04-20",
      to: "2017-04-28",
      query,
      clusters: CLUSTERS,
      archive: ENTRIES,
    }).archive;

  it.each([
    [
      "de",
      [
        [
          "Abschlussbericht",
          "20.04.2017 – 28.04.2017",
          "Englisch",
          "29.04.2017, 06:00 Uhr",
          "1,2 MB",
          "E-Mail-Versand fehlgeschlagen",
        ],
        ["Zwischenbericht", "20.04.2017", "Deutsch", "20.04.2017, 18:00 Uhr", "245 kB", null],
      ],
    ],
    [
      "en",
      [
        [
          "Final report",
          "20 Apr 2017 – 28 Apr 2017",
          "English",
          "29 Apr 2017, 06:00",
          "1.2 MB",
          "e-mail delivery failed",
        ],
        ["Interim report", "20 Apr 2017", "German", "20 Apr 2017, 18:00", "245 kB", null],
      ],
    ],
  ] as const)("%s: kind, period, language, created (campaign time), size, mail", (lang, expected) => {
    const a = archive(lang);
    expect(a.items.map((i) => [i.kind, i.period, i.language, i.created.text, i.size, i.mail])).toEqual(
      expected,
    );
    expect(a.empty).toBeNull();
  });

  it("links each report's download and shortens the checksum, keeping the full value", () => {
    const [first] = archive("de").items;
    expect(first).toMatchObject({
      href: "/reports/archive/12.pdf",
      hreflang: "en",
      sha256: SHA,
      sha256Short: SHA.slice(0, SHA_SHORT),
      downloadLabel: "PDF herunterladen",
      downloadContext: "Abschlussbericht, 20.04.2017 – 28.04.2017, Englisch",
      created: { iso: "2017-04-29T04:00:00.000Z" },
    });
  });

  it.each([
    [{ archived: "3" }, [false, true], true],
    [{ archived: "99" }, [false, false], false],
    [{ archived: "3 OR 1=1" }, [false, false], false],
    [{}, [false, false], false],
  ])("query %j marks %j", (query, marks, notice) => {
    const a = archive("de", query);
    expect(a.items.map((i) => i.isNew)).toEqual(marks);
    expect(a.notice !== null).toBe(notice);
  });

  it.each([
    ["de", [], "Jetzt erzeugen"],
    ["en", [{ name: "uiLang", value: "en" }], "Generate now"],
  ] as const)("%s: the generate-now form posts the campaign and the page's period", (lang, extra, submit) => {
    const f = archive(lang).form;
    expect(f.action).toBe("/reports/archive");
    expect(f.hidden).toEqual([{ name: "campaign", value: "clusterwoche-2017" }, ...extra]);
    expect([f.from, f.to]).toEqual(["2017-04-20", "2017-04-28"]);
    expect(f.langOptions.map((o) => [o.value, o.selected])).toEqual([
      ["de", lang === "de"],
      ["en", lang === "en"],
    ]);
    expect(f.submit).toBe(submit);
  });
});

describe("formatFileSize", () => {
  it.each([
    [999, "de", "1 kB"],
    [1_500, "de", "1,5 kB"],
    [245_123, "de", "245 kB"],
    [245_123, "en", "245 kB"],
    [1_234_567, "de", "1,2 MB"],
    [12_345_678, "en", "12 MB"],
  ] as const)("%d bytes (%s) → %s", (bytes, lang, text) => {
    expect(formatFileSize(bytes, lang)).toBe(text);
  });
});
