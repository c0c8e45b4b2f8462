import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { localDay } from "../../data/time.ts";

/** The definition the per-hour offset cache must keep: luxon on the exact instant. */
const reference = (iso: string, tz: string) =>
  DateTime.fromISO(iso, { zone: "UTC" }).setZone(tz).toISODate() ?? "";

describe("localDay", () => {
  it.each([
    ["2017-04-20T21:59:59.999Z", "Europe/Berlin", "2017-04-20"],
    ["2017-04-20T22:00:00.000Z", "Europe/Berlin", "2017-04-21"],
    ["2017-03-26T00:59:59.000Z", "Europe/Berlin", "2017-03-26"], // the night summer time starts
    ["2017-10-28T22:30:00.000Z", "Europe/Berlin", "2017-10-29"], // and ends
    ["2017-04-20T18:29:00Z", "Asia/Kolkata", "2017-04-20"], // +05:30: the day turns at half past
    ["2017-04-20T18:31:00Z", "Asia/Kolkata", "2017-04-21"],
    ["2017-04-21T02:29:00Z", "America/St_Johns", "2017-04-20"], // −02:30 in summer
    ["2017-04-21T02:31:00Z", "America/St_Johns", "2017-04-21"],
    ["2017-04-20T23:59:59Z", "UTC", "2017-04-20"],
    ["2017-04-20T12:00:00+02:00", "Europe/Berlin", "2017-04-20"], // not the stored form: luxon's path
    ["not a date", "Europe/Berlin", ""],
  ])("%s in %s is %s", (iso, tz, day) => {
    expect(localDay(iso, tz)).toBe(day);
    expect(localDay(iso, tz)).toBe(reference(iso, tz));
  });

  it("agrees with luxon minute by minute across transitions, whole- and half-hour ones", () => {
    // Lord Howe moves by 30 minutes at 02:00 local (15:00 UTC): an offset change inside a UTC hour.
    const cases: [string, string][] = [
      ["Europe/Berlin", "2017-03-25T20:00:00Z"],
      ["Europe/Berlin", "2017-10-28T20:00:00Z"],
      ["Australia/Lord_Howe", "2017-04-01T13:00:00Z"],
      ["Australia/Lord_Howe", "2017-09-30T13:00:00Z"],
      ["Asia/Kathmandu", "2017-04-20T16:00:00Z"],
    ];
    for (const [tz, start] of cases) {
      const t0 = Date.parse(start);
      for (let m = 0; m < 8 * 60; m += 7) {
        const iso = new Date(t0 + m * 60_000).toISOString();
        expect([tz, iso, localDay(iso, tz)]).toEqual([tz, iso, reference(iso, tz)]);
      }
    }
  });
});
