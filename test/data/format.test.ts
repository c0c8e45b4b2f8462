import { describe, expect, it } from "vitest";
import {
  formatDateTime,
  formatDay,
  formatInteger,
  formatPercent,
  formatPeriod,
  formatSentimentMean,
  isLang,
  type Lang,
  localeOf,
  platformName,
} from "../../data/format.ts";

const NBSP = "\u00a0";

describe("formatInteger", () => {
  it.each<[number, Lang, string]>([
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
  it.each<[number, Lang, string]>([
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
  it.each<[number, Lang, string]>([
    [0, "de", "0,000"],
    [0.1234, "de", "+0,123"],
    [0.1236, "en", "+0.124"],
    [0.0412, "de", "+0,041"],
    [-0.04, "de", "-0,040"],
    [-0.1, "en", "-0.100"],
    // Rounded first: a tiny value has no sign, never "-0,000".
    [-0.0001, "en", "0.000"],
    [-0.0004999, "de", "0,000"],
    [0.0004999, "de", "0,000"],
    [-0.0006, "de", "-0,001"],
    [-0, "de", "0,000"],
    [Number.NaN, "de", "0,000"],
  ])("%s (%s) → %s", (mean, lang, expected) => {
    expect(formatSentimentMean(mean, lang)).toBe(expected);
  });
});

describe("formatDay and formatPeriod", () => {
  it.each<[string, Lang, string]>([
    ["2017-04-20", "de", "20.04.2017"],
    ["2017-04-20", "en", "20 Apr 2017"],
    ["2019-04-02", "de", "02.04.2019"],
    ["2019-04-02", "en", "2 Apr 2019"],
  ])("day %s (%s) → %s", (day, lang, expected) => {
    expect(formatDay(day, lang)).toBe(expected);
  });

  it.each<[string, string, Lang, string]>([
    ["2017-04-20", "2017-04-28", "de", "20.04.2017 – 28.04.2017"],
    ["2017-04-20", "2017-04-28", "en", "20 Apr 2017 – 28 Apr 2017"],
    ["2019-04-02", "2019-04-11", "de", "02.04.2019 – 11.04.2019"],
    ["2019-04-02", "2019-04-11", "en", "2 Apr 2019 – 11 Apr 2019"],
    ["2017-04-20", "2017-04-20", "de", "20.04.2017"],
    ["2017-04-20", "2017-04-20", "en", "20 Apr 2017"],
  ])("period %s..%s (%s) → %s", (from, to, lang, expected) => {
    expect(formatPeriod(from, to, lang)).toBe(expected);
  });
});

describe("formatDateTime", () => {
  it.each<[string, Lang, string]>([
    ["2017-04-29T12:00:00Z", "de", "29.04.2017, 14:00 MESZ"],
    ["2017-04-29T12:00:00Z", "en", "29 Apr 2017, 14:00 CEST"],
    // Berlin's day boundary, winter time.
    ["2017-01-10T23:30:00Z", "de", "11.01.2017, 00:30 MEZ"],
  ])("%s (%s) → %s in Europe/Berlin", (iso, lang, expected) => {
    expect(formatDateTime(new Date(iso), lang)).toBe(expected);
  });

  it("takes another zone", () => {
    expect(formatDateTime(new Date("2017-04-29T12:00:00Z"), "en", "UTC")).toBe("29 Apr 2017, 12:00 UTC");
  });
});

describe("languages and names", () => {
  it.each([
    ["de", true],
    ["en", true],
    ["fr", false],
    ["DE", false],
    ["", false],
    [undefined, false],
  ])("isLang(%s) = %s", (value, expected) => {
    expect(isLang(value)).toBe(expected);
  });

  it("uses en-GB, not en-US, for English", () => {
    expect(localeOf("de")).toBe("de-DE");
    expect(localeOf("en")).toBe("en-GB");
  });

  it.each([
    ["mastodon", "Mastodon"],
    ["linkedin", "LinkedIn"],
    ["rss", "RSS"],
    ["friendica", "friendica"],
    ["constructor", "constructor"],
  ])("platformName(%s) = %s", (id, name) => {
    expect(platformName(id)).toBe(name);
  });
});
