import { DateTime } from "luxon";
import { LOCALES, type UiLang } from "../i18n.ts";

/**
 * Number and date formatting for people. Kept in one place so every card,
 * table row and sentence on a page prints the same digits for the same value.
 */
export interface Formatter {
  integer(n: number): string;
  percent(ratio: number): string;
  /** Mean sentiment score with an explicit sign: "+0,04", "-0,10", "0,00". */
  signed(n: number): string;
  /** A calendar day "2017-04-20" → "20.04.2017" / "20 Apr 2017". */
  day(isoDay: string): string;
  /** "20.04.2017–28.04.2017"; one day only when from equals to. */
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
  { day: string; weekdayDate: string; dayLabel: string; hourLabel: string; dateTime: string }
> = {
  de: {
    day: "dd.MM.yyyy",
    weekdayDate: "cccc, dd.MM.yyyy",
    dayLabel: "ccc dd.MM.",
    hourLabel: "dd.MM. HH:mm",
    dateTime: "dd.MM.yyyy, HH:mm 'Uhr'",
  },
  en: {
    day: "d MMM yyyy",
    weekdayDate: "cccc, d MMMM yyyy",
    dayLabel: "ccc d MMM",
    hourLabel: "d MMM HH:mm",
    dateTime: "d MMM yyyy, HH:mm",
  },
};

export function createFormatter(lang: UiLang): Formatter {
  const locale = LOCALES[lang];
  const p = PATTERNS[lang];
  const int = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const pct = new Intl.NumberFormat(locale, {
    style: "percent",
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  const signed = new Intl.NumberFormat(locale, {
    signDisplay: "exceptZero",
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  // An offset in the string (timeline `t`) is honoured; the instant is then shown in `zone`.
  const at = (iso: string, zone: string) =>
    DateTime.fromISO(iso, { zone: "UTC" }).setZone(zone).setLocale(locale);
  const calendarDay = (d: string) => DateTime.fromISO(d, { zone: "UTC" }).setLocale(locale).toFormat(p.day);

  return {
    integer: (n) => int.format(n),
    percent: (r) => pct.format(r),
    // Intl would print "-0,00" for tiny negatives; round first so the sign matches the digits.
    signed: (n) => signed.format(Math.round(n * 100) / 100 || 0),
    day: calendarDay,
    period: (from, to) => (from === to ? calendarDay(from) : `${calendarDay(from)}–${calendarDay(to)}`),
    weekdayDate: (iso, zone) => at(iso, zone).toFormat(p.weekdayDate),
    bucketLabel: (iso, zone, bucket) => at(iso, zone).toFormat(bucket === "hour" ? p.hourLabel : p.dayLabel),
    time: (iso, zone) => at(iso, zone).toFormat("HH:mm"),
    dateTime: (iso, zone) => at(iso, zone).toFormat(p.dateTime),
  };
}
