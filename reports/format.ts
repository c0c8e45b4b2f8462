import { DateTime } from "luxon";
import { type Lang, localeOf } from "../data/format.ts";

/**
 * Report-only formatting. Numbers, days, periods and instants come from
 * data/format.ts, which the dashboard uses too, so the PDF prints the digits
 * the screen shows.
 */

/**
 * A day bucket start as the timeline returns it ("2017-04-20T00:00:00+02:00"),
 * read in its own offset so the calendar day is the campaign's: "Do, 20.04.2017" / "Thu, 20 Apr 2017".
 */
export function formatWeekday(bucketStart: string, lang: Lang): string {
  const dt = DateTime.fromISO(bucketStart, { setZone: true }).setLocale(localeOf(lang));
  return dt.toFormat(lang === "de" ? "ccc, dd.LL.yyyy" : "ccc, d LLL yyyy");
}

/** "Seite 2 von 3" / "Page 2 of 3". */
export function formatPageLabel(page: number, total: number, lang: Lang): string {
  return lang === "de" ? `Seite ${page} von ${total}` : `Page ${page} of ${total}`;
}

/** A chart axis label for a day bucket: "Do 20.04." / "Thu 20 Apr". */
export function formatAxisDay(bucketStart: string, lang: Lang): string {
  const dt = DateTime.fromISO(bucketStart, { setZone: true }).setLocale(localeOf(lang));
  return dt.toFormat(lang === "de" ? "ccc dd.LL." : "ccc d LLL");
}
