import { describe, expect, it } from "vitest";
import { createFormatter } from "../../dashboard/view-models/format.ts";
import { buildSourcesModel, type SourcesInput, sourceName } from "../../dashboard/view-models/sources.ts";
import type { SourceCoverage } from "../../data/queries/coverage.ts";
import { CW2017 } from "../helpers/db.ts";

function row(overrides: Partial<SourceCoverage> = {}): SourceCoverage {
  return {
    source: "mastodon",
    target: "social.example#clusterwoche",
    lastRunAt: "2017-04-20T08:00:00.000Z",
    lastSuccessAt: "2017-04-20T08:01:00.000Z",
    status: "ok",
    fetched: 12_345,
    inserted: 1_234,
    error: null,
    coverageFrom: "2017-04-19T12:00:00.000Z",
    coverageTo: "2017-04-20T14:00:00.000Z",
    firstRunAt: "2017-04-20T08:00:00.000Z",
    runs: 1_500,
    failedRuns: 0,
    updated: 0,
    rateLimitWaitMs: 0,
    posts: 2_000,
    gaps: [],
    ...overrides,
  };
}

function model(rows: SourceCoverage[], overrides: Partial<SourcesInput> = {}) {
  return buildSourcesModel({
    lang: "de",
    campaign: CW2017,
    from: CW2017.start,
    to: CW2017.end,
    platform: null,
    gapHours: 2,
    rows,
    ...overrides,
  });
}

describe("duration", () => {
  it.each([
    [0, "0 Sek.", "0 s"],
    [400, "< 1 Sek.", "< 1 s"],
    [1_500, "1 Sek.", "1 s"],
    [61_500, "1 Min. 1 Sek.", "1 min 1 s"],
    [3_600_000, "1 Std.", "1 h"],
    [2 * 3_600_000 + 59_999, "2 Std.", "2 h"],
    [4 * 3_600_000 + 55 * 60_000 + 30_000, "4 Std. 55 Min.", "4 h 55 min"],
    [86_400_000, "1 Tag", "1 day"],
    [2 * 86_400_000 + 3 * 3_600_000 + 600_000, "2 Tage 3 Std.", "2 days 3 h"],
    [400 * 86_400_000, "400 Tage", "400 days"],
    [1_200 * 86_400_000, "1.200 Tage", "1,200 days"],
  ])("%d ms → %s / %s", (ms, de, en) => {
    expect(createFormatter("de").duration(ms)).toBe(de);
    expect(createFormatter("en").duration(ms)).toBe(en);
  });
});

