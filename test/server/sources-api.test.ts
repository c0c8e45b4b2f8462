import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../server/app.ts";
import {
  AUTH_ERROR,
  type CoverageWorld,
  coverageWorld,
  HOSTILE_ERROR,
  WORLD_NOW,
} from "../data/coverage-world.ts";
import { CAMPAIGNS } from "../helpers/db.ts";

describe("GET /api/sources", () => {
  let w: CoverageWorld;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    w = await coverageWorld();
    app = createApp({
      db: w.t.database.db,
      store: w.t.store,
      campaigns: CAMPAIGNS,
      version: "9.9.9",
      now: () => WORLD_NOW,
      log: pino({ level: "silent" }),
    });
  });
  afterAll(async () => {
    await w.t.database.close();
  });

  const get = async (path: string) => {
    const res = await app.request(path);
    return { status: res.status, type: res.headers.get("content-type"), body: (await res.json()) as unknown };
  };
  const rows = async (path: string) => (await get(path)).body as Record<string, unknown>[];

  it("returns one row per source and target with every documented field", async () => {
    const { status, type, body } = await get("/api/sources");
    expect(status).toBe(200);
    expect(type).toBe("application/json");
    expect(Array.isArray(body)).toBe(true);
    const list = body as Record<string, unknown>[];
    expect(list.map((r) => `${r.source} ${r.target}`)).toEqual([
      "bluesky jetstream",
      "mastodon closed.example#clusterwoche",
      "mastodon mirror.example#clusterwoche",
      "mastodon social.example#clusterwoche",
      "rss https://feed.example/rss.xml",
      "rss https://news.example/feed.atom",
    ]);
    for (const r of list) {
      // CONTRACT.md's fields first, then the extensions.
      expect(Object.keys(r)).toEqual([
        "source",
        "target",
        "lastRunAt",
        "lastSuccessAt",
        "status",
        "fetched",
        "inserted",
        "error",
        "coverageFrom",
        "coverageTo",
        "firstRunAt",
        "runs",
        "failedRuns",
        "updated",
        "rateLimitWaitMs",
        "posts",
        "gaps",
      ]);
    }
    expect(list.map((r) => r.status)).toEqual([
      "failed",
      "auth_required",
      "never",
      "ok",
      "running",
      "aborted",
    ]);
    expect(list[3]).toMatchObject({
      lastRunAt: "2017-04-20T15:00:00.000Z",
      lastSuccessAt: "2017-04-20T15:05:00.000Z",
      fetched: 17,
      inserted: 4,
      runs: 4,
      failedRuns: 1,
      rateLimitWaitMs: 61_500,
      posts: 4,
      coverageFrom: "2017-04-19T12:00:00.000Z",
      coverageTo: "2017-04-20T14:00:00.000Z",
      gaps: [
        { from: "2017-04-19T22:00:00.000Z", to: "2017-04-20T08:01:00.000Z", ongoing: false },
        { from: "2017-04-20T09:02:00.000Z", to: "2017-04-20T15:05:00.000Z", ongoing: false },
        // Ends at the app's injected clock, not the machine's.
        { from: "2017-04-20T15:05:00.000Z", to: "2017-04-20T20:00:00.000Z", ongoing: true },
      ],
    });
  });

  it("recognises HTTP 401/403 failures as auth_required", async () => {
    const list = await rows("/api/sources?platform=mastodon");
    expect(list.find((r) => r.target === "closed.example#clusterwoche")).toMatchObject({
      status: "auth_required",
      error: AUTH_ERROR,
      lastSuccessAt: null,
    });
  });

  it("returns hostile error text as data, byte for byte", async () => {
    const res = await app.request("/api/sources?platform=bluesky");
    expect(res.headers.get("content-type")).toBe("application/json");
    const list = (await res.json()) as { error: string; status: string }[];
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ status: "failed", error: HOSTILE_ERROR });
  });

  it("takes the window from campaign/from/to and the threshold from gapHours", async () => {
    const future = await rows("/api/sources?campaign=clusterwoche-2019");
    expect(future.every((r) => Array.isArray(r.gaps) && r.gaps.length === 0)).toBe(true);
    const relaxed = await rows("/api/sources?platform=mastodon&gapHours=10.5&from=2017-04-20&to=2017-04-20");
    expect(relaxed.find((r) => r.target === "social.example#clusterwoche")?.gaps).toEqual([]);
  });

  it("answers an unknown platform's empty coverage with []", async () => {
    expect(await get("/api/sources?platform=linkedin")).toEqual({
      status: 200,
      type: "application/json",
      body: [],
    });
  });

  it.each([
    ["/api/sources?from=gestern", "from"],
    ["/api/sources?campaign=unknown", "campaign"],
    ["/api/sources?platform=fax", "platform"],
    ["/api/sources?from=2017-04-28&to=2017-04-01", "from"],
    ["/api/sources?cluster=X!", "cluster"],
    ["/api/sources?state=DE-XX", "state"],
    ["/api/sources?lang=deutsch", "lang"],
    ["/api/sources?gapHours=0", "gapHours"],
    ["/api/sources?gapHours=zwei", "gapHours"],
    ["/api/sources?gapHours=100000", "gapHours"],
  ])("%s → 400 naming %s", async (path, param) => {
    const { status, type, body } = await get(path);
    expect(status).toBe(400);
    expect(type).toBe("application/json");
    expect(body).toMatchObject({ param });
    expect(typeof (body as { error: unknown }).error).toBe("string");
  });
});
