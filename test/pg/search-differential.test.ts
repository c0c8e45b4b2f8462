import { expect, it } from "vitest";
import type { DB } from "../../data/db.ts";
import { type Filters, parseFilters } from "../../data/filters.ts";
import { countPosts } from "../../data/queries/post-count.ts";
import { decodeCursor, listPosts } from "../../data/queries/posts.ts";
import { CAMPAIGNS } from "../helpers/db.ts";
import { describePg } from "../helpers/postgres.ts";
import { useQueryWorlds } from "./query-world.ts";

/**
 * Full-text search (listPosts and countPosts with `q`) on SQLite's FTS5 index
 * and PostgreSQL's German GIN index over the same rows. Both take every word
 * as a prefix that must occur; PostgreSQL also stems and drops stop words, so
 * where the results differ the difference is asserted as data/pg/README.md
 * documents it.
 */
const FILTERS: Record<string, string>[] = [
  {},
  { platform: "bluesky" },
  { cluster: "cool-silicon" },
  { state: "DE-BW", lang: "de" },
  { from: "2017-04-24", to: "2017-04-24" },
];

/** The same posts on both: words whose stems are their prefixes, umlauts, quotes, case. */
const SAME = [
  "Wasserstoff",
  "spannende wasserstoff",
  "Künstliche Intelligenz",
  "kunstliche",
  "Bioökonomie",
  "biookonomie",
  "Großartiger",
  "ÜBERSICHT",
  '"Volles Haus"',
  "„Einladung“",
  "Halle 2",
  "Hannover",
  "Clusterwoche",
  "Leichtb",
  "nichtda",
];

describePg("full-text search on SQLite and PostgreSQL", () => {
  const w = useQueryWorlds();
  const filters = (q: Record<string, string> = {}): Filters => parseFilters(q, CAMPAIGNS);

  it.each(SAME)("search %j: the same posts and counts on both", async (q) => {
    let found = 0;
    for (const fq of FILTERS) {
      const f = filters(fq);
      const page = await w.same((db) => listPosts(db, f, { q, sentiment: null, limit: 25, cursor: null }));
      await w.same((db) => countPosts(db, f, { q, sentiment: null }));
      await w.same((db) => countPosts(db, f, { q, sentiment: "positive" }));
      found += page.items.length;
    }
    if (q !== "nichtda") expect(found, q).toBeGreaterThan(0);
  });

  it("pages through a search with cursors alike, and caps the count alike", async () => {
    const f = filters();
    expect((await w.same((db) => everyMatch(db, f, "Clusterwoche", 150))).length).toBeGreaterThan(1000);
    expect(await w.same((db) => countPosts(db, f, { q: "Clusterwoche", sentiment: null }, 500))).toEqual({
      n: 500,
      capped: true,
    });
  });

  it("a search of only German stop words finds nothing on PostgreSQL, the words on SQLite (documented)", async () => {
    const f = filters();
    for (const q of ["über", "in der", "und"]) {
      const onSqlite = await countPosts(w.sqlite.db, f, { q, sentiment: null });
      const onPg = await countPosts(w.pg, f, { q, sentiment: null });
      expect(onSqlite.n, q).toBeGreaterThan(0);
      expect(onPg, q).toEqual({ n: 0, capped: false });
    }
  });

  it("a stop word next to other words is left out on PostgreSQL: more posts, all of SQLite's among them (documented)", async () => {
    const f = filters();
    const onSqlite = await everyMatch(w.sqlite.db, f, "auf Halle");
    const onPg = await everyMatch(w.pg, f, "auf Halle");
    // No post has a word starting with "auf" next to "Halle": SQLite finds none, PostgreSQL every "Halle".
    expect(onPg.length).toBeGreaterThan(onSqlite.length);
    expect(onPg).toEqual(expect.arrayContaining(onSqlite));
    expect(onPg).toEqual(await everyMatch(w.pg, f, "Halle"));
  });

  it("stemming widens a search on PostgreSQL: every SQLite match is found, and more (documented)", async () => {
    const f = filters();
    // "Clustern" is stemmed to "clust", a prefix of "Cluster…"; "gross" is the stem of "Groß…"
    // (ß folded to ss), where SQLite's unicode61 keeps "ß"; "Innovationen" is stemmed to "innovation".
    for (const q of ["Clustern", "gross", "Innovationen"]) {
      const onSqlite = await everyMatch(w.sqlite.db, f, q);
      const onPg = await everyMatch(w.pg, f, q);
      expect(onPg.length, q).toBeGreaterThan(onSqlite.length);
      expect(onPg, q).toEqual(expect.arrayContaining(onSqlite));
    }
  });

  it("a number with a dot is one word on PostgreSQL: '4.0' is not the words '4' and '0' (documented)", async () => {
    const f = filters();
    const onSqlite = await everyMatch(w.sqlite.db, f, "Industrie 4.0");
    expect(onSqlite.length).toBeGreaterThan(0);
    expect(await everyMatch(w.pg, f, "Industrie 4.0")).toEqual([]);
    // Its first part is a prefix of the word "4.0": the same posts on both.
    expect(await w.same((db) => everyMatch(db, f, "Industrie 4"))).toEqual(onSqlite);
  });

  it("looking among the newest posts first changes no page, on either database", async () => {
    let pages = 0;
    for (const fq of FILTERS)
      for (const q of ["Clusterwoche", "Wasserstoff", "Hannover", "nichtda"]) {
        const f = filters(fq);
        for (const db of [w.sqlite.db, w.pg]) {
          const full = await everyMatch(db, f, q, 40, Number.MAX_SAFE_INTEGER);
          expect(await everyMatch(db, f, q, 40, 300), `${q} ${JSON.stringify(fq)}`).toEqual(full);
          pages += full.length;
        }
      }
    expect(pages).toBeGreaterThan(500);
  });

  it("refuses a search without a word on both", async () => {
    for (const db of [w.sqlite.db, w.pg])
      await expect(countPosts(db, filters(), { q: "!!! ---", sentiment: null })).rejects.toMatchObject({
        param: "q",
      });
  });
});

/** Every post a search lists, page by page (newest first), by uid. */
async function everyMatch(
  db: DB,
  f: Filters,
  q: string,
  limit = 200,
  recentSpan?: number,
): Promise<string[]> {
  const out: string[] = [];
  let cursor: { createdAt: string; id: number } | null = null;
  for (;;) {
    const page = await listPosts(
      db,
      f,
      { q, sentiment: null, limit, cursor },
      recentSpan === undefined ? {} : { recentSpan },
    );
    out.push(...page.items.map((i) => i.uid));
    if (!page.nextCursor) return out;
    cursor = decodeCursor(page.nextCursor);
  }
}
