import { DateTime, IANAZone } from "luxon";

/**
 * Export dates to UTC ISO, or null when the value is not a date. Exports come
 * from spreadsheets and platform tools in several notations, all parsed by
 * hand (Date.parse is too lenient and reads zone-less times in the server's
 * zone):
 *
 * - ISO 8601 / RFC 3339: `2017-04-20T10:00:00+02:00`, `2017-04-20 08:00 +0000`, `2017-04-20T08:00:00Z`
 * - the X archive's `Wed Apr 19 08:00:00 +0000 2017`
 * - German `20.04.2017 10:00` (day first), US `04/20/2017 10:00 AM` (month first, as LinkedIn and
 *   Meta Business Suite write it)
 * - Unix seconds (10 digits)
 *
 * A time without a zone is Europe/Berlin time (the users' spreadsheets are); a
 * date without a time is that day's midnight in Berlin, so it lands on the
 * right Berlin day (the hour is then unknown, not midnight).
 */
export const EXPORT_ZONE = "Europe/Berlin";

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;
const X_ARCHIVE = /^\p{L}{3} (\p{L}{3}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ([+-]\d{4}) (\d{4})$/u;
const DAY_FIRST = /^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2}),?(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*Uhr)?)?$/i;
const MONTH_FIRST = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),?(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?)?$/i;
const UNIX_SECONDS = /^\d{10}$/;

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** Plausible years for a social media post; anything else is a typo or a number in the wrong column. */
const MIN_YEAR = 1995;
const MAX_YEAR = 2100;

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** Minutes east of UTC; null = Europe/Berlin. */
  offset: number | null;
}

export function parseExportDate(raw: string | number | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === "number") return fromUnixSeconds(raw);
  const value = raw.trim();
  if (UNIX_SECONDS.test(value)) return fromUnixSeconds(Number(value));
  const parts = isoParts(value) ?? xArchiveParts(value) ?? dayFirstParts(value) ?? monthFirstParts(value);
  return parts ? toUtcIso(parts) : null;
}

export function fromUnixSeconds(seconds: number): string | null {
  if (!Number.isFinite(seconds)) return null;
  const dt = DateTime.fromSeconds(seconds, { zone: "utc" });
  return dt.isValid && dt.year >= MIN_YEAR && dt.year <= MAX_YEAR ? (dt.toISO() as string) : null;
}

function isoParts(value: string): Parts | null {
  const m = ISO.exec(value);
  if (!m) return null;
  const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  return parts(m[1], m[2], m[3], m[4], m[5], m[6], ms, offsetMinutes(m[8]));
}

function xArchiveParts(value: string): Parts | null {
  const m = X_ARCHIVE.exec(value);
  if (!m) return null;
  const month = MONTHS.indexOf((m[1] as string).toLowerCase()) + 1;
  if (month === 0) return null;
  return parts(m[7], month, m[2], m[3], m[4], m[5], 0, offsetMinutes(m[6]));
}

function dayFirstParts(value: string): Parts | null {
  const m = DAY_FIRST.exec(value);
  if (!m) return null;
  const year = (m[3] as string).length === 2 ? 2000 + Number(m[3]) : m[3];
  return parts(year, m[2], m[1], m[4], m[5], m[6], 0, null);
}

function monthFirstParts(value: string): Parts | null {
  const m = MONTH_FIRST.exec(value);
  if (!m) return null;
  const p = parts(m[3], m[1], m[2], m[4], m[5], m[6], 0, null);
  const meridiem = m[7]?.toUpperCase();
  if (meridiem) {
    if (p.hour < 1 || p.hour > 12) return null;
    p.hour = (p.hour % 12) + (meridiem === "PM" ? 12 : 0);
  }
  return p;
}

type Num = string | number | undefined;

/** One object shape for every notation; missing time fields are 0. */
function parts(
  year: Num,
  month: Num,
  day: Num,
  h: Num,
  min: Num,
  s: Num,
  ms: number,
  offset: number | null,
): Parts {
  return {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(h ?? 0),
    minute: Number(min ?? 0),
    second: Number(s ?? 0),
    millisecond: ms,
    offset,
  };
}

/** "Z", "+0200", "+02:00", "-05" → minutes east of UTC; no zone → null. */
function offsetMinutes(zone: string | undefined): number | null {
  if (zone === undefined) return null;
  if (/^(z|utc|gmt)$/i.test(zone)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!m) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === "-" ? -minutes : minutes;
}

function toUtcIso(p: Parts): string | null {
  if (p.year < MIN_YEAR || p.year > MAX_YEAR || !validFields(p)) return null;
  const local = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, p.millisecond);
  if (p.offset !== null) {
    if (Math.abs(p.offset) > 14 * 60) return null;
    return new Date(local - p.offset * 60_000).toISOString();
  }
  // Berlin time: the zone's offset at the guessed instant, corrected once more across a DST switch
  // (a time in the spring-forward gap lands an hour later, as clocks showed it).
  const first = berlinOffset(local - 60 * 60_000);
  const second = berlinOffset(local - first * 60_000);
  return new Date(local - second * 60_000).toISOString();
}

const berlin = new IANAZone(EXPORT_ZONE);
const offsetByHour = new Map<number, number>();

/** Minutes east of UTC in Berlin at an instant. Offsets change on whole UTC hours, so cache per hour. */
function berlinOffset(ts: number): number {
  const hour = Math.floor(ts / 3_600_000);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    offset = berlin.offset(hour * 3_600_000);
    if (offsetByHour.size > 100_000) offsetByHour.clear();
    offsetByHour.set(hour, offset);
  }
  return offset;
}

/** Impossible fields (31 April, 25:00) are refused, not rolled over as Date.UTC would. */
function validFields(p: Parts): boolean {
  const daysInMonth = new Date(Date.UTC(p.year, p.month, 0)).getUTCDate();
  return (
    p.month >= 1 &&
    p.month <= 12 &&
    p.day >= 1 &&
    p.day <= daysInMonth &&
    p.hour <= 23 &&
    p.minute <= 59 &&
    p.second <= 59
  );
}
