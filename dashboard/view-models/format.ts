import { DateTime } from "luxon";
import {
  formatDay,
  formatDecimal,
  formatInteger,
  formatPercent,
  formatPeriod,
  formatSentimentMean,
  localeOf,
} from "../../data/format.ts";
import { MESSAGES, type UiLang } from "../i18n/index.ts";

/**
 * Number and date formatting for people, bound to one UI language. Numbers,
 * days and periods delegate to data/format.ts, which the PDF report uses too,
 * so the screen and the PDF print the same digits. Only the dashboard's own
 * labels (chart axes, table rows, post times) are formatted here.
 */
export interface Formatter {
  integer(n: number): string;
  percent(ratio: number): string;
  /** One decimal, for averages of counts ("1,5"). */
  decimal(n: number): string;
  /** A ratio as a whole percentage, for changes: "+12 %" needs no decimals. */
  wholePercent(ratio: number): string;
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
  /** A length of time in its two largest units, rounded down: "2 Tage 3 Std.", "4 Min. 30 Sek." / "2 days 3 h". */
  duration(ms: number): string;
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
    wholePercent: (r) => formatPercent(r, lang, 0),
    decimal: (n) => formatDecimal(n, lang),
    signed: (n) => formatSentimentMean(n, lang),
    day: (d) => formatDay(d, lang),
    period: (from, to) => formatPeriod(from, to, lang),
    weekdayDate: (iso, zone) => at(iso, zone).toFormat(p.weekdayDate),
    bucketLabel: (iso, zone, bucket) => at(iso, zone).toFormat(bucket === "hour" ? p.hourLabel : p.dayLabel),
    time: (iso, zone) => at(iso, zone).toFormat("HH:mm"),
    dateTime: (iso, zone) => at(iso, zone).toFormat(p.dateTime),
    duration: (ms) => formatDuration(ms, lang),
  };
}

function formatDuration(ms: number, lang: UiLang): string {
  const u = MESSAGES[lang].durationUnits;
  const int = (n: number) => formatInteger(n, lang);
  if (!Number.isFinite(ms) || ms <= 0) return `0 ${u.second}`;
  if (ms < 1000) return u.lessThanSecond;
  const s = Math.floor(ms / 1000);
  const parts: [number, string][] = [
    [Math.floor(s / 86_400), u.day(Math.floor(s / 86_400))],
    [Math.floor(s / 3600) % 24, u.hour],
    [Math.floor(s / 60) % 60, u.minute],
    [s % 60, u.second],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  return parts
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${int(n)} ${unit}`)
    .join(" ");
}
