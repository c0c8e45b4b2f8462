import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { abortableSleep } from "../../collectors/http.ts";
import { parseFilters } from "../../data/filters.ts";
import { getSummary } from "../../data/queries/summary.ts";
import { createWorldClock } from "../../demo/replay/clock.ts";
import { type RunningWorld, startWorld } from "../../demo/start-world.ts";
import { generateWorld } from "../../demo/world/generate.ts";
import type { World } from "../../demo/world/model.ts";
import { buildCollectors, runCollectors } from "../../server/collection.ts";
import { DEFAULT_CONFIG_PATH, loadConfig, parseConfig } from "../../server/config.ts";
import { createTestDb, type TestDb } from "../helpers/db.ts";

const log = pino({ level: "silent" });

/**
 * The whole default demo world, collected by the real collectors through an
 * ordinary config: every post arrives, once, on the platform it was made on.
 */
describe("collecting the default demo world end to end", () => {
  let world: World;
  let running: RunningWorld;
  let t: TestDb;
  let rounds: { source: string; inserted: number; failed: number; error: string | null }[][];

  beforeAll(async () => {
    world = generateWorld();
    running = await startWorld(world, createWorldClock(world, null));
    t = await createTestDb(() => new Date());
    const config = parseConfig(
      {
        campaigns: loadConfig(DEFAULT_CONFIG_PATH).campaigns,
        sources: {
          mastodon: { instances: running.mastodon },
          bluesky: { service: running.bluesky.service, jetstream: running.bluesky.jetstream, idleSeconds: 1 },
          rss: { feeds: running.feeds, keywords: ["Clusterwoche"] },
        },
      },
      "(test)",
    );
    const collectors = buildCollectors(config, {
      store: t.store,
      http: { fetch, sleep: abortableSleep, random: Math.random, now: Date.now },
      log,
      version: "test",
    }).map((e) => e.collector);
    // As the scheduler would: run after run until a whole round finds nothing new.
    rounds = [];
    for (let i = 0; i < 8; i++) {
      const round = await runCollectors(collectors, {
        store: t.store,
        log,
        signal: new AbortController().signal,
      });
      rounds.push(round);
      if (round.every((r) => r.inserted === 0)) break;
    }
  }, 180_000);
  afterAll(async () => {
    await running.close();
    await t.database.close();
  });

  it("runs without failures and settles", () => {
    for (const round of rounds)
      for (const r of round)
        expect({ source: r.source, failed: r.failed, error: r.error }).toEqual({
          source: r.source,
          failed: 0,
          error: null,
        });
    expect(rounds.at(-1)?.every((r) => r.inserted === 0)).toBe(true);
  });

  it("finds exactly the world's posts per platform: nothing missing, nothing doubled", async () => {
    const rows = await t.database.db
      .selectFrom("posts")
      .select([
        "platform",
        (e) => e.fn.countAll<number>().as("n"),
        (e) => e.fn.count<number>("uid").distinct().as("u"),
      ])
      .groupBy("platform")
      .orderBy("platform")
      .execute();
    const expected = (p: string) => world.posts.filter((x) => x.platform === p).length;
    expect(rows).toEqual([
      { platform: "bluesky", n: expected("bluesky"), u: expected("bluesky") },
      { platform: "mastodon", n: expected("mastodon"), u: expected("mastodon") },
      { platform: "rss", n: expected("rss"), u: expected("rss") },
    ]);
  });

  it("counts the campaign week's posts in the summary as the world has them", async () => {
    const campaigns = {
      campaigns: loadConfig(DEFAULT_CONFIG_PATH).campaigns,
      defaultCampaign: "clusterwoche-2017",
    };
    const s = await getSummary(t.database.db, parseFilters({}, campaigns));
    const from = Date.parse("2017-04-19T22:00:00Z");
    const to = Date.parse("2017-04-28T22:00:00Z");
    const inWeek = world.posts.filter((p) => p.createdAt >= from && p.createdAt < to);
    const count = (p: string) => inWeek.filter((x) => x.platform === p).length;
    expect(s.posts).toBe(inWeek.length);
    expect(s.platforms).toEqual({
      bluesky: count("bluesky"),
      mastodon: count("mastodon"),
      rss: count("rss"),
    });
    expect(s.authors).toBeGreaterThan(100);
    expect(s.potentialReach).toBeGreaterThan(s.uniqueReach);
  });

  it("stores the hostile posts as inert text", async () => {
    const hostile = await t.database.db
      .selectFrom("posts")
      .select("text")
      .where("text", "like", "%<script>alert(%")
      .execute();
    expect(hostile.length).toBeGreaterThan(0);
    for (const h of hostile) expect(h.text).toContain('<script>alert("xss")</script>');
  });
});
