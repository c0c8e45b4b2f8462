import { describe, expect, it } from "vitest";
import { createFormatter } from "../../dashboard/view-models/format.ts";
import {
  formatDay,
  formatInteger,
  formatPercent,
  formatPeriod,
  formatSentimentMean,
  type Lang,
} from "../../data/format.ts";

const NBSP = "\u00a0";
const BERLIN = "Europe/Berlin";
const de = createFormatter("de");
const en = createFormatter("en");

describe("createFormatter", () => {
  // The screen must print what the PDF prints: numbers, days and periods come from data/format.ts.
  it.each<Lang>(["de", "en"])("prints numbers, days and periods as data/format.ts does (%s)", (lang) => {
    const fmt = createFormatter(lang);
    for (const n of [0, 7, 1234567, 12.6, Number.NaN]) expect(fmt.integer(n)).toBe(formatInteger(n, lang));
    for (const r of [0, 0.012345, 1.5, Number.NaN]) expect(fmt.percent(r)).toBe(formatPercent(r, lang));
    for (const m of [0, 0.0412, -0.1, -0.0001, 0.1236]) {
      expect(fmt.signed(m)).toBe(formatSentimentMean(m, lang));
    }
    expect(fmt.day("2017-04-20")).toBe(formatDay("2017-04-20", lang));
    expect(fmt.period("2017-04-20", "2017-04-28")).toBe(formatPeriod("2017-04-20", "2017-04-28", lang));
    expect(fmt.period("2017-04-20", "2017-04-20")).toBe(formatPeriod("2017-04-20", "2017-04-20", lang));
  });

  it.each([
    ["integer", de.integer(1234567), "1.234.567"],
    ["integer", en.integer(1234567), "1,234,567"],
    ["integer zero", de.integer(0), "0"],
    ["percent", de.percent(0.012345), `1,23${NBSP}%`],
    ["percent", en.percent(0.012345), "1.23%"],
    ["percent zero", de.percent(0), `0,00${NBSP}%`],
    ["signed positive", de.signed(0.0412), "+0,041"],
    ["signed positive", en.signed(0.0412), "+0.041"],
    ["signed negative", de.signed(-0.1), "-0,100"],
    ["signed tiny negative has no sign", de.signed(-0.0001), "0,000"],
    ["day", de.day("2017-04-20"), "20.04.2017"],
    ["day", en.day("2017-04-20"), "20 Apr 2017"],
    ["period", de.period("2017-04-20", "2017-04-28"), "20.04.2017 – 28.04.2017"],
    ["period", en.period("2017-04-20", "2017-04-28"), "20 Apr 2017 – 28 Apr 2017"],
    ["period of one day", de.period("2017-04-20", "2017-04-20"), "20.04.2017"],
    // Summer time: UTC+2; 23:30 UTC is already the next day in Berlin.
    ["dateTime summer", de.dateTime("2017-04-21T10:00:00.000Z", BERLIN), "21.04.2017, 12:00 Uhr"],
    ["dateTime summer", en.dateTime("2017-04-21T10:00:00.000Z", BERLIN), "21 Apr 2017, 12:00"],
    ["dateTime next day", de.dateTime("2017-04-20T23:30:00.000Z", BERLIN), "21.04.2017, 01:30 Uhr"],
    ["dateTime winter", de.dateTime("2017-01-15T10:00:00.000Z", BERLIN), "15.01.2017, 11:00 Uhr"],
    ["weekdayDate from offset", de.weekdayDate("2017-04-21T00:00:00+02:00", BERLIN), "Freitag, 21.04.2017"],
    ["weekdayDate from offset", en.weekdayDate("2017-04-21T00:00:00+02:00", BERLIN), "Friday, 21 April 2017"],
    ["day label", de.bucketLabel("2017-04-21T00:00:00+02:00", BERLIN, "day"), "Fr 21.04."],
    ["day label", en.bucketLabel("2017-04-21T00:00:00+02:00", BERLIN, "day"), "Fri 21 Apr"],
    ["hour label", de.bucketLabel("2017-04-21T14:00:00+02:00", BERLIN, "hour"), "21.04. 14:00"],
    ["hour label", en.bucketLabel("2017-04-21T14:00:00+02:00", BERLIN, "hour"), "21 Apr 14:00"],
  ])("%s → %s", (_name, actual, expected) => {
    expect(actual).toBe(expected);
  });
});
