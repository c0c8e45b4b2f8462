import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getTopPosts } from "../../data/queries/insights.ts";
import { scopedPosts } from "../../data/queries/scope.ts";
import { randomFilters, randomWorld } from "../helpers/random-world.ts";

// getTopPosts walks the engagement index (a bounded number of entries) when the
// window holds many posts and sorts the window's posts otherwise, or when the
// walk found too few (data/queries/insights.ts). Every way must give the posts
// the plain definition gives; the small world takes each way when told where
// "many" starts and how far the walk goes.

const ALWAYS_WALK = { walkFrom: 0, walkRows: 1_000_000 };
const SHORT_WALK = { walkFrom: 0, walkRows: 30 };
const NEVER_WALK = { walkFrom: Number.MAX_SAFE_INTEGER };

describe("the most engaging posts", () => {
  it("are the same whether the engagement index is walked or the window sorted", async () => {
    for (const seed of [21, 22]) {
      const { database, random, pick } = await randomWorld(seed);
      const db = database.db;
      let compared = 0;
      for (let i = 0; i < 30; i++) {
        // Without a cluster: a cluster's posts are read from its own rows (cluster-post-order.test.ts).
        const f = { ...randomFilters(random, pick), cluster: null };
        const expected = (
          await scopedPosts(db, f)
            .select("posts.uid")
            .orderBy(sql`posts.likes + posts.reposts + posts.replies + posts.quotes`, "desc")
            .orderBy("posts.created_at", "desc")
            .orderBy("posts.id", "desc")
            .limit(7)
            .execute()
        ).map((r) => r.uid);
        for (const way of [ALWAYS_WALK, SHORT_WALK, NEVER_WALK]) {
          const got = await getTopPosts(db, f, 7, way);
          expect(
            got.map((p) => p.uid),
            `seed ${seed}, ${JSON.stringify(way)}, ${JSON.stringify(f)}`,
          ).toEqual(expected);
        }
        compared += expected.length;
      }
      expect(compared).toBeGreaterThan(100);
      await database.close();
    }
  });

  it("walk the engagement index, or sort the window, as chosen", async () => {
    const { database, random, pick } = await randomWorld(23);
    const s = database.sqlite;
    const plans: string[] = [];
    const prepare = s.prepare.bind(s);
    (s as { prepare: typeof s.prepare }).prepare = ((source: string) => {
      if (/order by/i.test(source) && /"uid"/.test(source) && !/EXPLAIN/.test(source))
        plans.push(
          (
            prepare(`EXPLAIN QUERY PLAN ${source}`).all(
              ...Array.from(source.matchAll(/\?/g), () => null),
            ) as {
              detail: string;
            }[]
          )
            .map((r) => r.detail)
            .join(" | "),
        );
      return prepare(source);
    }) as typeof s.prepare;
    const f = { ...randomFilters(random, pick), cluster: null };
    await getTopPosts(database.db, f, 5, ALWAYS_WALK);
    await getTopPosts(database.db, f, 5, NEVER_WALK);
    expect(plans).toHaveLength(2);
    // The walk streams the index's entries into the join in order: nothing is sorted.
    expect(plans[0]).toMatch(/^CO-ROUTINE t \| SCAN posts USING INDEX posts_engagement/);
    expect(plans[0]).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
    expect(plans[1]).toMatch(/TEMP B-TREE FOR ORDER BY/);
    await database.close();
  });
});
