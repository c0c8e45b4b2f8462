import { sql } from "kysely";
import { expect, it } from "vitest";
import { describePg, usePgDatabase } from "../helpers/postgres.ts";

/** The definition the trigger-kept table must match (as test/data/source-coverage.test.ts, on PostgreSQL). */
const RAW = sql`SELECT ps.source, ps.target, count(DISTINCT ps.post_id)::int AS posts,
    min(p.created_at) AS first_created_at, max(p.created_at) AS last_created_at
  FROM post_sources ps JOIN posts p ON p.id = ps.post_id
  WHERE p.deleted_at IS NULL GROUP BY ps.source, ps.target ORDER BY 1, 2`;
const KEPT = sql`SELECT source, target, posts, first_created_at, last_created_at
  FROM rollup_sources WHERE posts > 0 ORDER BY 1, 2`;

describePg("what each collector target has seen, kept by PostgreSQL triggers", () => {
  const t = usePgDatabase();

  it("stays equal to the count from the sightings through sightings, deletions and removals", async () => {
    const { db } = t.opened;
    const check = async (when: string) =>
      expect([when, (await KEPT.execute(db)).rows]).toEqual([when, (await RAW.execute(db)).rows]);
    const now = "2017-04-30T00:00:00.000Z";
    const author = await db
      .insertInto("authors")
      .values({
        platform: "mastodon",
        handle: "@a@x",
        followers_first: 1,
        followers_latest: 1,
        first_seen_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const ids: number[] = [];
    for (let i = 0; i < 8; i++) {
      const row = await db
        .insertInto("posts")
        .values({
          uid: `mastodon:${i}`,
          platform: "mastodon",
          author_id: author.id,
          created_at: `2017-04-2${i}T10:00:00.000Z`,
          text: "#Clusterwoche",
          sentiment_score: 0,
          sentiment_label: "neutral",
          likes: 0,
          reposts: 0,
          replies: 0,
          quotes: 0,
          counts_from: "origin",
          author_followers_at_collection: 1,
          first_seen_at: now,
          refreshed_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      ids.push(row.id);
    }
    const see = (postId: number, target: string, remote: string) =>
      db
        .insertInto("post_sources")
        .values({ post_id: postId, source: "mastodon", target, remote_id: remote, seen_at: now })
        .execute();
    for (const [i, id] of ids.entries()) await see(id, "x", `r${i}`);
    for (const [i, id] of ids.slice(0, 4).entries()) await see(id, "y", `r${i}`);
    await see(ids[0] as number, "y", "again"); // a second sighting of the same post by the same target
    await check("sightings");
    await db
      .updateTable("posts")
      .set({ deleted_at: now })
      .where("id", "in", [ids[0] as number, ids[7] as number])
      .execute();
    await check("deleted at the source");
    await db
      .deleteFrom("post_sources")
      .where("post_id", "=", ids[1] as number)
      .where("target", "=", "y")
      .execute();
    await check("a sighting removed");
    await db
      .deleteFrom("posts")
      .where("id", "=", ids[6] as number)
      .execute(); // the cascade takes its sightings
    await check("a post removed");
    await db
      .deleteFrom("posts")
      .where("id", "=", ids[7] as number)
      .execute(); // already deleted at the source
    await check("a deleted post removed");
    expect((await KEPT.execute(db)).rows.length).toBe(2);
  });
});
