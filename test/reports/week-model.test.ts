import { describe, expect, it } from "vitest";
import { METRICS_VERSION } from "../../data/analysis/metrics.ts";
import type { Lang } from "../../data/format.ts";
import type { Summary } from "../../data/queries/summary.ts";
import type { Timeline } from "../../data/queries/timeline.ts";
import type { ReportModel, Section, TableBlock } from "../../reports/model.ts";
import { buildWeekModel } from "../../reports/week-model.ts";
import { CW2017 } from "../helpers/db.ts";

const NBSP = "\u00a0";
const generatedAt = new Date("2017-04-29T12:00:00Z");

function summary(overrides: Partial<Summary> = {}): Summary {
  return {
    posts: 1234,
    authors: 567,
    potentialReach: 2345678,
    uniqueReach: 1200000,
    engagement: 9876,
    engagementRate: 0.00421,
    sentiment: { positive: 300, neutral: 900, negative: 34, mean: 0.0456 },
    platforms: { bluesky: 234, mastodon: 1000 },
    from: "2017-04-20",
    to: "2017-04-28",
    campaign: CW2017.id,
    ...overrides,
  };
}

function timeline(points: [string, number, number, number][]): Timeline {
  return {
    bucket: "day",
    series: points.map(([day, posts, potentialReach, engagement]) => ({
      t: `${day}T00:00:00+02:00`,
      posts,
      potentialReach,
      engagement,
    })),
  };
}

const TWO_DAYS = timeline([
  ["2017-04-20", 1000, 2000000, 8000],
  ["2017-04-21", 234, 345678, 1876],
]);

const cases: {
  lang: Lang;
  title: string;
  period: string;
  kpis: Record<string, [string, string]>;
  day: [string, string, string, string, string];
  total: [string, string, string, string, string];
  generated: string;
  platforms: string;
  notes: RegExp[];
}[] = [
  {
    lang: "de",
    title: "Wochenbericht",
    period: "20.04.2017 – 28.04.2017",
    kpis: {
      posts: ["Erwähnungen", "1.234"],
      authors: ["Autor:innen", "567"],
      potentialReach: ["potenzielle Reichweite", "2.345.678"],
      uniqueReach: ["eindeutige Reichweite", "1.200.000"],
      engagement: ["Interaktionen", "9.876"],
      engagementRate: ["Interaktionsrate", `0,42${NBSP}%`],
      sentiment: ["Stimmung", "+0,046"],
    },
    day: ["Do, 20.04.2017", "1.000", "2.000.000", "8.000", `0,40${NBSP}%`],
    total: ["Summe", "1.234", "2.345.678", "9.876", `0,42${NBSP}%`],
    generated: "Erstellt: 29.04.2017, 14:00 MESZ",
    platforms: "Bluesky 234 · Mastodon 1.000",
    notes: [
      /Version 1\b/,
      /eigenen deutschen Lexikon/,
      /deutsche Lexikon einen Makro-F1-Wert/,
      /über Instanzen hinweg/,
    ],
  },
  {
    lang: "en",
    title: "Weekly report",
    period: "20 Apr 2017 – 28 Apr 2017",
    kpis: {
      posts: ["Posts", "1,234"],
      authors: ["Authors", "567"],
      potentialReach: ["Potential reach", "2,345,678"],
      uniqueReach: ["Unique reach", "1,200,000"],
      engagement: ["Engagement", "9,876"],
      engagementRate: ["Engagement rate", "0.42%"],
      sentiment: ["Sentiment", "+0.046"],
    },
    day: ["Thu, 20 Apr 2017", "1,000", "2,000,000", "8,000", "0.40%"],
    total: ["Total", "1,234", "2,345,678", "9,876", "0.42%"],
    generated: "Generated: 29 Apr 2017, 14:00 CEST",
    platforms: "Bluesky 234 · Mastodon 1,000",
    notes: [
      /version 1\b/,
      /own German lexicon/,
      /German lexicon reaches a macro-F1/,
      /cross-instance deduplication/,
    ],
  },
];

/** The section with this heading; fails the test when there is none. */
function section(m: ReportModel, heading: string | RegExp): Section {
  const s = m.sections.find((x) =>
    typeof heading === "string" ? x.heading === heading : heading.test(x.heading),
  );
  if (!s) throw new Error(`no section ${heading} in ${m.sections.map((x) => x.heading).join(", ")}`);
  return s;
}

