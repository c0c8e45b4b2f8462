import { DateTime } from "luxon";
import type { Platform } from "./filters.ts";
import { DEFAULT_TIMEZONE } from "./time.ts";

/**
 * Numbers and dates shown to a person. The dashboard and the reports both
 * format through these functions, so a number in the PDF is always the number
 * on the screen (DESIGN.md). Pure: luxon and Intl only.
 */

export const LANGS = ["de", "en"] as const;
export type Lang = (typeof LANGS)[number];

export function isLang(value: unknown): value is Lang {
  return typeof value === "string" && (LANGS as readonly string[]).includes(value);
}

/** en-GB, not en-US, for day-month order and 24-hour times. */
const LOCALE: Record<Lang, string> = { de: "de-DE", en: "en-GB" };

/** The Intl/BCP 47 locale of a language ("de-DE", "en-GB"). */
export function localeOf(lang: Lang): string {
  return LOCALE[lang];
}

const formatters = new Map<string, Intl.NumberFormat>();

function numberFormat(lang: Lang, options: Intl.NumberFormatOptions): Intl.NumberFormat {
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
export function formatInteger(n: number, lang: Lang): string {
  return numberFormat(lang, { maximumFractionDigits: 0 }).format(finite(n));
}

/** A ratio as a percentage with fixed decimals: 0.01234 → "1,23 %" (de, with a no-break space) / "1.23%" (en). */
/** A number with one decimal ("1,5" / "1.5"): campaign averages of counts, which are rarely whole. */
export function formatDecimal(n: number, lang: Lang, digits = 1): string {
  return numberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    finite(n),
  );
}

export function formatPercent(ratio: number, lang: Lang, digits = 2): string {
  return numberFormat(lang, {
    style: "percent",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(finite(ratio));
}

const SENTIMENT_DIGITS = 3;

/** Mean comparative sentiment score, signed, three decimals: "+0,125" / "-0,040" / "0,000". */
export function formatSentimentMean(mean: number, lang: Lang): string {
  // Round first (half away from zero, as Intl does) so a tiny negative prints
  // "0,000", not "-0,000": the sign must match the digits shown.
  const scale = 10 ** SENTIMENT_DIGITS;
  const x = finite(mean);
  const rounded = (Math.sign(x) * Math.round(Math.abs(x) * scale)) / scale || 0;
  return numberFormat(lang, {
    minimumFractionDigits: SENTIMENT_DIGITS,
    maximumFractionDigits: SENTIMENT_DIGITS,
    signDisplay: "exceptZero",
  }).format(rounded);
}

/** A calendar day "2017-04-20" → "20.04.2017" / "20 Apr 2017". */
export function formatDay(isoDay: string, lang: Lang): string {
  const dt = DateTime.fromISO(isoDay, { setZone: true }).setLocale(LOCALE[lang]);
  return dt.toFormat(lang === "de" ? "dd.LL.yyyy" : "d LLL yyyy");
}

/**
 * Both days inclusive, spaced en dash: "20.04.2017 – 28.04.2017" / "20 Apr 2017 – 28 Apr 2017";
 * a single day when `from` equals `to`.
 */
export function formatPeriod(from: string, to: string, lang: Lang): string {
  if (from === to) return formatDay(from, lang);
  return `${formatDay(from, lang)} – ${formatDay(to, lang)}`;
}

/** An instant shown to a person, in Europe/Berlin: "29.04.2017, 14:00 MESZ" / "29 Apr 2017, 14:00 CEST". */
export function formatDateTime(at: Date, lang: Lang, zone = DEFAULT_TIMEZONE): string {
  const dt = DateTime.fromJSDate(at, { zone }).setLocale(LOCALE[lang]);
  return dt.toFormat(lang === "de" ? "dd.LL.yyyy, HH:mm ZZZZ" : "d LLL yyyy, HH:mm ZZZZ");
}

/** Display names of platforms; ids are the stored `posts.platform` values. */
const PLATFORM_NAMES: Record<Platform, string> = {
  mastodon: "Mastodon",
  bluesky: "Bluesky",
  rss: "RSS",
  x: "X",
  linkedin: "LinkedIn",
  instagram: "Instagram",
  csv: "CSV",
};

/** "Mastodon" for "mastodon"; an unknown id is shown as it is. */
export function platformName(id: string): string {
  return Object.hasOwn(PLATFORM_NAMES, id) ? PLATFORM_NAMES[id as Platform] : id;
}

const STATE_NAMES: Record<string, { de: string; en: string }> = {
  "DE-BW": { de: "Baden-Württemberg", en: "Baden-Württemberg" },
  "DE-BY": { de: "Bayern", en: "Bavaria" },
  "DE-BE": { de: "Berlin", en: "Berlin" },
  "DE-BB": { de: "Brandenburg", en: "Brandenburg" },
  "DE-HB": { de: "Bremen", en: "Bremen" },
  "DE-HH": { de: "Hamburg", en: "Hamburg" },
  "DE-HE": { de: "Hessen", en: "Hesse" },
  "DE-MV": { de: "Mecklenburg-Vorpommern", en: "Mecklenburg-Western Pomerania" },
  "DE-NI": { de: "Niedersachsen", en: "Lower Saxony" },
  "DE-NW": { de: "Nordrhein-Westfalen", en: "North Rhine-Westphalia" },
  "DE-RP": { de: "Rheinland-Pfalz", en: "Rhineland-Palatinate" },
  "DE-SL": { de: "Saarland", en: "Saarland" },
  "DE-SN": { de: "Sachsen", en: "Saxony" },
  "DE-ST": { de: "Sachsen-Anhalt", en: "Saxony-Anhalt" },
  "DE-SH": { de: "Schleswig-Holstein", en: "Schleswig-Holstein" },
  "DE-TH": { de: "Thüringen", en: "Thuringia" },
};

/** A Land's name from its ISO 3166-2 code ("DE-NW" → "Nordrhein-Westfalen"); the code when unknown. */
export function stateName(code: string, lang: Lang): string {
  return STATE_NAMES[code]?.[lang] ?? code;
}

/** A language's name from its code ("de" → "Deutsch" / "German"); "unbekannt"/"unknown" for null. */
export function languageName(code: string | null, lang: Lang): string {
  if (code === null) return lang === "de" ? "unbekannt" : "unknown";
  try {
    return new Intl.DisplayNames([LOCALE[lang]], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}
