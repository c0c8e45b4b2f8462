import { describe, expect, it } from "vitest";
import { createCollectorStore } from "../../collectors/ingest.ts";
import { createPostAnalyzer } from "../../data/analysis/analyze-post.ts";
import { createSentimentScorer } from "../../data/analysis/sentiment.ts";
import { openDatabase } from "../../data/db.ts";
import { parseFilters } from "../../data/filters.ts";
import { getClusters, getClustersFromPosts } from "../../data/queries/clusters.ts";
import { getEvents, getEventsFromPosts } from "../../data/queries/events.ts";
import { getCoHashtags, getLanguages, getTopAuthors } from "../../data/queries/insights.ts";
import { getStates, getStatesFromPosts } from "../../data/queries/states.ts";
import { getSummary, getSummaryFromPosts } from "../../data/queries/summary.ts";
import { getTimeline, getTimelineFromPosts } from "../../data/queries/timeline.ts";
import { ROLLUP_TABLES } from "../../data/rollups/invalidate.ts";
import { CAMPAIGNS, makePost, testRollups } from "../helpers/db.ts";
import { randomFilters, randomWorld } from "../helpers/random-world.ts";

/** Float sums (the sentiment mean) may differ in the last bits between the two orders of addition. */
function near(a: unknown, b: unknown): void {
  expect(
    JSON.parse(JSON.stringify(a), (_k, v) => (typeof v === "number" ? Math.round(v * 1e4) / 1e4 : v)),
  ).toEqual(
    JSON.parse(JSON.stringify(b), (_k, v) => (typeof v === "number" ? Math.round(v * 1e4) / 1e4 : v)),
  );
}

