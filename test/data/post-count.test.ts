import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countPosts } from "../../data/queries/post-count.ts";
import { listPosts, parsePostQuery } from "../../data/queries/posts.ts";
import { createWorld, type World } from "../dashboard/posts-world.ts";

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.close();
});

describe("countPosts", () => {
  it.each([
    [{}, {}],
    [{ q: "wasserstoff" }, {}],
    [{ q: "Wasserstoff OWL" }, {}],
    [{ q: "clusterwoche" }, {}],
    [{ q: "nichtda" }, {}],
    [{ sentiment: "positive" }, {}],
    [{ sentiment: "neutral" }, { cluster: "biorn" }],
    [
      { q: "clusterwoche", sentiment: "neutral" },
      { from: "2017-04-22", to: "2017-04-23" },
    ],
    [{}, { campaign: "clusterwoche-2019" }],
    [{ q: "wasserstoff" }, { campaign: "clusterwoche-2019" }],
  ])("search %j with filters %j counts what listPosts lists", async (search, filterQuery) => {
    const f = w.filters(filterQuery);
    const listed = await listPosts(w.database.db, f, parsePostQuery({ ...search, limit: "200" }));
    expect(listed.nextCursor).toBeNull();
    const count = await countPosts(w.database.db, f, parsePostQuery(search));
    expect(count).toEqual({ n: listed.items.length, capped: false });
  });

  it("stops counting at the cap and says there are more", async () => {
    const f = w.filters();
    expect(await countPosts(w.database.db, f, { q: "clusterwoche", sentiment: null }, 5)).toEqual({
      n: 5,
      capped: true,
    });
    expect(await countPosts(w.database.db, f, { q: "wasserstoff", sentiment: null }, 2)).toEqual({
      n: 2,
      capped: false,
    });
  });

  it("refuses a search without a word, as listPosts does", async () => {
    await expect(countPosts(w.database.db, w.filters(), { q: "!!!", sentiment: null })).rejects.toMatchObject(
      {
        param: "q",
      },
    );
  });
});
