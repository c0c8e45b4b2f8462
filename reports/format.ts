import { DateTime } from "luxon";
import { DEFAULT_TIMEZONE } from "../data/time.ts";

/**
 * Every number and date a report prints goes through these functions, so the
 * PDF, its tests and later the CSV/XLSX exports print the same digits.
 */

export const REPORT_LANGS = ["de", "en"] as const;
export type ReportLang = (typeof REPORT_LANGS)[number];

export function isReportLang(value: unknown): value is ReportLang {
  return typeof value === "string" && (REPORT_LANGS as readonly string[]).includes(value);
}

const LOCALE: Record<ReportLang, string> = { de: "de-DE", en: "en-GB" };

export function localeOf(lang: ReportLang): string {
  return LOCALE[lang];
}

const formatters = new Map<string, Intl.NumberFormat>();

function numberFormat(lang: ReportLang, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${lang}:${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(LOCALE[lang], options);
    formatters.set(key, f);
  }
  return f;
}

/** A ratio of nothing is 0, never "NaN" or "∞" on a page. */
function finite(x: number): number {
  return Number.isFinite(x) ? x : 0;
}

/** 12.345 (de) / 12,345 (en). */
export function formatInteger(n: number, lang: ReportLang): string {
  return numberFormat(lang, { maximumFractionDigits: 0 }).format(finite(n));
}

/** A ratio as a percentage with fixed decimals: 0.01234 → "1,23 %" (de, with a no-break space) / "1.23%" (en). */
export function formatPercent(ratio: number, lang: ReportLang, digits = 2): string {
  return numberFormat(lang, {
    style: "percent",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(finite(ratio));
}

/** Mean comparative sentiment score, signed, three decimals: "+0,125" / "-0.040" / "0,000". */
export function formatSentimentMean(mean: number, lang: ReportLang): string {
  return numberFormat(lang, {
    minimumFractionDigits: 3,
    maximumFractionDigits: 3,
    signDisplay: "exceptZero",
  }).format(finite(mean));
}

/** A calendar day "2017-04-20" → "20.04.2017" / "20 Apr 2017". */
export function formatDay(isoDay: string, lang: ReportLang): string {
  const dt = DateTime.fromISO(isoDay, { setZone: true }).setLocale(LOCALE[lang]);
  return dt.toFormat(lang === "de" ? "dd.LL.yyyy" : "d LLL yyyy");
}

/** "20.04.2017 – 28.04.2017" / "20 Apr 2017 – 28 Apr 2017" (en dash, both days inclusive). */
export function formatPeriod(from: string, to: string, lang: ReportLang): string {
  return `${formatDay(from, lang)} – ${formatDay(to, lang)}`;
}

/**
 * A day bucket start as the timeline returns it ("2017-04-20T00:00:00+02:00"),
 * read in its own offset so the calendar day is the campaign's: "Do, 20.04.2017" / "Thu, 20 Apr 2017".
 */
export function formatWeekday(bucketStart: string, lang: ReportLang): string {
  const dt = DateTime.fromISO(bucketStart, { setZone: true }).setLocale(LOCALE[lang]);
  return dt.toFormat(lang === "de" ? "ccc, dd.LL.yyyy" : "ccc, d LLL yyyy");
}

/** An instant shown to a person, in Europe/Berlin: "29.04.2017, 14:00 MESZ" / "29 Apr 2017, 14:00 CEST". */
export function formatDateTime(at: Date, lang: ReportLang, zone = DEFAULT_TIMEZONE): string {
  const dt = DateTime.fromJSDate(at, { zone }).setLocale(LOCALE[lang]);
  return dt.toFormat(lang === "de" ? "dd.LL.yyyy, HH:mm ZZZZ" : "d LLL yyyy, HH:mm ZZZZ");
}

/** "Seite 2 von 3" / "Page 2 of 3". */
export function formatPageLabel(page: number, total: number, lang: ReportLang): string {
  return lang === "de" ? `Seite ${page} von ${total}` : `Page ${page} of ${total}`;
}