describe("hourly rollups", () => {
  it("give the same answers as the raw posts on a random world with edits, refreshes and deletions", async () => {
    for (const seed of [1, 2, 3]) {
      const { database, random, pick } = await randomWorld(seed);
      const db = database.db;
      let checked = 0;
      for (let i = 0; i < 25; i++) {
        const f = randomFilters(random, pick);
        const rollupSummary = await getSummary(db, f);
        expect(rollupSummary, `seed ${seed}, ${JSON.stringify(f)}`).toEqual(await getSummaryFromPosts(db, f));
        near(await getTimeline(db, f, "hour"), await getTimelineFromPosts(db, f, "hour"));
        near(await getTimeline(db, f, "day"), await getTimelineFromPosts(db, f, "day"));
        const { cluster: _c, state: _s, ...unscoped } = f;
        const plain = { ...unscoped, cluster: null, state: null };
        near(await getClusters(db, plain), await getClustersFromPosts(db, plain));
        expect(await getStates(db, plain)).toEqual(await getStatesFromPosts(db, plain));
        expect(await getEvents(db, plain)).toEqual(await getEventsFromPosts(db, plain));
        expect(await getTopAuthors(db, f, 15)).toEqual(await getTopAuthors(db, f, 15, true));
        expect(await getCoHashtags(db, f)).toEqual(await getCoHashtags(db, f, 20, true));
        expect(await getLanguages(db, f)).toEqual(await getLanguages(db, f, true));
        checked += rollupSummary.posts;
      }
      expect(checked).toBeGreaterThan(500); // the windows were not empty
      await database.close();
    }
  });

  it("are the same after a rebuild from nothing as after keeping them at ingest", async () => {
    const { database } = await randomWorld(7);
    const snapshot = () =>
      ROLLUP_TABLES.map((t) =>
        database.sqlite
          .prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4, 5, 6`)
          .all()
          .map((r) => JSON.stringify(r, (_k, v) => (typeof v === "number" ? Math.round(v * 1e6) / 1e6 : v))),
      );
    const kept = snapshot();
    expect(kept[0]?.length).toBeGreaterThan(100);
    const rollups = testRollups(database);
    rollups.invalidate();
    expect(rollups.completeFamilies().size).toBe(0);
    let steps = 0;
    while (!rollups.rebuildStep(50).complete) steps++;
    expect(steps).toBeGreaterThan(5);
    expect(snapshot()).toEqual(kept);
    await database.close();
  });

  it("answer from the raw posts while a rebuild is under way, and take new posts meanwhile", async () => {
    const { database } = await randomWorld(11);
    const db = database.db;
    const f = parseFilters({}, CAMPAIGNS);
    const before = await getSummary(db, f);
    const rollups = testRollups(database);
    rollups.invalidate();
    rollups.rebuildStep(100);
    // Mid-rebuild: the summary is still right (it reads the posts) ...
    expect(await getSummary(db, f)).toEqual(before);
    const store = createCollectorStore({
      database,
      now: () => new Date("2017-04-29T00:00:00Z"),
      analyze: createPostAnalyzer({ sentiment: createSentimentScorer() }),
      rollups,
    });
    store.ingestBatch({
      source: "s",
      target: "late",
      posts: [makePost({ createdAt: "2017-04-22T12:00:00.000Z" })],
    });
    while (!rollups.rebuildStep(100).complete);
    // ... and once complete, the rollups hold the late post exactly once.
    const after = await getSummary(db, f);
    expect(after.posts).toBe(before.posts + 1);
    expect(after).toEqual(await getSummaryFromPosts(db, f));
    await database.close();
  });

  it("count a post at 23:30 UTC on 20 April for 21 April in Berlin", async () => {
    const database = await openDatabase(":memory:");
    const store = createCollectorStore({
      database,
      now: () => new Date("2017-04-29T00:00:00Z"),
      analyze: createPostAnalyzer({ sentiment: createSentimentScorer() }),
      rollups: testRollups(database),
    });
    store.ingestBatch({
      source: "s",
      target: "t",
      posts: [makePost({ createdAt: "2017-04-20T23:30:00.000Z" })],
    });
    const db = database.db;
    const day21 = parseFilters({ from: "2017-04-21", to: "2017-04-21" }, CAMPAIGNS);
    const day20 = parseFilters({ from: "2017-04-20", to: "2017-04-20" }, CAMPAIGNS);
    expect(database.sqlite.prepare("SELECT count(*) AS n FROM rollup_hours").get()).toEqual({ n: 1 }); // one family for both editions, scope "" only
    expect((await getSummary(db, day21)).posts).toBe(1);
    expect((await getSummary(db, day21)).authors).toBe(1);
    expect((await getSummary(db, day20)).posts).toBe(0);
    const days = (await getTimeline(db, parseFilters({}, CAMPAIGNS), "day")).series;
    expect(days.find((p) => p.t === "2017-04-21T00:00:00+02:00")?.posts).toBe(1);
    expect(days.find((p) => p.t === "2017-04-20T00:00:00+02:00")?.posts).toBe(0);
    await database.close();
  });
});

describe("rollups during a rebuild", () => {
  it("recount an author's maximum only from the posts the rebuild has passed", async () => {
    const database = await openDatabase(":memory:");
    const rollups = testRollups(database);
    const store = createCollectorStore({
      database,
      now: () => new Date("2017-04-29T00:00:00Z"),
      analyze: createPostAnalyzer({ sentiment: createSentimentScorer() }),
      rollups,
    });
    const author = (followers: number) => ({ handle: "@one@x", name: null, url: null, followers });
    const posts = [100, 100, 5000].map((followers, i) =>
      makePost({ createdAt: `2017-04-21T1${i}:00:00.000Z`, author: author(followers) }),
    );
    store.ingestBatch({ source: "s", target: "t", posts });
    rollups.invalidate();
    rollups.rebuildStep(2); // posts 1 and 2 are in; post 3 (5,000 followers) is not yet
    store.markDeleted([posts[0]?.uid ?? ""]);
    store.markDeleted([posts[2]?.uid ?? ""]);
    while (!rollups.rebuildStep(2).complete);
    const f = parseFilters({}, CAMPAIGNS);
    expect((await getSummary(database.db, f)).uniqueReach).toBe(100);
    expect(await getSummary(database.db, f)).toEqual(await getSummaryFromPosts(database.db, f));
    await database.close();
  });
});

describe("campaign author rows", () => {
  it("hold each campaign's distinct authors and unique reach exactly, per scope, platform and language", async () => {
    for (const seed of [4, 5]) {
      const { database } = await randomWorld(seed);
      const s = database.sqlite;
      // The reference, from the posts themselves, with the same scope as the dashboard (window, tag, not deleted).
      for (const campaign of CAMPAIGNS.campaigns) {
        const kept = s
          .prepare(
            `SELECT scope, platform, lang, authors, unique_reach AS reach FROM rollup_campaign_totals
             WHERE campaign = ? AND scope IN ('', 'c:its-owl', 's:DE-NW') ORDER BY 1, 2, 3`,
          )
          .all(campaign.id);
        const fromPosts = (scope: string, platform: string, lang: string) => {
          const fs = parseFilters(
            {
              campaign: campaign.id,
              platform,
              ...(lang === "*" ? {} : { lang }),
              ...(scope.startsWith("c:") ? { cluster: scope.slice(2) } : {}),
              ...(scope.startsWith("s:") ? { state: scope.slice(2) } : {}),
            },
            CAMPAIGNS,
          );
          return getSummaryFromPosts(database.db, fs);
        };
        for (const row of kept as {
          scope: string;
          platform: string;
          lang: string;
          authors: number;
          reach: number;
        }[]) {
          if (row.lang === "") continue; // "not known" cannot be asked for as a filter
          const ref = await fromPosts(row.scope, row.platform, row.lang);
          expect([row.scope, row.platform, row.lang, row.authors, row.reach]).toEqual([
            row.scope,
            row.platform,
            row.lang,
            ref.authors,
            ref.uniqueReach,
          ]);
        }
        if (campaign.id === CAMPAIGNS.defaultCampaign) expect(kept.length).toBeGreaterThan(5);
      }
      await database.close();
    }
  });

  it("are rebuilt when a campaign's period changes in the config", async () => {
    const { database } = await randomWorld(6);
    const count = () =>
      (database.sqlite.prepare("SELECT count(*) AS n FROM rollup_campaign_totals").get() as { n: number }).n;
    expect(count()).toBeGreaterThan(0);
    const { createRollupMaintainer } = await import("../../data/rollups/maintainer.ts");
    const { rollupFamilies } = await import("../../data/rollups/family.ts");
    const shorter = CAMPAIGNS.campaigns.map((c) => ({ ...c, end: c.start }));
    const rollups = createRollupMaintainer(database.sqlite, rollupFamilies(shorter));
    // The family starts over: its rows are gone and it is not complete until rebuilt.
    expect(count()).toBe(0);
    expect(rollups.completeFamilies().size).toBe(0);
    while (!rollups.rebuildStep(500).complete);
    expect(count()).toBeGreaterThan(0);
    // Opening again with the same periods keeps the rows.
    createRollupMaintainer(database.sqlite, rollupFamilies(shorter));
    expect(rollups.completeFamilies().size).toBe(1);
    await database.close();
  });
});
