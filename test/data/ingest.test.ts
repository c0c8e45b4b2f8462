import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { createTestDb, makePost } from "../helpers/db.ts";

describe("ingest", () => {
  it("is idempotent: re-ingesting updates counts and text, never adds rows", async () => {
    const { database, store } = await createTestDb();
    const post = makePost({ counts: { likes: 1, reposts: 0, replies: 0, quotes: 0 } });
    expect(store.ingestBatch({ source: "s", target: "t", posts: [post] })).toEqual({
      inserted: 1,
      updated: 0,
      unchanged: 0,
    });
    expect(store.ingestBatch({ source: "s", target: "t", posts: [post] })).toEqual({
      inserted: 0,
      updated: 0,
      unchanged: 1,
    });
    const edited = {
      ...post,
      text: "Bearbeitet: #Clusterwoche #Innovation",
      hashtags: ["clusterwoche", "innovation"],
      counts: { ...post.counts, likes: 7 },
    };
    expect(store.ingestBatch({ source: "s", target: "t", posts: [edited] })).toEqual({
      inserted: 0,
      updated: 1,
      unchanged: 0,
    });
    const rows = await database.db.selectFrom("posts").select(["text", "likes"]).execute();
    expect(rows).toEqual([{ text: edited.text, likes: 7 }]);
    const tags = await database.db.selectFrom("post_hashtags").select("tag").orderBy("tag").execute();
    expect(tags.map((t) => t.tag)).toEqual(["clusterwoche", "innovation"]);
    // The full-text index follows the edit.
    const hit = await sql`select rowid from posts_fts where posts_fts match ${"Bearbeitet"}`.execute(
      database.db,
    );
    expect(hit.rows).toHaveLength(1);
  });

  it("takes an edit from the origin; a stale remote copy does not undo it", async () => {
    const { database, store } = await createTestDb();
    const post = makePost({ text: "Original #Clusterwoche", countsFromOrigin: true });
    store.ingestBatch({ source: "s", target: "origin", posts: [post] });
    store.ingestBatch({
      source: "s",
      target: "origin",
      posts: [{ ...post, text: "Bearbeitet #Clusterwoche" }],
    });
    const stale = { ...post, remoteId: "copy", countsFromOrigin: false, text: "Original #Clusterwoche" };
    store.ingestBatch({ source: "s", target: "remote", posts: [stale] });
    const row = await database.db.selectFrom("posts").select("text").executeTakeFirstOrThrow();
    expect(row.text).toBe("Bearbeitet #Clusterwoche");
  });

  it("freezes the follower count at first collection", async () => {
    const { database, store } = await createTestDb();
    const post = makePost({ author: { handle: "@a@x", name: "A", url: null, followers: 100 } });
    store.ingestBatch({ source: "s", target: "t", posts: [post] });
    store.ingestBatch({
      source: "s",
      target: "t",
      posts: [{ ...post, author: { ...post.author, followers: 5000 } }],
    });
    const p = await database.db
      .selectFrom("posts")
      .select("author_followers_at_collection")
      .executeTakeFirstOrThrow();
    const a = await database.db
      .selectFrom("authors")
      .select(["followers_first", "followers_latest"])
      .executeTakeFirstOrThrow();
    expect(p.author_followers_at_collection).toBe(100);
    expect(a).toEqual({ followers_first: 100, followers_latest: 5000 });
  });

  it("takes the first known follower count when the first sighting did not know it", async () => {
    const { database, store } = await createTestDb();
    const post = makePost({ author: { handle: "@b@x", name: "B", url: null, followers: 0 } });
    store.ingestBatch({ source: "s", target: "t", posts: [post] });
    store.ingestBatch({
      source: "s",
      target: "t",
      posts: [{ ...post, author: { ...post.author, followers: 250 } }],
    });
    store.ingestBatch({
      source: "s",
      target: "t",
      posts: [{ ...post, author: { ...post.author, followers: 900 } }],
    });
    const p = await database.db
      .selectFrom("posts")
      .select("author_followers_at_collection")
      .executeTakeFirstOrThrow();
    expect(p.author_followers_at_collection).toBe(250);
  });

  it("moves the cursor only together with a committed batch", async () => {
    const { database, store } = await createTestDb();
    store.ingestBatch({ source: "s", target: "t", posts: [makePost()], cursor: "1" });
    expect(store.getCursor("s", "t")).toBe("1");
    // A batch that fails half-way (a post whose author handle is null violates NOT NULL) stores nothing.
    const bad = makePost({
      author: { handle: null as unknown as string, name: null, url: null, followers: 0 },
    });
    expect(() =>
      store.ingestBatch({ source: "s", target: "t", posts: [makePost(), bad], cursor: "2" }),
    ).toThrow();
    expect(store.getCursor("s", "t")).toBe("1");
    const n = await database.db
      .selectFrom("posts")
      .select((e) => e.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(n.n).toBe(1);
  });

  it.each([
    [
      "origin counts replace remote ones",
      { from: "remote", likes: 9 },
      { origin: true, likes: 2 },
      { likes: 2, counts_from: "origin" },
    ],
    [
      "remote counts never overwrite origin ones",
      { from: "origin", likes: 2 },
      { origin: false, likes: 9 },
      { likes: 2, counts_from: "origin" },
    ],
    [
      "without an origin the larger copy wins",
      { from: "remote", likes: 3 },
      { origin: false, likes: 5 },
      { likes: 5, counts_from: "remote" },
    ],
    [
      "without an origin a smaller copy changes nothing",
      { from: "remote", likes: 5 },
      { origin: false, likes: 3 },
      { likes: 5, counts_from: "remote" },
    ],
  ])("%s", async (_name, first, second, expected) => {
    const { database, store } = await createTestDb();
    const post = makePost({
      countsFromOrigin: first.from === "origin",
      counts: { likes: first.likes, reposts: 0, replies: 0, quotes: 0 },
    });
    store.ingestBatch({ source: "s", target: "a", posts: [post] });
    store.ingestBatch({
      source: "s",
      target: "b",
      posts: [
        {
          ...post,
          remoteId: "other",
          countsFromOrigin: second.origin,
          counts: { likes: second.likes, reposts: 0, replies: 0, quotes: 0 },
        },
      ],
    });
    expect(
      await database.db.selectFrom("posts").select(["likes", "counts_from"]).executeTakeFirstOrThrow(),
    ).toEqual(expected);
  });

  it("records runs with their totals", async () => {
    const { database, store } = await createTestDb();
    const id = store.startRun("mastodon", "social.bund.de#clusterwoche");
    store.progressRun(id, { fetched: 1, inserted: 1, updated: 0, rateLimitWaitMs: 0 });
    const running = await database.db.selectFrom("collector_runs").selectAll().executeTakeFirstOrThrow();
    expect(running).toMatchObject({ status: "running", fetched: 1, inserted: 1 });
    store.finishRun(id, "failed", { fetched: 3, inserted: 2, updated: 1, rateLimitWaitMs: 1500.4 }, "boom");
    const run = await database.db.selectFrom("collector_runs").selectAll().executeTakeFirstOrThrow();
    expect(run).toMatchObject({
      status: "failed",
      fetched: 3,
      inserted: 2,
      updated: 1,
      rate_limit_wait_ms: 1500,
      error: "boom",
    });
    expect(run.finished_at).not.toBeNull();
    // A late progress report does not overwrite a finished run.
    store.progressRun(id, { fetched: 99, inserted: 99, updated: 99, rateLimitWaitMs: 0 });
    expect(
      await database.db.selectFrom("collector_runs").select("fetched").executeTakeFirstOrThrow(),
    ).toEqual({ fetched: 3 });
  });
});