describe("buildSourcesModel", () => {
  it("formats a row for German readers, times in Berlin", () => {
    const m = model([
      row({
        status: "failed",
        failedRuns: 3,
        rateLimitWaitMs: 90_000,
        error: "HTTP 503 from https://social.example/",
        gaps: [
          { from: "2017-04-19T22:00:00.000Z", to: "2017-04-20T08:01:00.000Z", ongoing: false },
          { from: "2017-04-20T15:05:00.000Z", to: "2017-04-20T20:00:00.000Z", ongoing: true },
        ],
      }),
    ]);
    expect(m.groups).toHaveLength(1);
    const r = m.groups[0]?.rows[0];
    expect(r).toEqual({
      target: "social.example#clusterwoche",
      status: { key: "failed", label: "Fehler", isError: true },
      lastRun: { text: "20.04.2017, 10:00 Uhr", iso: "2017-04-20T08:00:00.000Z" },
      lastSuccess: { text: "20.04.2017, 10:01 Uhr", iso: "2017-04-20T08:01:00.000Z" },
      runs: "1.500, davon 3 fehlgeschlagen",
      items: "12.345 abgerufen, 1.234 neu",
      coverage: "2.000 Beiträge, 19.04.2017, 14:00 Uhr – 20.04.2017, 16:00 Uhr",
      rateLimitWait: "1 Min. 30 Sek.",
      error: "HTTP 503 from https://social.example/",
      gaps: {
        summary: "2 Lücken, zusammen 14 Std. 56 Min.",
        items: [
          "20.04.2017, 00:00 Uhr – 20.04.2017, 10:01 Uhr (10 Std. 1 Min.)",
          "seit 20.04.2017, 17:05 Uhr (4 Std. 55 Min., dauert an)",
        ],
      },
    });
    expect(m.summary).toBe("1 von 1 Quelle mit Fehlern, 1 mit Lücken im gewählten Zeitraum.");
    expect(m.intro).toContain("mehr als 2 Std. im gewählten Zeitraum");
    expect(m.period).toBe("20.04.2017 – 28.04.2017");
    expect(m.title).toBe("Quellen und Abdeckung – Clusterwoche Deutschland 2017 – Resonanz");
  });

  it("formats the same row in English", () => {
    const m = model(
      [
        row({
          lastSuccessAt: null,
          posts: 1,
          coverageTo: "2017-04-19T12:00:00.000Z",
          gaps: [{ from: "2017-04-19T22:00:00.000Z", to: "2017-04-28T22:00:00.000Z", ongoing: false }],
        }),
      ],
      { lang: "en", gapHours: 0.5 },
    );
    expect(m.groups[0]?.rows[0]).toMatchObject({
      status: { key: "ok", label: "OK", isError: false },
      lastRun: { text: "20 Apr 2017, 10:00" },
      lastSuccess: null,
      runs: "1,500, none failed",
      items: "12,345 fetched, 1,234 new",
      coverage: "1 post, 19 Apr 2017, 14:00",
      rateLimitWait: "none",
      gaps: {
        summary: "1 gap, 9 days in total",
        items: ["20 Apr 2017, 00:00 – 29 Apr 2017, 00:00 (9 days)"],
      },
    });
    expect(m.summary).toBe("0 of 1 source with errors, 1 with gaps in the selected period.");
    expect(m.intro).toContain("longer than 30 min in the selected period");
  });

  it("labels every status in both languages; failed and auth_required count as errors", () => {
    const statuses = ["ok", "failed", "auth_required", "running", "aborted", "never"] as const;
    const rows = statuses.map((status, i) => row({ status, target: `t${i}`, gaps: [] }));
    expect(model(rows).groups[0]?.rows.map((r) => [r.status.label, r.status.isError])).toEqual([
      ["OK", false],
      ["Fehler", true],
      ["Anmeldung nötig", true],
      ["läuft", false],
      ["abgebrochen", false],
      ["kein Lauf erfasst", false],
    ]);
    expect(model(rows, { lang: "en" }).groups[0]?.rows.map((r) => r.status.label)).toEqual([
      "OK",
      "Failed",
      "Authentication required",
      "Running",
      "Aborted",
      "No run recorded",
    ]);
    expect(model(rows).summary).toBe("2 von 6 Quellen mit Fehlern, keine mit Lücken im gewählten Zeitraum.");
    expect(model(rows, { lang: "en" }).summary).toBe(
      "2 of 6 sources with errors, none with gaps in the selected period.",
    );
  });

  it("groups by source: Mastodon, Bluesky, RSS, Import first, then the rest alphabetically", () => {
    const m = model(
      ["x", "rss", "import", "zeta", "bluesky", "mastodon", "rss"].map((source, i) =>
        row({ source, target: `t${i}` }),
      ),
    );
    expect(m.groups.map((g) => [g.name, g.rows.length, g.caption])).toEqual([
      ["Mastodon", 1, "Abdeckung Mastodon: 1 Ziel"],
      ["Bluesky", 1, "Abdeckung Bluesky: 1 Ziel"],
      ["RSS", 2, "Abdeckung RSS: 2 Ziele"],
      ["Import", 1, "Abdeckung Import: 1 Ziel"],
      ["X", 1, "Abdeckung X: 1 Ziel"],
      ["zeta", 1, "Abdeckung zeta: 1 Ziel"],
    ]);
    expect(new Set(m.groups.map((g) => g.headingId)).size).toBe(6);
    for (const g of m.groups) expect(g.headingId).toMatch(/^source-\d+$/);
  });

  it("says honestly when nothing has run", () => {
    const m = model([]);
    expect(m.summary).toBeNull();
    expect(m.groups).toEqual([]);
    expect(m.empty?.text).toBe("Noch keine Erfassung gelaufen.");
    expect(model([], { platform: "bluesky" }).empty?.text).toBe(
      "Für Bluesky ist noch keine Erfassung gelaufen.",
    );
    expect(model([], { lang: "en" }).empty?.text).toBe("No collection has run yet.");
    expect(model([row()]).empty).toBeNull();
  });

  it("names sources", () => {
    expect([sourceName("mastodon"), sourceName("rss"), sourceName("import"), sourceName("other")]).toEqual([
      "Mastodon",
      "RSS",
      "Import",
      "other",
    ]);
  });
});
