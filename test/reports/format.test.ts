import { describe, expect, it } from "vitest";
import {
  formatDateTime,
  formatDay,
  formatInteger,
  formatPageLabel,
  formatPercent,
  formatPeriod,
  formatSentimentMean,
  formatWeekday,
  isReportLang,
  type ReportLang,
} from "../../reports/format.ts";

const NBSP = "\u00a0";

describe("formatInteger", () => {
  it.each<[number, ReportLang, string]>([
    [0, "de", "0"],
    [999, "de", "999"],
    [1234, "de", "1.234"],
    [1234567, "de", "1.234.567"],
    [1234567, "en", "1,234,567"],
    [12.6, "de", "13"],
    [Number.NaN, "de", "0"],
  ])("%s (%s) → %s", (n, lang, expected) => {
    expect(formatInteger(n, lang)).toBe(expected);
  });
});

describe("formatPercent", () => {
  it.each<[number, ReportLang, string]>([
    [0, "de", `0,00${NBSP}%`],
    [0.012345, "de", `1,23${NBSP}%`],
    [0.012345, "en", "1.23%"],
    [1.5, "de", `150,00${NBSP}%`],
    [0.00004, "en", "0.00%"],
    [Number.NaN, "de", `0,00${NBSP}%`],
    [Number.POSITIVE_INFINITY, "en", "0.00%"],
  ])("%s (%s) → %s", (ratio, lang, expected) => {
    expect(formatPercent(ratio, lang)).toBe(expected);
  });
});

describe("formatSentimentMean", () => {
  it.each<[number, ReportLang, string]>([
    [0, "de", "0,000"],
    [0.1234, "de", "+0,123"],
    [0.1236, "en", "+0.124"],
    [-0.04, "de", "-0,040"],
    [-0.0001, "en", "0.000"],
    [Number.NaN, "de", "0,000"],
  ])("%s (%s) → %s", (mean, lang, expected) => {
    expect(formatSentimentMean(mean, lang)).toBe(expected);
  });
});

describe("dates", () => {
  it.each<[string, string, ReportLang, string]>([
    ["2017-04-20", "2017-04-28", "de", "20.04.2017 – 28.04.2017"],
    ["2017-04-20", "2017-04-28", "en", "20 Apr 2017 – 28 Apr 2017"],
    ["2019-04-02", "2019-04-11", "de", "02.04.2019 – 11.04.2019"],
    ["2019-04-02", "2019-04-11", "en", "2 Apr 2019 – 11 Apr 2019"],
  ])("period %s..%s (%s) → %s", (from, to, lang, expected) => {
    expect(formatPeriod(from, to, lang)).toBe(expected);
  });

  it("formats a single day", () => {
    expect(formatDay("2017-04-20", "de")).toBe("20.04.2017");
    expect(formatDay("2017-04-20", "en")).toBe("20 Apr 2017");
  });

  it.each<[string, ReportLang, string]>([
    ["2017-04-20T00:00:00+02:00", "de", "Do, 20.04.2017"],
    ["2017-04-20T00:00:00+02:00", "en", "Thu, 20 Apr 2017"],
    // The bucket's own offset decides the day, not the machine's zone.
    ["2017-04-28T00:00:00+02:00", "de", "Fr, 28.04.2017"],
  ])("weekday %s (%s) → %s", (t, lang, expected) => {
    expect(formatWeekday(t, lang)).toBe(expected);
  });

  it.each<[string, ReportLang, string]>([
    ["2017-04-29T12:00:00Z", "de", "29.04.2017, 14:00 MESZ"],
    ["2017-04-29T12:00:00Z", "en", "29 Apr 2017, 14:00 CEST"],
    // Berlin's day boundary, winter time.
    ["2017-01-10T23:30:00Z", "de", "11.01.2017, 00:30 MEZ"],
  ])("generation time %s (%s) → %s in Europe/Berlin", (iso, lang, expected) => {
    expect(formatDateTime(new Date(iso), lang)).toBe(expected);
  });
});

describe("page labels and languages", () => {
  it("labels pages per language", () => {
    expect(formatPageLabel(1, 3, "de")).toBe("Seite 1 von 3");
    expect(formatPageLabel(2, 3, "en")).toBe("Page 2 of 3");
  });

  it.each([
    ["de", true],
    ["en", true],
    ["fr", false],
    ["DE", false],
    ["", false],
    [undefined, false],
  ])("isReportLang(%s) = %s", (value, expected) => {
    expect(isReportLang(value)).toBe(expected);
  });
});
