import { beforeAll, describe, expect, it } from "vitest";
import { ValidationError } from "../../data/errors.ts";
import { parseFilters } from "../../data/filters.ts";
import { getSourceCoverage, parseCoverageQuery, type SourceCoverage } from "../../data/queries/coverage.ts";
import { CAMPAIGNS, createTestDb, makePost } from "../helpers/db.ts";
import { AUTH_ERROR, type CoverageWorld, coverageWorld, HOSTILE_ERROR, WORLD_NOW } from "./coverage-world.ts";

const WINDOW_START = "2017-04-19T22:00:00.000Z"; // 20 April 2017, 00:00 in Berlin
const NOW = WORLD_NOW.toISOString();

let w: CoverageWorld;
beforeAll(async () => {
  w = await coverageWorld();
});

async function coverage(query: Record<string, string> = {}, now = WORLD_NOW): Promise<SourceCoverage[]> {
  const f = parseFilters(query, CAMPAIGNS);
  return getSourceCoverage(w.t.database.db, f, { ...parseCoverageQuery(query), now });
}

const empty = { lastRunAt: null, lastSuccessAt: null, firstRunAt: null, error: null };
const noRuns = { runs: 0, failedRuns: 0, fetched: 0, inserted: 0, updated: 0, rateLimitWaitMs: 0 };

