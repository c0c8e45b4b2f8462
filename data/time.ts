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
  return DateTime.fromISO(isoUtc, { zone: "UTC" }).setZone(tz).toISODate() ?? "";
}

/** Normalises any ISO timestamp (with offset) to the stored UTC form; null when unparseable. */
export function normalizeTimestamp(value: string): string | null {
  const dt = DateTime.fromISO(value, { setZone: true });
  return dt.isValid ? toUtcIso(dt) : null;
}
