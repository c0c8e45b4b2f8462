import { describe, expect, it } from "vitest";
import { METRICS_VERSION } from "../../data/analysis/metrics.ts";
import type { Lang } from "../../data/format.ts";
import type { Summary } from "../../data/queries/summary.ts";
import type { Timeline } from "../../data/queries/timeline.ts";
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
    expect(m.period).toBe(c.period);
    expect(m.generatedAt).toBe(c.generated);
    expect(m.documentTitle).toContain("Clusterwoche Deutschland 2017");
    expect(Object.fromEntries(m.kpis.rows.map((r) => [r.key, [r.label, r.value]]))).toEqual(c.kpis);
    for (const r of m.kpis.rows) expect(r.formula.length).toBeGreaterThan(10);
    expect(m.platforms?.value).toBe(c.platforms);
    const [first] = m.days.rows;
    expect(first && Object.values(first)).toEqual(c.day);
    expect(Object.values(m.days.total)).toEqual(c.total);
    expect(m.days.rows).toHaveLength(2);
    const notes = m.method.notes.join("\n");
    for (const re of c.notes) expect(notes).toMatch(re);
    expect(notes).toContain(String(METRICS_VERSION));
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
    expect(m.kpis.rows.find((r) => r.key === "engagementRate")?.value).toBe(zeroRate);
    expect(m.kpis.rows.find((r) => r.key === "sentiment")?.value).toBe(zeroMean);
    expect(m.days.rows[0]?.engagementRate).toBe(zeroRate);
    expect(m.days.total.engagementRate).toBe(zeroRate);
    expect(m.platforms).toBeNull();
    expect(JSON.stringify(m)).not.toMatch(/NaN|Infinity|undefined/);
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
      filters: { platform: "bluesky", lang: "de" },
    });
    expect(some.period).toBe("21 Apr 2017 – 22 Apr 2017");
    expect(some.filters.map((f) => f.value)).toEqual([
      "21 Apr 2017 – 22 Apr 2017",
      "#Clusterwoche",
      "Bluesky",
      "de",
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
