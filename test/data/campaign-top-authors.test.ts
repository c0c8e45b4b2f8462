import { describe, expect, it } from "vitest";
import type { NormalizedPost } from "../../collectors/types.ts";
import { parseFilters } from "../../data/filters.ts";
import { TOP_INDEX_MIN_POSTS } from "../../data/queries/campaign-totals.ts";
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

// The campaign rows' top-authors index holds authors with five posts or more (migration 0013); the
// cases run both ways: from the index, and from the table when fewer than asked posted that often.
const cases: Case[] = [
  {
    // Ties are ordered by handle in the end, but by author id in the index: @d, @c, @b.
    name: "ties at the last place beyond the first rows of the index",
    posts: [by("@d", 5, 50), by("@c", 5, 50), by("@b", 5, 50), by("@a", 6, 10), by("@e", 1, 1000)],
    limit: 3,
    want: ["@a", "@b", "@c"],
  },
  {
    name: "fewer frequent posters than asked: the others by posts, then followers",
    posts: [by("@a", 5, 10), by("@e", 2, 1), by("@d", 1, 100), by("@b", 1, 500), by("@c", 1, 300)],
    limit: 3,
    want: ["@a", "@e", "@b"],
  },
  {
    name: "ties at the last place when ranked from the table",
    posts: [by("@c", 1, 50), by("@b", 1, 50), by("@a", 2, 10), by("@d", 1, 40)],
    limit: 2,
    want: ["@a", "@b"],
  },
  {
    name: "an author below the index's threshold after a deletion",
    posts: [by("@a", 5, 10), by("@b", 5, 20), by("@c", 4, 30)],
    deleted: [[0, 0]],
    limit: 2,
    want: ["@b", "@c"],
  },
  {
    name: "one platform",
    posts: [
      by("@m", 9, 10),
      by("@b", 6, 10, { platform: "bluesky" }),
      by("@c", 5, 900, { platform: "bluesky" }),
      by("@x", 1, 5, { platform: "bluesky" }),
    ],
    query: { platform: "bluesky" },
    limit: 2,
    want: ["@b", "@c"],
  },
  {
    name: "one language",
    posts: [by("@de", 7, 10), by("@en", 5, 10, { lang: "en" }), by("@en2", 1, 70, { lang: "en" })],
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

  it("reads them from an index that leaves out authors with fewer posts", async () => {
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
      expect(sql).toMatch(new RegExp(`WHERE posts > ${TOP_INDEX_MIN_POSTS - 1}$`));
    } finally {
      await database.close();
    }
  });
});
