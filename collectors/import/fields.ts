import { extractHashtags } from "../rss/transform.ts";
import { parseExportDate } from "./dates.ts";

/**
 * Cell values to post fields. Each parser returns either the value or a
 * message for the row's error, so one bad cell rejects its row, never the file.
 */
export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const bad = (message: string): Checked<never> => ({ ok: false, message });

/**
 * A count cell: empty is 0; "1234", "1.234" / "1,234" / "1 234" (thousands
 * grouped, as German and English spreadsheets write them) and "12.0" (X
 * analytics writes counts as decimals) are read; a negative, fractional or
 * non-numeric value is an error, since it means the column is not a count.
 */
export function parseCount(raw: string | number | null | undefined, column: string): Checked<number> {
  if (raw === null || raw === undefined) return ok(0);
  if (typeof raw === "number") {
    return Number.isSafeInteger(raw) && raw >= 0
      ? ok(raw)
      : bad(`${column} must be a whole number ≥ 0, got ${raw}`);
  }
  const value = raw.trim().replace(/[\u00a0\u202f]/g, " ");
  if (value === "") return ok(0);
  let digits: string | null = null;
  if (/^\d+$/.test(value)) digits = value;
  else if (/^\d+\.0+$/.test(value) && !/^\d{1,3}\.000$/.test(value)) digits = value.replace(/\.0+$/, "");
  else if (/^\d{1,3}([., ']\d{3})+$/.test(value) && new Set(value.replace(/\d/g, "")).size === 1)
    digits = value.replace(/\D/g, "");
  const n = digits === null ? Number.NaN : Number(digits);
  if (!Number.isSafeInteger(n)) return bad(`${column} must be a whole number ≥ 0, got '${clip(value)}'`);
  return ok(n);
}

/** A required date cell (see dates.ts for the notations read) as UTC ISO. */
export function parseDateCell(raw: string | number | null | undefined, column: string): Checked<string> {
  const value = typeof raw === "string" ? raw.trim() : raw;
  if (value === undefined || value === null || value === "") return bad(`${column} is empty`);
  const iso = parseExportDate(value);
  return iso ? ok(iso) : bad(`${column} is not a date: '${clip(String(value))}'`);
}

/** A required text cell, cleaned (see cleanText). */
export function parseTextCell(raw: string | null | undefined, column: string): Checked<string> {
  const text = cleanText(raw);
  return text ? ok(text) : bad(`${column} is empty`);
}

/**
 * A link to the post. Only http(s) URLs are accepted: the URL becomes a link
 * on the dashboard, and a `javascript:` or `data:` value must never get there.
 */
export function parseHttpUrl(raw: string | null | undefined, column: string): Checked<string | null> {
  const value = raw?.trim() ?? "";
  if (value === "") return ok(null);
  try {
    const url = new URL(value);
    if (url.protocol === "http:" || url.protocol === "https:") return ok(url.href);
  } catch {
    // reported below
  }
  return bad(`${column} must be an http(s) URL, got '${clip(value)}'`);
}

/**
 * Post text as the platform showed it: line breaks normalised, surrounding
 * blanks trimmed, nothing else. A leading "=", "+", "-" or "@" stays as it is:
 * it is the author's text, and spreadsheet exports are escaped where they are
 * written, not here.
 */
export function cleanText(raw: string | null | undefined): string {
  return (raw ?? "").replace(/\r\n?/g, "\n").normalize("NFC").trim();
}

/** `#words` of the text plus tags the platform listed itself; lower-cased, without "#", each once. */
export function hashtagsOf(text: string, listed: readonly string[] = []): string[] {
  const tags = new Set<string>();
  for (const tag of [...extractHashtags(text), ...listed]) {
    const t = tag.replace(/^#+/, "").normalize("NFC").toLowerCase();
    if (t.length > 0 && t.length <= 100 && /^[\p{L}\p{M}\p{N}_]+$/u.test(t) && /\p{L}/u.test(t)) tags.add(t);
  }
  return [...tags];
}

/**
 * A declared language code as its primary subtag ("en-GB" → "en"), as every
 * source stores it so the `lang` filter finds it; "und" and junk are null.
 */
export function parseLang(raw: string | null | undefined): string | null {
  const value = raw?.trim().toLowerCase() ?? "";
  if (!/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/.test(value) || value === "und") return null;
  return value.split("-")[0] ?? null;
}

/** An account name as given, with a leading "@" removed. */
export function bareHandle(raw: string | null | undefined): string {
  return (raw ?? "").trim().replace(/^@+/, "");
}

/** Cell values quoted in messages are cut short: a message names the problem, it does not echo the row. */
export function clip(value: string, max = 40): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}
