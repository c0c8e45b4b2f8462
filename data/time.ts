import { DateTime } from "luxon";

/** Every day boundary shown to a person is in this zone unless a campaign says otherwise. */
export const DEFAULT_TIMEZONE = "Europe/Berlin";

export function isValidTimezone(tz: string): boolean {
  return DateTime.now().setZone(tz).isValid;
}

/**
 * Whether the zone's UTC offset is a whole number of hours in winter and in
 * summer: hourly rollups are kept in UTC hours and folded into local ones.
 */
export function hasWholeHourOffsets(tz: string): boolean {
  if (!isValidTimezone(tz)) return false;
  return [1, 7].every(
    (month) => DateTime.fromObject({ year: 2017, month, day: 1 }, { zone: tz }).offset % 60 === 0,
  );
}

export function isCalendarDay(day: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && DateTime.fromISO(day, { zone: "UTC" }).isValid;
}

/** [from 00:00, day after `to` 00:00) in `tz`, as UTC ISO strings comparable with stored timestamps. */
export function dayRangeUtc(from: string, to: string, tz: string): { fromUtc: string; toUtc: string } {
  const start = DateTime.fromISO(from, { zone: tz }).startOf("day");
  const end = DateTime.fromISO(to, { zone: tz }).startOf("day").plus({ days: 1 });
  return { fromUtc: toUtcIso(start), toUtc: toUtcIso(end) };
}

export function toUtcIso(dt: DateTime): string {
  return dt.toUTC().toISO({ suppressMilliseconds: false }) ?? "";
}

/** The calendar day of an instant in `tz` ("2017-04-21" for 2017-04-20T23:30Z in Berlin). */
export function localDay(isoUtc: string, tz: string): string {
  // Ingest asks this for every post: a stored UTC timestamp takes the zone's offset from a
  // per-hour cache instead of a luxon round trip (which was a tenth of ingest time).
  if (STORED_UTC.test(isoUtc)) {
    const ms = Date.parse(isoUtc);
    const offset = Number.isNaN(ms) ? null : hourOffset(ms, tz);
    if (offset !== null) return new Date(ms + offset * 60_000).toISOString().slice(0, 10);
  }
  return DateTime.fromISO(isoUtc, { zone: "UTC" }).setZone(tz).toISODate() ?? "";
}

const STORED_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?Z$/;
const offsets = new Map<string, number | null>();

/**
 * The zone's UTC offset (minutes) throughout the UTC hour holding `ms`, or
 * null when it changes within that hour (a zone switching at half past):
 * then the caller asks luxon for the exact instant.
 */
function hourOffset(ms: number, tz: string): number | null {
  const hour = Math.floor(ms / 3_600_000);
  const key = `${tz}|${hour}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const start = DateTime.fromMillis(hour * 3_600_000, { zone: tz });
    const end = DateTime.fromMillis((hour + 1) * 3_600_000 - 1, { zone: tz });
    offset = start.isValid && end.isValid && start.offset === end.offset ? start.offset : null;
    if (offsets.size >= 100_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/** Normalises any ISO timestamp (with offset) to the stored UTC form; null when unparseable. */
export function normalizeTimestamp(value: string): string | null {
  const dt = DateTime.fromISO(value, { setZone: true });
  return dt.isValid ? toUtcIso(dt) : null;
}
