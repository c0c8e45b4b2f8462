import { describe, expect, it } from "vitest";
import type { Lang } from "../../data/format.ts";
import { formatPageLabel, formatWeekday } from "../../reports/format.ts";

// Numbers, days, periods and instants are shared with the dashboard: see test/data/format.test.ts.

describe("formatWeekday", () => {
  it.each<[string, Lang, string]>([
    ["2017-04-20T00:00:00+02:00", "de", "Do, 20.04.2017"],
    ["2017-04-20T00:00:00+02:00", "en", "Thu, 20 Apr 2017"],
    // The bucket's own offset decides the day, not the machine's zone.
    ["2017-04-28T00:00:00+02:00", "de", "Fr, 28.04.2017"],
  ])("weekday %s (%s) → %s", (t, lang, expected) => {
    expect(formatWeekday(t, lang)).toBe(expected);
  });
});

describe("formatPageLabel", () => {
  it("labels pages per language", () => {
    expect(formatPageLabel(1, 3, "de")).toBe("Seite 1 von 3");
    expect(formatPageLabel(2, 3, "en")).toBe("Page 2 of 3");
  });
});