describe("getSourceCoverage", () => {
  it("reports every target with runs or stored posts, numbers worked out by hand", async () => {
    expect(await coverage()).toEqual([
      {
        source: "bluesky",
        target: "jetstream",
        lastRunAt: "2017-04-20T12:00:00.000Z",
        lastSuccessAt: null,
        status: "failed",
        fetched: 11,
        inserted: 0,
        error: HOSTILE_ERROR,
        coverageFrom: null,
        coverageTo: null,
        firstRunAt: "2017-04-20T11:00:00.000Z",
        runs: 2,
        failedRuns: 1,
        updated: 0,
        rateLimitWaitMs: 0,
        posts: 0,
        gaps: [{ from: WINDOW_START, to: NOW, ongoing: true }],
      },
      {
        source: "mastodon",
        target: "closed.example#clusterwoche",
        lastRunAt: "2017-04-20T08:10:00.000Z",
        lastSuccessAt: null,
        status: "auth_required",
        fetched: 0,
        inserted: 0,
        error: AUTH_ERROR,
        coverageFrom: null,
        coverageTo: null,
        firstRunAt: "2017-04-20T08:10:00.000Z",
        runs: 1,
        failedRuns: 1,
        updated: 0,
        rateLimitWaitMs: 0,
        posts: 0,
        gaps: [{ from: WINDOW_START, to: NOW, ongoing: true }],
      },
      {
        source: "mastodon",
        target: "mirror.example#clusterwoche",
        ...empty,
        ...noRuns,
        status: "never",
        coverageFrom: "2017-04-20T07:00:00.000Z",
        coverageTo: "2017-04-20T07:00:00.000Z",
        posts: 1,
        gaps: [{ from: WINDOW_START, to: NOW, ongoing: true }],
      },
      {
        source: "mastodon",
        target: "social.example#clusterwoche",
        lastRunAt: "2017-04-20T15:00:00.000Z",
        lastSuccessAt: "2017-04-20T15:05:00.000Z",
        status: "ok",
        fetched: 17,
        inserted: 4,
        error: null,
        coverageFrom: "2017-04-19T12:00:00.000Z",
        coverageTo: "2017-04-20T14:00:00.000Z",
        firstRunAt: "2017-04-20T08:00:00.000Z",
        runs: 4,
        failedRuns: 1,
        updated: 2,
        rateLimitWaitMs: 61_500,
        posts: 4,
        gaps: [
          // Window start to the first success; 08:01 → 09:02 is only an hour.
          { from: WINDOW_START, to: "2017-04-20T08:01:00.000Z", ongoing: false },
          // The failed run at 10:00 does not close the pause.
          { from: "2017-04-20T09:02:00.000Z", to: "2017-04-20T15:05:00.000Z", ongoing: false },
          { from: "2017-04-20T15:05:00.000Z", to: NOW, ongoing: true },
        ],
      },
      {
        source: "rss",
        target: "https://feed.example/rss.xml",
        lastRunAt: "2017-04-20T19:59:00.000Z",
        lastSuccessAt: "2017-04-20T08:21:00.000Z",
        status: "running",
        fetched: 2,
        inserted: 2,
        error: null,
        coverageFrom: "2017-04-18T09:00:00.000Z",
        coverageTo: "2017-04-20T06:00:00.000Z",
        firstRunAt: "2017-04-20T08:20:00.000Z",
        runs: 2,
        failedRuns: 0,
        updated: 0,
        rateLimitWaitMs: 0,
        posts: 2,
        gaps: [
          { from: WINDOW_START, to: "2017-04-20T08:21:00.000Z", ongoing: false },
          { from: "2017-04-20T08:21:00.000Z", to: NOW, ongoing: true },
        ],
      },
      {
        source: "rss",
        target: "https://news.example/feed.atom",
        ...noRuns,
        runs: 1,
        lastRunAt: "2017-04-20T13:00:00.000Z",
        firstRunAt: "2017-04-20T13:00:00.000Z",
        lastSuccessAt: null,
        status: "aborted",
        error: "aborted",
        coverageFrom: null,
        coverageTo: null,
        posts: 0,
        gaps: [{ from: WINDOW_START, to: NOW, ongoing: true }],
      },
    ]);
  });

  it("takes the error from the newest finished run: a run still going does not hide it", async () => {
    const rows = await coverage({ platform: "bluesky" });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "failed", error: HOSTILE_ERROR, failedRuns: 1, runs: 2 });

    w.t.store.startRun("bluesky", "jetstream"); // the clock stands at WORLD_NOW
    const running = await coverage({ platform: "bluesky" });
    expect(running[0]).toMatchObject({ status: "running", error: HOSTILE_ERROR, runs: 3, lastRunAt: NOW });
    await w.t.database.db
      .deleteFrom("collector_runs")
      .where("status", "=", "running")
      .where("source", "=", "bluesky")
      .execute();
  });

  it("selects the source named by platform", async () => {
    expect((await coverage({ platform: "rss" })).map((r) => r.target)).toEqual([
      "https://feed.example/rss.xml",
      "https://news.example/feed.atom",
    ]);
    expect((await coverage({ platform: "mastodon" })).map((r) => r.target)).toEqual([
      "closed.example#clusterwoche",
      "mirror.example#clusterwoche",
      "social.example#clusterwoche",
    ]);
    expect(await coverage({ platform: "x" })).toEqual([]);
  });

  it("ignores the post-language filter: runs have no language", async () => {
    expect(await coverage({ lang: "en" })).toEqual(await coverage());
  });

  it("takes the gap threshold in hours", async () => {
    const rows = await coverage({ gapHours: "10.2", platform: "mastodon" });
    const social = rows.find((r) => r.target === "social.example#clusterwoche");
    // 22:00 → 08:01 is 10 h 1 min: not above 10.2 h; 09:02 → 15:05 is 6 h 3 min.
    expect(social?.gaps).toEqual([]);
    expect(rows.find((r) => r.target === "closed.example#clusterwoche")?.gaps).toEqual([
      { from: WINDOW_START, to: NOW, ongoing: true },
    ]);
  });

  it("bounds the gaps by the window, and never reaches into the future", async () => {
    // The next edition lies in the future at 'now': no gaps, everything else unchanged.
    const cw19 = await coverage({ campaign: "clusterwoche-2019" });
    expect(cw19.map((r) => r.gaps)).toEqual([[], [], [], [], [], []]);
    expect(cw19.map((r) => r.runs)).toEqual([2, 1, 0, 4, 2, 1]);

    // A day that ended before any run: one gap over that whole Berlin day.
    const day = await coverage({ from: "2017-04-19", to: "2017-04-19", platform: "rss" });
    expect(day[0]?.gaps).toEqual([{ from: "2017-04-18T22:00:00.000Z", to: WINDOW_START, ongoing: false }]);

    // Looked at a week later, the open stretches run to the window's end and are not ongoing.
    const later = await coverage({ platform: "rss" }, new Date("2017-05-10T00:00:00.000Z"));
    expect(later[0]?.gaps.at(-1)).toEqual({
      from: "2017-04-20T08:21:00.000Z",
      to: "2017-04-28T22:00:00.000Z",
      ongoing: false,
    });
  });

  it("gives imports no gaps and finds them under their platform", async () => {
    let clock = new Date("2017-04-20T09:00:00.000Z");
    const t = await createTestDb(() => clock);
    const id = t.store.startRun("import", "x:tweets.js");
    t.store.ingestBatch({
      source: "import",
      target: "x:tweets.js",
      posts: [makePost({ platform: "x", uid: "x:1", createdAt: "2017-04-20T08:00:00.000Z" })],
    });
    clock = new Date("2017-04-20T09:00:05.000Z");
    t.store.finishRun(id, "ok", { fetched: 1, inserted: 1, updated: 0, rateLimitWaitMs: 0 });
    const f = (query: Record<string, string>) => parseFilters(query, CAMPAIGNS);
    const get = (query: Record<string, string>) =>
      getSourceCoverage(t.database.db, f(query), { gapHours: 2, now: WORLD_NOW });
    expect(await get({})).toMatchObject([
      { source: "import", target: "x:tweets.js", status: "ok", runs: 1, posts: 1, gaps: [] },
    ]);
    expect((await get({ platform: "x" })).map((r) => r.target)).toEqual(["x:tweets.js"]);
    expect(await get({ platform: "linkedin" })).toEqual([]);
    expect(await get({ platform: "mastodon" })).toEqual([]);
    await t.database.close();
  });

  it("is empty on a database without runs", async () => {
    const t = await createTestDb();
    const f = parseFilters({}, CAMPAIGNS);
    expect(await getSourceCoverage(t.database.db, f, { gapHours: 2, now: WORLD_NOW })).toEqual([]);
    await t.database.close();
  });
});

describe("parseCoverageQuery", () => {
  it.each([
    [{}, 2],
    [{ gapHours: "" }, 2],
    [{ gapHours: "0.5" }, 0.5],
    [{ gapHours: "24" }, 24],
    [{ gapHours: "744" }, 744],
  ])("%j → %d hours", (query, hours) => {
    expect(parseCoverageQuery(query)).toEqual({ gapHours: hours });
  });

  it.each(["0", "-1", "abc", "745", "Infinity", "1e400", "NaN"])(
    "gapHours=%s is refused naming the parameter",
    (v) => {
      try {
        parseCoverageQuery({ gapHours: v });
        expect.fail("no error");
      } catch (err) {
        expect(err).toBeInstanceOf(ValidationError);
        expect((err as ValidationError).param).toBe("gapHours");
        expect((err as ValidationError).message).toMatch(/^invalid parameter 'gapHours': /);
      }
    },
  );
});