function tables(s: Section): TableBlock[] {
  return s.blocks.filter((b): b is TableBlock => b.kind === "table");
}

function texts(rows: TableBlock["rows"]): string[][] {
  return rows.map((r) => r.map((c) => c.text));
}

describe("buildWeekModel", () => {
  it.each(cases)("words and formats the week in $lang", (c) => {
    const m = buildWeekModel({
      summary: summary(),
      timeline: TWO_DAYS,
      campaign: CW2017,
      generatedAt,
      lang: c.lang,
    });
    expect(m.title).toBe(c.title);
    expect(m.campaignName).toBe("Clusterwoche Deutschland 2017");
    expect(m.coverSubtitle).toBe(c.period);
    expect(m.generatedAt).toBe(c.generated);
    expect(m.documentTitle).toContain("Clusterwoche Deutschland 2017");
    const kpis = tables(m.sections[0] as Section)[0] as TableBlock;
    const byName = Object.fromEntries(texts(kpis.rows).map(([name, value]) => [name, value]));
    for (const [name, value] of Object.values(c.kpis)) expect(byName[name]).toBe(value);
    for (const r of kpis.rows) expect(r[2]?.text.length).toBeGreaterThan(10);
    const platforms = texts(
      (tables(section(m, c.lang === "de" ? "Plattformen" : "Platforms"))[0] as TableBlock).rows,
    );
    expect(
      platforms
        .map((r) => `${r[0]} ${r[1]}`)
        .sort()
        .join(" · "),
    ).toBe(c.platforms);
    const days = tables(section(m, c.lang === "de" ? "Verlauf je Tag" : "Per day"))[0] as TableBlock;
    expect(texts(days.rows)[0]).toEqual(c.day);
    expect(texts(days.rows).at(-1)).toEqual(c.total);
    expect(days.rows).toHaveLength(3);
    const appendix = m.sections.at(-1) as Section;
    const notes = appendix.blocks.flatMap((b) => (b.kind === "bullets" ? b.items : [])).join("\n");
    for (const re of c.notes) expect(notes).toMatch(re);
    expect(notes).toContain(String(METRICS_VERSION));
  });

  it("has every section the end-of-week report promises, in order", () => {
    const m = buildWeekModel({
      summary: summary(),
      timeline: TWO_DAYS,
      campaign: CW2017,
      generatedAt,
      lang: "de",
    });
    expect(m.sections.map((s) => s.heading)).toEqual([
      "Kennzahlen",
      "Verlauf je Tag",
      "Plattformen",
      "Cluster nach Share of Voice",
      "Länder",
      "Veranstaltungen mit der größten Resonanz",
      "Beiträge mit den meisten Interaktionen",
      "Stimmung",
      "Sprachen",
      "Vergleich mit der Vorgänger-Ausgabe",
      "Anhang: Abdeckung und Methode",
    ]);
    expect(m.sections.at(-1)?.newPage).toBe(true);
    expect(section(m, "Verlauf je Tag").blocks[0]).toMatchObject({
      kind: "chart",
      spec: { type: "bar", labels: ["Do 20.04.", "Fr 21.04."] },
    });
  });

  it.each<Lang>(["de", "en"])("prints rates as 0, not NaN, for a week without posts (%s)", (lang) => {
    const empty = summary({
      posts: 0,
      authors: 0,
      potentialReach: 0,
      uniqueReach: 0,
      engagement: 0,
      engagementRate: 0,
      sentiment: { positive: 0, neutral: 0, negative: 0, mean: 0 },
      platforms: {},
    });
    const m = buildWeekModel({
      summary: empty,
      timeline: timeline([["2017-04-20", 0, 0, 0]]),
      campaign: CW2017,
      generatedAt,
      lang,
    });
    const zeroRate = lang === "de" ? `0,00${NBSP}%` : "0.00%";
    const zeroMean = lang === "de" ? "0,000" : "0.000";
    const kpis = texts((tables(m.sections[0] as Section)[0] as TableBlock).rows);
    expect(kpis.find((r) => r[0] === (lang === "de" ? "Interaktionsrate" : "Engagement rate"))?.[1]).toBe(
      zeroRate,
    );
    expect(kpis.find((r) => r[0] === (lang === "de" ? "Stimmung" : "Sentiment"))?.[1]).toBe(zeroMean);
    const days = texts((tables(m.sections[1] as Section)[0] as TableBlock).rows);
    expect(days[0]?.[4]).toBe(zeroRate);
    expect(days.at(-1)?.[4]).toBe(zeroRate);
    expect(JSON.stringify(m)).not.toMatch(/NaN|Infinity|undefined/);
  });

  it("compares with the previous edition when there is one, and says so when there is none", () => {
    const base = {
      summary: summary(),
      timeline: TWO_DAYS,
      campaign: CW2017,
      generatedAt,
      lang: "de" as const,
    };
    const none = section(buildWeekModel(base), /^Vergleich/);
    expect(none.blocks[0]).toMatchObject({
      kind: "paragraph",
      text: expect.stringMatching(/keine frühere Ausgabe/),
    });
    const m = buildWeekModel({
      ...base,
      comparison: {
        campaign: { ...CW2017, name: "CW 2016" },
        summary: summary({ posts: 1000, authors: 0 }),
        from: "2016-04-20",
        to: "2016-04-28",
      },
    });
    const rows = texts((tables(section(m, /^Vergleich/))[0] as TableBlock).rows);
    expect(rows[0]).toEqual(["Erwähnungen", "1.234", "1.000", `+23${NBSP}%`]);
    expect(rows[1]).toEqual(["Autor:innen", "567", "0", "kein Vergleichswert"]);
  });

  it("ranks clusters by share of voice and lists all 16 Länder by posts", () => {
    const row = (id: string, posts: number, sov: number) => ({
      id,
      name: `Cluster ${id}`,
      state: "DE-NW",
      states: ["DE-NW", "DE-BW"],
      posts,
      authors: 1,
      potentialReach: 10,
      engagement: 5,
      shareOfVoice: sov,
      shareOfVoiceAuthors: sov,
      shareOfVoiceEngagement: sov,
      sentimentMean: 0,
    });
    const m = buildWeekModel({
      summary: summary(),
      timeline: TWO_DAYS,
      campaign: CW2017,
      generatedAt,
      lang: "de",
      clusters: [row("a", 3, 0.6), row("b", 2, 0.4), row("c", 0, 0)],
      states: [
        { state: "DE-BY", posts: 1, clusters: 1, potentialReach: 5 },
        { state: "DE-NW", posts: 3, clusters: 2, potentialReach: 9 },
      ],
    });
    const clusters = section(m, "Cluster nach Share of Voice");
    expect(texts((tables(clusters)[0] as TableBlock).rows)).toEqual([
      ["1", "Cluster a", "NW, BW", "3", `60,00${NBSP}%`, "5"],
      ["2", "Cluster b", "NW, BW", "2", `40,00${NBSP}%`, "5"],
    ]);
    expect(texts((tables(section(m, "Länder"))[0] as TableBlock).rows).map((r) => r[0])).toEqual([
      "Nordrhein-Westfalen",
      "Bayern",
    ]);
  });

  it("shows the applied filters, 'alle' when none", () => {
    const none = buildWeekModel({
      summary: summary(),
      timeline: TWO_DAYS,
      campaign: CW2017,
      generatedAt,
      lang: "de",
    });
    expect(none.filters).toEqual([
      { label: "Zeitraum", value: "20.04.2017 – 28.04.2017" },
      { label: "Hashtags", value: "#Clusterwoche" },
      { label: "Plattform", value: "alle" },
      { label: "Sprache der Beiträge", value: "alle" },
    ]);
    const some = buildWeekModel({
      summary: summary({ from: "2017-04-21", to: "2017-04-22" }),
      timeline: TWO_DAYS,
      campaign: CW2017,
      generatedAt,
      lang: "en",
      filters: { platform: "bluesky", lang: "de", cluster: "its-owl", state: "DE-NW" },
      clusterName: "it's OWL",
    });
    expect(some.coverSubtitle).toBe("21 Apr 2017 – 22 Apr 2017");
    expect(some.filters.map((f) => f.value)).toEqual([
      "21 Apr 2017 – 22 Apr 2017",
      "#Clusterwoche",
      "Bluesky",
      "German",
      "it's OWL",
      "North Rhine-Westphalia",
    ]);
  });

  it("is pure: the same input gives the same model", () => {
    const input = {
      summary: summary(),
      timeline: TWO_DAYS,
      campaign: CW2017,
      generatedAt,
      lang: "de" as const,
    };
    expect(buildWeekModel(input)).toEqual(buildWeekModel(input));
  });
});
