import { describe, expect, it } from "vitest";
import {
  type CoverageGap,
  coverageStatus,
  findGaps,
  gapsDurationMs,
  isAuthError,
} from "../../data/analysis/coverage.ts";

const H = 3_600_000;
// A window of one Berlin day in summer time: 20 April 2017 00:00 to 21 April 00:00 (CEST = UTC+2).
const FROM = "2017-04-19T22:00:00.000Z";
const TO = "2017-04-20T22:00:00.000Z";
const at = (hhmm: string, day = "2017-04-20") => `${day}T${hhmm}:00.000Z`;
const gap = (from: string, to: string, ongoing = false): CoverageGap => ({ from, to, ongoing });

describe("findGaps", () => {
  const cases: [
    string,
    { successes: string[]; now: string; from?: string; to?: string; hours?: number },
    CoverageGap[],
  ][] = [
    [
      "no runs, window over: the whole window",
      { successes: [], now: at("12:00", "2017-05-01") },
      [gap(FROM, TO)],
    ],
    [
      "no runs, window still running: up to now, ongoing",
      { successes: [], now: at("06:00") },
      [gap(FROM, at("06:00"), true)],
    ],
    ["no runs, window in the future: nothing", { successes: [], now: at("12:00", "2017-04-01") }, []],
    [
      "no runs, only 1 h of the window has passed: nothing yet",
      { successes: [], now: at("23:00", "2017-04-19") },
      [],
    ],
    [
      "one run in the middle: before and after it",
      { successes: [at("10:00")], now: at("12:00", "2017-05-01") },
      [gap(FROM, at("10:00")), gap(at("10:00"), TO)],
    ],
    [
      "hourly runs with a 5-hour pause: the pause only",
      {
        successes: ["22:30", "23:30"]
          .map((t) => at(t, "2017-04-19"))
          .concat(
            ["00:30", "01:30", "06:30", "07:30", "08:30", "09:30", "10:30", "11:30", "12:30"].map((t) =>
              at(t),
            ),
            ["13:30", "14:30", "15:30", "16:30", "17:30", "18:30", "19:30", "20:30", "21:30"].map((t) =>
              at(t),
            ),
          ),
        now: at("12:00", "2017-05-01"),
      },
      [gap(at("01:30"), at("06:30"))],
    ],
    [
      // The query passes successful runs only: runs at 11:00, 12:00, 13:00 that failed leave 10:00 → 14:00 open.
      "failed runs in between are no successes: the stretch is a gap",
      { successes: [at("22:00", "2017-04-19"), at("10:00"), at("14:00"), at("22:00")], now: at("23:00") },
      [
        gap(at("22:00", "2017-04-19"), at("10:00")),
        gap(at("10:00"), at("14:00")),
        gap(at("14:00"), at("22:00")),
      ],
    ],
    [
      "exactly the threshold is not a gap, a millisecond more is",
      {
        successes: [at("00:00"), at("02:00"), "2017-04-20T04:00:00.001Z"],
        now: at("05:00"),
        from: at("00:00"),
        to: at("05:00"),
      },
      [gap(at("02:00"), "2017-04-20T04:00:00.001Z")],
    ],
    [
      "window clipping: runs before and after the window are ignored, the gap starts at the window",
      {
        successes: [
          at("20:00", "2017-04-19"),
          at("23:30", "2017-04-19"),
          at("23:00"),
          at("02:00", "2017-04-21"),
        ],
        now: at("12:00", "2017-05-01"),
      },
      [gap(at("23:30", "2017-04-19"), TO)],
    ],
    [
      "a run just before the window does not close the window's first stretch",
      { successes: [at("21:59", "2017-04-19"), at("03:00")], now: at("03:30") },
      [gap(FROM, at("03:00"))],
    ],
    [
      "the window ends at now: the last stretch is ongoing",
      { successes: [at("08:00"), at("09:00")], now: at("12:00"), from: at("08:00") },
      [gap(at("09:00"), at("12:00"), true)],
    ],
    [
      "a run at now closes the stretch",
      { successes: [at("08:00"), at("09:00"), at("12:00")], now: at("12:00"), from: at("08:00") },
      [gap(at("09:00"), at("12:00"))],
    ],
    [
      // 22:00 (window start) → 00:00 is exactly 2 h: no gap; 22:00 → now (23:00) is 1 h.
      "unsorted input with duplicates and unparseable values",
      {
        successes: [at("12:00"), "not a time", at("06:00"), at("12:00"), at("00:00"), at("22:00")],
        now: at("23:00"),
      },
      [gap(at("00:00"), at("06:00")), gap(at("06:00"), at("12:00")), gap(at("12:00"), at("22:00"))],
    ],
    [
      "a larger threshold hides shorter pauses",
      { successes: [at("00:00"), at("10:00")], now: at("12:00", "2017-05-01"), hours: 11 },
      [gap(at("10:00"), TO)],
    ],
    [
      "a run outside the window after now (clock skew) is ignored",
      { successes: [at("23:00", "2017-04-19"), at("05:00")], now: at("01:00") },
      [],
    ],
  ];

  it.each(cases)("%s", (_name, c, expected) => {
    const gaps = findGaps({
      successes: c.successes,
      from: c.from ?? FROM,
      to: c.to ?? TO,
      now: new Date(c.now),
      thresholdMs: (c.hours ?? 2) * H,
    });
    expect(gaps).toEqual(expected);
  });

  it("sums the gaps' lengths", () => {
    expect(gapsDurationMs([gap(at("00:00"), at("03:00")), gap(at("05:00"), at("05:30"))])).toBe(3.5 * H);
    expect(gapsDurationMs([])).toBe(0);
  });
});

describe("isAuthError", () => {
  it.each([
    ["HTTP 401 from https://social.example/api/v1/timelines/tag/clusterwoche", true],
    ["HTTP 403 from https://public.api.bsky.app/xrpc/app.bsky.feed.searchPosts", true],
    ["social.example#clusterwoche: HTTP 403 from https://social.example/x", true],
    ["login required: social.example shows its hashtag timelines to logged-in users only (HTTP 401)", true],
    ["HTTP 4010 from https://x", false],
    ["HTTP 404 from https://social.example/api/v1/timelines/tag/x", false],
    ["HTTP 500 from https://social.example/ (401 retries)", false],
    ["no answer from https://social.example within 15000 ms", false],
    [null, false],
  ] as const)("%j → %s", (message, expected) => {
    expect(isAuthError(message)).toBe(expected);
  });
});

describe("coverageStatus", () => {
  it.each([
    [null, "never"],
    [{ status: "ok", error: null }, "ok"],
    [{ status: "running", error: null }, "running"],
    [{ status: "aborted", error: "aborted" }, "aborted"],
    [{ status: "failed", error: "HTTP 503 from https://x" }, "failed"],
    [{ status: "failed", error: "HTTP 401 from https://x" }, "auth_required"],
    [{ status: "failed", error: null }, "failed"],
  ] as const)("%j → %s", (latest, expected) => {
    expect(coverageStatus(latest)).toBe(expected);
  });
});
