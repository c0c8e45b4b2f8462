import { sql } from "kysely";
import { expect, it } from "vitest";
import type { DB } from "../../data/db.ts";
import { type Filters, parseFilters } from "../../data/filters.ts";
import {
  getCluster,
  getClusters,
  getClustersFromPosts,
  listRegistryClusters,
} from "../../data/queries/clusters.ts";
import { alignedFilters, getComparison } from "../../data/queries/compare.ts";
import { getSourceCoverage } from "../../data/queries/coverage.ts";
import { getEvents, getEventsFromPosts } from "../../data/queries/events.ts";
import { getCoHashtags, getLanguages, getTopAuthors, getTopPosts } from "../../data/queries/insights.ts";
import { countPosts } from "../../data/queries/post-count.ts";
import {
  decodeCursor,
  latestPostId,
  listPosts,
  type PostItem,
  postsAfterId,
} from "../../data/queries/posts.ts";
import { rollupTarget } from "../../data/queries/rollup-scope.ts";
import { scopedPosts } from "../../data/queries/scope.ts";
import { getStates, getStatesFromPosts } from "../../data/queries/states.ts";
import { getSummary, getSummaryFromPosts } from "../../data/queries/summary.ts";
import { getTimeline, getTimelineFromPosts } from "../../data/queries/timeline.ts";
import { dialectOf } from "../../data/sql-dialect.ts";
import { CAMPAIGNS, CW2017, CW2019 } from "../helpers/db.ts";
import { describePg } from "../helpers/postgres.ts";
import { QUERY_WORLD_NOW, useQueryWorlds } from "./query-world.ts";

/**
 * Every read query on a realistic world, once on SQLite and once on the same
 * rows copied to PostgreSQL: the results must be deep-equal (the dashboard and
 * the reports must not depend on the database), except where full-text search
 * legitimately differs (German stemming and stop words, data/pg/README.md),
 * which is asserted as documented instead.
 */
const FILTERS: Record<string, string>[] = [
  {},
  { platform: "mastodon" },
  { platform: "bluesky" },
  { platform: "rss" },
  { platform: "x" },
  { platform: "linkedin" },
  { cluster: "cool-silicon" },
  { cluster: "software-cluster" },
  { state: "DE-BW" },
  { state: "DE-SN" },
  { state: "DE-MV" },
  { lang: "de" },
  { lang: "en" },
  { from: "2017-04-20", to: "2017-04-20" },
  { from: "2017-04-24", to: "2017-04-26" },
  { from: "2017-04-16", to: "2017-05-02" },
  { cluster: "solarvalley-mitteldeutschland", state: "DE-TH" },
  { cluster: "software-cluster", state: "DE-NW" },
  { platform: "mastodon", lang: "de", cluster: "biorn" },
  { platform: "bluesky", state: "DE-BY", from: "2017-04-21", to: "2017-04-25" },
  { campaign: CW2019.id },
  { campaign: CW2019.id, from: "2019-04-02", to: "2019-04-02" },
];

const label = (q: Record<string, string>) => JSON.stringify(q);

