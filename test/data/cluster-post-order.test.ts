import { Migrator, sql } from "kysely";
import { describe, expect, it } from "vitest";
import type { DB } from "../../data/db.ts";
import { type Filters, parseFilters } from "../../data/filters.ts";
import { migrationProvider } from "../../data/migrations/index.ts";
import { getTopPosts } from "../../data/queries/insights.ts";
import { decodeCursor, listPosts } from "../../data/queries/posts.ts";
import { scopedPosts } from "../../data/queries/scope.ts";
import { CAMPAIGNS } from "../helpers/db.ts";
import { randomFilters, randomWorld } from "../helpers/random-world.ts";

// Migration 0011: each cluster row carries its post's creation time and
// engagement, and a cluster's newest and most engaging posts are read by
// walking those rows. Checked here against the posts themselves.

const DRIFT = `SELECT count(*) AS n FROM post_clusters pc JOIN posts p ON p.id = pc.post_id
  WHERE pc.created_at <> p.created_at OR pc.engagement <> p.likes + p.reposts + p.replies + p.quotes`;

/** The oracle: the same posts walked by the posts, as before migration 0011. */
async function byPosts(db: DB, f: Filters, order: "engagement" | "newest"): Promise<string[]> {
  const q = scopedPosts(db, f).select("posts.uid");
  const ordered =
    order === "engagement"
      ? q.orderBy(sql`posts.likes + posts.reposts + posts.replies + posts.quotes`, "desc")
      : q;
  const rows = await ordered.orderBy("posts.created_at", "desc").orderBy("posts.id", "desc").execute();
  return rows.map((r) => r.uid);
}

/** EXPLAIN needs a value per parameter; the plan's shape does not depend on them. */
function unbound(query: string): null[] {
  return Array.from(query.matchAll(/\?/g), () => null);
}

describe("a cluster's posts in the orders of its page", () => {
  it("keep exact copies of each post's creation time and engagement through ingest, edits, refreshes and direct writes", async () => {
    for (const seed of [1, 2, 3]) {
      const { database } = await randomWorld(seed);
      const s = database.sqlite;
      const drift = () => (s.prepare(DRIFT).get() as { n: number }).n;
      expect((s.prepare("SELECT count(*) AS n FROM post_clusters").get() as { n: number }).n).toBeGreaterThan(
        50,
      );
      expect(drift(), `seed ${seed} after ingest`).toBe(0);
      // Writers that know nothing of the copies: counts and times changed, a row inserted by hand.
      s.prepare("UPDATE posts SET likes = likes + 9, quotes = 2 WHERE id % 3 = 0").run();
      s.prepare("UPDATE posts SET created_at = '2017-04-22T08:00:00.000Z' WHERE id % 7 = 0").run();
      const lone = s
        .prepare("SELECT id FROM posts WHERE id NOT IN (SELECT post_id FROM post_clusters) LIMIT 1")
        .get() as {
        id: number;
      };
      s.prepare(
        "INSERT INTO post_clusters (post_id, cluster_id, matched_by) VALUES (?, 'biorn', 'name')",
      ).run(lone.id);
      expect(drift(), `seed ${seed} after direct writes`).toBe(0);
      const copied = s
        .prepare("SELECT created_at, engagement FROM post_clusters WHERE post_id = ?")
        .get(lone.id) as {
        created_at: string;
      };
      expect(copied.created_at).not.toBe("");
      await database.close();
    }
  });

  it("are copied for every post already stored when a database is upgraded", async () => {
    const { database } = await randomWorld(9);
    const migrator = new Migrator({ db: database.db, provider: migrationProvider });
    expect((await migrator.migrateTo("0010-source-coverage")).error).toBeUndefined();
    const columns = () =>
      (
        database.sqlite.prepare("SELECT name FROM pragma_table_info('post_clusters')").all() as {
          name: string;
        }[]
      ).map((c) => c.name);
    expect(columns()).not.toContain("engagement");
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect(columns()).toContain("engagement");
    expect((database.sqlite.prepare(DRIFT).get() as { n: number }).n).toBe(0);
    expect(
      database.sqlite.prepare("SELECT count(*) AS n FROM post_clusters WHERE created_at = ''").get(),
    ).toEqual({
      n: 0,
    });
    await database.close();
  });

  it("are the same posts in the same order as when walked by the posts, page by page", async () => {
    for (const seed of [4, 5]) {
      const { database, random, pick } = await randomWorld(seed);
      const db = database.db;
      let compared = 0;
      for (let i = 0; i < 30; i++) {
        const f = {
          ...randomFilters(random, pick),
          cluster: pick(["its-owl", "biorn", "software-cluster", "medical-valley"]),
        };
        const label = `seed ${seed}, ${JSON.stringify(f)}`;
        const top = await getTopPosts(db, f, 5);
        expect(
          top.map((p) => p.uid),
          label,
        ).toEqual((await byPosts(db, f, "engagement")).slice(0, 5));
        // Every page of the list, with a small page size so the cursor is used.
        const all: string[] = [];
        let cursor: { createdAt: string; id: number } | null = null;
        for (let page = 0; page < 100; page++) {
          const res = await listPosts(db, f, { q: null, sentiment: null, limit: 7, cursor });
          all.push(...res.items.map((p) => p.uid));
          if (!res.nextCursor) break;
          cursor = decodeCursor(res.nextCursor);
        }
        expect(all, label).toEqual(await byPosts(db, f, "newest"));
        compared += all.length;
      }
      expect(compared).toBeGreaterThan(100);
      await database.close();
    }
  });

  it("are read from the cluster's own rows, in the order asked for", async () => {
    const { database } = await randomWorld(8);
    const s = database.sqlite;
    // Every statement the queries prepare passes the raw handle's prepare (data/db.ts caches them).
    const prepared: string[] = [];
    const prepare = s.prepare.bind(s);
    (s as { prepare: typeof s.prepare }).prepare = ((source: string) => {
      prepared.push(source);
      return prepare(source);
    }) as typeof s.prepare;
    const f = { ...parseFilters({}, CAMPAIGNS), cluster: "biorn" };
    await getTopPosts(database.db, f, 10);
    await listPosts(database.db, f, { q: null, sentiment: null, limit: 20, cursor: null });
    const plans = prepared
      .filter((q) => /from "post_clusters" as "pc"/i.test(q))
      .map((q) =>
        (s.prepare(`EXPLAIN QUERY PLAN ${q}`).all(...unbound(q)) as { detail: string }[]).map(
          (r) => r.detail,
        ),
      );
    expect(plans).toHaveLength(2);
    const [top, list] = plans.map((plan) => plan.join(" | "));
    // Both walk the cluster's rows in the order asked for: their cost follows the page, not the window.
    expect(top).toMatch(/^SEARCH pc USING (COVERING )?INDEX post_clusters_engaging \(cluster_id=\?\)/);
    expect(list).toMatch(/^SEARCH pc USING (COVERING )?INDEX post_clusters_newest/);
    for (const plan of [top, list]) expect(plan).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
    await database.close();
  });
});
