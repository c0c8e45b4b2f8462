import { DateTime } from "luxon";
import type { Lang } from "../../data/format.ts";

/**
 * The column model shared by the CSV and the XLSX writers: what a column is
 * called and what kind of value it holds. Each writer decides how a kind is
 * rendered (an ISO string in CSV, a date cell in XLSX), so both files always
 * have the same columns in the same order.
 */
export type ColumnKind =
  /** Free text from users or the registry: neutralised against formula injection in CSV. */
  | "text"
  | "integer"
  | "decimal"
  /** A ratio (0.25): "25" in a CSV column headed "(%)", a percent-formatted number in XLSX. */
  | "percent"
  /** An instant (stored UTC ISO string) shown in `zone`. */
  | "instant"
  /** A calendar day "2017-04-20" (or an ISO time whose first ten characters are the day). */
  | "day";

export type CellValue = string | number | null;

export interface Column<R> {
  key: string;
  header: Record<Lang, string>;
  kind: ColumnKind;
  /** For "instant": the zone the time is shown in ("UTC" or the campaign's). */
  zone?: string;
  /** Rough width in characters for the XLSX sheet. */
  width: number;
  value: (row: R) => CellValue;
}

export function headerRow<R>(columns: readonly Column<R>[], lang: Lang): string[] {
  return columns.map((c) => c.header[lang]);
}

/** "Beiträge" (de) / "Posts" (en) and the like: a name in both languages. */
export type Bilingual = Record<Lang, string>;

/**
 * Characters no spreadsheet should receive: C0 controls other than tab, line
 * feed and carriage return (NUL ends a string in some readers and makes XML
 * invalid), DEL, the non-characters U+FFFE/U+FFFF and lone UTF-16 surrogates
 * (which cannot be encoded as UTF-8). Post texts arrive from anywhere.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g;
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanText(s: string): string {
  return s.replace(CONTROL_CHARS, "").replace(LONE_SURROGATES, "");
}

/** The wall-clock time of a stored UTC instant in `zone`: "2017-04-21 12:00:00"; "" when unparseable. */
export function wallClockText(isoUtc: string, zone: string): string {
  const dt = DateTime.fromISO(isoUtc, { zone: "UTC" }).setZone(zone);
  return dt.isValid ? dt.toFormat("yyyy-LL-dd HH:mm:ss") : "";
}

/**
 * The same as a Date whose UTC fields are the wall-clock time: spreadsheet
 * dates have no zone, and exceljs turns a Date into a serial by its UTC fields.
 */
export function wallClockDate(isoUtc: string, zone: string): Date | null {
  const dt = DateTime.fromISO(isoUtc, { zone: "UTC" }).setZone(zone);
  if (!dt.isValid) return null;
  return new Date(Date.UTC(dt.year, dt.month - 1, dt.day, dt.hour, dt.minute, dt.second, dt.millisecond));
}

/** The calendar day of a day value ("2017-04-20" or "2017-04-20T00:00:00+02:00"): its first ten characters. */
export function dayText(value: string): string {
  return /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : "";
}
