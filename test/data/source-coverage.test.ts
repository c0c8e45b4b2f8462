import { describe, expect, it } from "vitest";
import { eraseAuthor } from "../../data/privacy/erasure.ts";
import { runRetention } from "../../data/privacy/retention.ts";
import { CAMPAIGNS, createTestDb, makePost, testRollups } from "../helpers/db.ts";

/** The definition the trigger-kept table must match: counted from the sightings themselves. */
const RAW = `SELECT ps.source, ps.target, count(DISTINCT ps.post_id) AS posts,
    min(p.created_at) AS first_created_at, max(p.created_at) AS last_created_at
  FROM post_sources ps JOIN posts p ON p.id = ps.post_id
  WHERE p.deleted_at IS NULL GROUP BY ps.source, ps.target ORDER BY 1, 2`;
const KEPT = `SELECT source, target, posts, first_created_at, last_created_at
  FROM rollup_sources WHERE posts > 0 ORDER BY 1, 2`;

describe("what each collector target has seen (rollup_sources)", () => {
  it("stays equal to the count from the sightings through ingest, deletion, erasure, retention and removal", async () => {
    const now = new Date("2017-06-30T12:00:00Z");
    const { database, store } = await createTestDb(() => now);
    const s = database.sqlite;
    const check = (when: string) =>
      expect([when, s.prepare(KEPT).all()]).toEqual([when, s.prepare(RAW).all()]);

    const day = (d: number, h = 10) =>
      `2017-04-${String(d).padStart(2, "0")}T${String(h).padStart(2, "0")}:00:00.000Z`;
    const a = Array.from({ length: 12 }, (_, i) =>
      makePost({
        createdAt: day(18 + (i % 10), i),
        author: { handle: `@a${i % 3}@x.example`, name: null, url: null, followers: 10 },
      }),
    );
    store.ingestBatch({ source: "mastodon", target: "https://x.example", posts: a });
    check("first sightings");
    // The same posts seen by a second target, some twice under other remote ids (a refetch).
    store.ingestBatch({ source: "mastodon", target: "https://y.example", posts: a.slice(0, 6) });
    store.ingestBatch({
      source: "mastodon",
      target: "https://y.example",
      posts: a.slice(0, 3).map((p) => ({ ...p, remoteId: `${p.remoteId}9` })),
    });
    check("second target and duplicate sightings");
    // Deleted at the source: the earliest and the latest post of the first target among them.
    store.markDeleted([a[0]?.uid as string, a[9]?.uid as string, a[4]?.uid as string]);
    check("deleted at the source");
    // An author erased (GDPR Art. 17): all their posts and sightings go.
    await eraseAuthor(
      {
        sqlite: s,
        rollups: testRollups(database),
        campaigns: CAMPAIGNS.campaigns,
        secret: "s",
        now: () => now,
      },
      { platform: "mastodon", handle: "@a1@x.example" },
    );
    check("erasure");
    // Retention purges rows deleted at the source long ago.
    await runRetention(
      {
        sqlite: s,
        rollups: testRollups(database),
        campaigns: CAMPAIGNS.campaigns,
        secret: "s",
        now: () => new Date("2018-01-01T00:00:00Z"),
      },
      { deletedAtSourceDays: 30 },
    );
    check("retention purge");
    // A row removed directly: the cascade takes its sightings.
    const last = s
      .prepare("SELECT id FROM posts WHERE deleted_at IS NULL ORDER BY created_at DESC LIMIT 1")
      .get() as { id: number };
    s.prepare("DELETE FROM post_hashtags WHERE post_id = ?").run(last.id);
    s.prepare("DELETE FROM post_clusters WHERE post_id = ?").run(last.id);
    s.prepare("DELETE FROM post_events WHERE post_id = ?").run(last.id);
    s.prepare("DELETE FROM posts WHERE id = ?").run(last.id);
    check("removed with a cascade");
    expect((s.prepare(RAW).all() as unknown[]).length).toBeGreaterThan(0);
    await database.close();
  });
});