describePg("the read queries give the same answers on SQLite and PostgreSQL", () => {
  const w = useQueryWorlds();
  const same = <T>(run: (db: DB) => Promise<T>) => w.same(run);

  const filters = (q: Record<string, string> = {}): Filters => parseFilters(q, CAMPAIGNS);

  /** Every query function for one set of filters. */
  async function allQueries(f: Filters): Promise<void> {
    const summary = await same((db) => getSummary(db, f));
    await same((db) => getSummaryFromPosts(db, f));
    await same((db) => getTimeline(db, f, "day"));
    await same((db) => getTimeline(db, f, "hour"));
    await same((db) => getTimelineFromPosts(db, f, "hour"));
    const clusters = await same((db) => getClusters(db, f));
    await same((db) => getClustersFromPosts(db, f));
    await same((db) => getStates(db, f));
    await same((db) => getStatesFromPosts(db, f));
    await same((db) => getEvents(db, f));
    await same((db) => getEventsFromPosts(db, f));
    await same((db) => getTopPosts(db, f));
    await same((db) => getTopAuthors(db, f));
    await same((db) => getTopAuthors(db, f, 25, true));
    await same((db) => getCoHashtags(db, f));
    await same((db) => getCoHashtags(db, f, 50, true));
    await same((db) => getLanguages(db, f));
    await same((db) => getLanguages(db, f, true));
    await same((db) => countPosts(db, f, { q: null, sentiment: null }));
    await same((db) => countPosts(db, f, { q: null, sentiment: "negative" }));
    await same(
      async (db) => (await scopedPosts(db, f).select(sql<number>`count(*)`.as("n")).executeTakeFirst())?.n,
    );
    await same((db) => getSourceCoverage(db, f, { gapHours: 2, now: QUERY_WORLD_NOW }));
    const top = clusters.find((c) => c.posts > 0);
    if (top) {
      await same((db) => getCluster(db, f, top.id));
      await same((db) => getEvents(db, f, top.id));
    }
    const other = f.campaign.id === CW2017.id ? CW2019 : CW2017;
    await same((db) => getComparison(db, f, other));
    await same((db) => getSummary(db, alignedFilters(f, other)));
    // Keyset pages: the first three, and the cursors that lead to them.
    let cursor: { createdAt: string; id: number } | null = null;
    const seen: PostItem[] = [];
    for (let page = 0; page < 3; page++) {
      const got = await same((db) => listPosts(db, f, { q: null, sentiment: null, limit: 40, cursor }));
      seen.push(...got.items);
      if (!got.nextCursor) break;
      cursor = decodeCursor(got.nextCursor);
    }
    expect(seen.length).toBe(Math.min(summary.posts, 120));
  }

  it("reads the same world on both (rollups complete, the dashboard's path)", async () => {
    expect(dialectOf(w.sqlite.db)).toBe("sqlite");
    expect(dialectOf(w.pg)).toBe("postgres");
    const s = await same((db) => getSummary(db, filters()));
    expect(s.posts).toBeGreaterThan(2000);
    expect(Object.keys(s.platforms).sort()).toEqual(["bluesky", "mastodon", "rss", "x"]);
    await same((db) => listRegistryClusters(db));
    await same((db) => latestPostId(db));
    await same((db) => rollupTarget(db, filters()));
    expect(await rollupTarget(w.pg, filters())).not.toBeNull();
  });

  it.each(FILTERS.map((q) => [label(q), q] as const))("filters %s: every query", async (_, q) => {
    await allQueries(filters(q));
  });

  it("the filtered worlds are not empty: the comparison above compares numbers, not zeros", async () => {
    for (const q of FILTERS.filter((x) => !x.platform?.match(/^(x|linkedin)$/) && !x.state?.match(/DE-NW/))) {
      expect((await getSummary(w.sqlite.db, filters(q))).posts, label(q)).toBeGreaterThan(0);
    }
  });

  it("walks every page of a filter with cursors to the same posts, in the same order", async () => {
    for (const q of [{}, { cluster: "biorn" }, { platform: "rss", lang: "de" }] as Record<string, string>[]) {
      const f = filters(q);
      const uids = async (db: DB) => {
        const out: string[] = [];
        let cursor: { createdAt: string; id: number } | null = null;
        for (;;) {
          const page = await listPosts(db, f, { q: null, sentiment: "positive", limit: 200, cursor });
          out.push(...page.items.map((i) => i.uid));
          if (!page.nextCursor) return out;
          cursor = decodeCursor(page.nextCursor);
        }
      };
      const all = await same(uids);
      expect(all.length).toBe((await getSummary(w.sqlite.db, f)).sentiment.positive);
    }
  });

  it("streams the same posts after an id", async () => {
    const f = filters();
    for (const [after, limit] of [
      [0, 50],
      [1500, 100],
      [2990, 1000],
    ] as const)
      await same((db) => postsAfterId(db, f, after, limit));
  });

  it.each(FILTERS.slice(0, 12).map((q) => [label(q), q] as const))(
    "filters %s with the rollups incomplete: the same answers from the raw posts",
    async (_, q) => {
      await withIncompleteRollups(async () => {
        expect(await rollupTarget(w.sqlite.db, filters(q))).toBeNull();
        expect(await rollupTarget(w.pg, filters(q))).toBeNull();
        await allQueries(filters(q));
      });
    },
  );

  async function withIncompleteRollups(fn: () => Promise<void>): Promise<void> {
    const setState = async (db: DB, builtUpTo: number | null) => {
      await db.updateTable("rollup_state").set({ built_up_to: builtUpTo }).execute();
    };
    await setState(w.sqlite.db, 1000);
    await setState(w.pg, 1000);
    try {
      await fn();
    } finally {
      await setState(w.sqlite.db, null);
      await setState(w.pg, null);
    }
  }
});
