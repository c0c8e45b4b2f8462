import { DateTime } from "luxon";
import {
  formatDay,
  formatInteger,
  formatPercent,
  formatPeriod,
  formatSentimentMean,
  localeOf,
} from "../../data/format.ts";
import type { UiLang } from "../i18n/index.ts";

/**
 * Number and date formatting for people, bound to one UI language. Numbers,
 * days and periods delegate to data/format.ts, which the PDF report uses too,
 * so the screen and the PDF print the same digits. Only the dashboard's own
 * labels (chart axes, table rows, post times) are formatted here.
 */
export interface Formatter {
  integer(n: number): string;
  percent(ratio: number): string;
  /** Mean sentiment score with an explicit sign: "+0,040", "-0,100", "0,000". */
  signed(n: number): string;
  /** A calendar day "2017-04-20" → "20.04.2017" / "20 Apr 2017". */
  day(isoDay: string): string;
  /** "20.04.2017 – 28.04.2017"; one day only when from equals to. */
  period(from: string, to: string): string;
  /** An instant, shown in `zone`: weekday and date ("Freitag, 21.04.2017"). */
  weekdayDate(iso: string, zone: string): string;
  /** Short axis label for a bucket start ("Fr 21.04." / "21.04. 14:00"). */
  bucketLabel(iso: string, zone: string, bucket: "day" | "hour"): string;
  /** Hour of day "14:00". */
  time(iso: string, zone: string): string;
  /** Post timestamp: "21.04.2017, 12:00 Uhr" / "21 Apr 2017, 12:00". */
  dateTime(iso: string, zone: string): string;
}

const PATTERNS: Record<
  UiLang,
  { weekdayDate: string; dayLabel: string; hourLabel: string; dateTime: string }
> = {
  de: {
    weekdayDate: "cccc, dd.MM.yyyy",
    dayLabel: "ccc dd.MM.",
    hourLabel: "dd.MM. HH:mm",
    dateTime: "dd.MM.yyyy, HH:mm 'Uhr'",
  },
  en: {
    weekdayDate: "cccc, d MMMM yyyy",
    dayLabel: "ccc d MMM",
    hourLabel: "d MMM HH:mm",
    dateTime: "d MMM yyyy, HH:mm",
  },
};

export function createFormatter(lang: UiLang): Formatter {
  const locale = localeOf(lang);
  const p = PATTERNS[lang];
  // An offset in the string (timeline `t`) is honoured; the instant is then shown in `zone`.
  const at = (iso: string, zone: string) =>
    DateTime.fromISO(iso, { zone: "UTC" }).setZone(zone).setLocale(locale);

  return {
    integer: (n) => formatInteger(n, lang),
    percent: (r) => formatPercent(r, lang),
    signed: (n) => formatSentimentMean(n, lang),
    day: (d) => formatDay(d, lang),
    period: (from, to) => formatPeriod(from, to, lang),
    weekdayDate: (iso, zone) => at(iso, zone).toFormat(p.weekdayDate),
    bucketLabel: (iso, zone, bucket) => at(iso, zone).toFormat(bucket === "hour" ? p.hourLabel : p.dayLabel),
    time: (iso, zone) => at(iso, zone).toFormat("HH:mm"),
    dateTime: (iso, zone) => at(iso, zone).toFormat(p.dateTime),
  };
}
