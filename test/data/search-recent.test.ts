import { describe, expect, it } from "vitest";
import type { DB } from "../../data/db.ts";
import type { Filters } from "../../data/filters.ts";
import { listPosts, type PostQuery } from "../../data/queries/posts.ts";
import { randomFilters, randomWorld } from "../helpers/random-world.ts";

// A search first looks among the window's newest posts and keeps that page
// only when it is provably the page (data/queries/posts.ts, searchRecentFirst).
// With a span of a few posts the small world takes that path often; every
// page must equal the full search's.

const TERMS = ["clusterwoche", "cluster", "owl", "Medical Valley", "nothing", "heute bei", "zzzz"];

async function allPages(db: DB, f: Filters, pq: Omit<PostQuery, "cursor">, recentSpan: number) {
  const uids: string[] = [];
  let cursor: PostQuery["cursor"] = null;
  for (let page = 0; page < 200; page++) {
    const res = await listPosts(db, f, { ...pq, cursor }, { recentSpan });
    uids.push(...res.items.map((p) => p.uid));
    if (!res.nextCursor) return uids;
    cursor = decode(res.nextCursor);
  }
  throw new Error("more than 200 pages");
}

function decode(cursor: string): PostQuery["cursor"] {
  const [createdAt, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  return { createdAt: createdAt as string, id: Number(id) };
}

describe("search among the newest posts first", () => {
  it("gives every page exactly as the full search does, and takes that way on common words", async () => {
    for (const seed of [12, 13]) {
      const { database, random, pick } = await randomWorld(seed);
      const s = database.sqlite;
      // Count the searches answered from the recent region (their match set is bounded by a rowid).
      let regional = 0;
      const prepare = s.prepare.bind(s);
      (s as { prepare: typeof s.prepare }).prepare = ((source: string) => {
        const stmt = prepare(source);
        if (!source.includes("rowid >=")) return stmt;
        const all = stmt.all.bind(stmt);
        return Object.assign(stmt, {
          all: (...args: unknown[]) => {
            regional++;
            return all(...args);
          },
        });
      }) as typeof s.prepare;
      let compared = 0;
      for (let i = 0; i < 24; i++) {
        const f = randomFilters(random, pick);
        const pq = {
          q: pick(TERMS),
          sentiment: random() < 0.2 ? pick(["positive", "neutral", "negative"] as const) : null,
          limit: pick([3, 7]),
        };
        const label = `seed ${seed}, ${JSON.stringify({ f, pq })}`;
        const full = await allPages(database.db, f, pq, Number.MAX_SAFE_INTEGER);
        expect(await allPages(database.db, f, pq, 40), label).toEqual(full);
        compared += full.length;
      }
      expect(compared).toBeGreaterThan(100);
      expect(regional, "searches that took the recent region").toBeGreaterThan(5);
      await database.close();
    }
  });
});
