import { describe, expect, it } from "vitest";
import type { NormalizedPost } from "../../collectors/types.ts";
import { parseFilters } from "../../data/filters.ts";
import { getTopAuthors } from "../../data/queries/insights.ts";
import { CAMPAIGNS, createTestDb, makePost, seed } from "../helpers/db.ts";

/** `n` posts by one author, stored in one go (authors get their ids in the order first stored). */
function by(
  handle: string,
  n: number,
  followers: number,
  extra: Partial<NormalizedPost> = {},
): NormalizedPost[] {
  return Array.from({ length: n }, () =>
    makePost({ author: { handle, name: handle, url: null, followers }, ...extra }),
  );
}

interface Case {
  name: string;
  posts: NormalizedPost[][];
  /** Posts deleted at the source afterwards: index into `posts`, then into its list. */
  deleted?: [number, number][];
  query?: Record<string, string>;
  limit: number;
  want: string[];
}

// The campaign rows' top-authors index holds authors with two posts or more (migration 0013).
const cases: Case[] = [
  {
    // Ties are ordered by handle in the end, but by author id in the index: @d, @c, @b.
    name: "ties at the last place beyond the first rows of the index",
    posts: [by("@d", 2, 50), by("@c", 2, 50), by("@b", 2, 50), by("@a", 3, 10), by("@e", 1, 1000)],
    limit: 3,
    want: ["@a", "@b", "@c"],
  },
  {
    name: "fewer repeat posters than asked: single-post authors by followers",
    posts: [by("@a", 2, 10), by("@d", 1, 100), by("@b", 1, 500), by("@c", 1, 300)],
    limit: 3,
    want: ["@a", "@b", "@c"],
  },
  {
    name: "an author back to one post after a deletion",
    posts: [by("@a", 2, 10), by("@b", 1, 20)],
    deleted: [[0, 0]],
    limit: 2,
    want: ["@b", "@a"],
  },
  {
    name: "one platform",
    posts: [
      by("@m", 4, 10),
      by("@b", 3, 10, { platform: "bluesky" }),
      by("@c", 1, 900, { platform: "bluesky" }),
      by("@x", 1, 5, { platform: "bluesky" }),
    ],
    query: { platform: "bluesky" },
    limit: 2,
    want: ["@b", "@c"],
  },
  {
    name: "one language",
    posts: [by("@de", 5, 10), by("@en", 2, 10, { lang: "en" }), by("@en2", 1, 70, { lang: "en" })],
    query: { lang: "en" },
    limit: 5,
    want: ["@en", "@en2"],
  },
];

describe("the most active authors of a whole campaign (campaign rows)", () => {
  it.each(cases)("$name", async (c) => {
    const { database, store } = await createTestDb();
    try {
      for (const list of c.posts) seed(store, list);
      for (const [i, j] of c.deleted ?? []) {
        const post = c.posts[i]?.[j];
        if (post) store.markDeleted([post.uid]);
      }
      const f = parseFilters(c.query ?? {}, CAMPAIGNS);
      const top = await getTopAuthors(database.db, f, c.limit);
      expect(top.map((a) => a.handle)).toEqual(c.want);
      // The same as counted from the posts themselves.
      expect(top).toEqual(await getTopAuthors(database.db, f, c.limit, true));
    } finally {
      await database.close();
    }
  });

  it("reads them from an index that leaves out single-post authors", async () => {
    const { database } = await createTestDb();
    try {
      const indexes = database.sqlite.pragma("index_list(rollup_campaign_authors)") as {
        name: string;
        partial: number;
      }[];
      expect(indexes.find((i) => i.name === "rollup_campaign_authors_top")?.partial).toBe(1);
      const { sql } = database.sqlite
        .prepare("SELECT sql FROM sqlite_master WHERE name = 'rollup_campaign_authors_top'")
        .get() as { sql: string };
      expect(sql).toMatch(/WHERE posts > 1$/);
    } finally {
      await database.close();
    }
  });
});
