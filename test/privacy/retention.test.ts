import { describe, expect, it } from "vitest";
import type { Campaign } from "../../data/campaign.ts";
import { parseFilters } from "../../data/filters.ts";
import { redactedHandle } from "../../data/privacy/pseudonym.ts";
import { retentionDeadline, runRetention } from "../../data/privacy/retention.ts";
import { createSqlitePrivacyStore } from "../../data/privacy/store.ts";
import { listPosts } from "../../data/queries/posts.ts";
import { buildPrivacyJobs, RETENTION_JOB } from "../../server/privacy-jobs.ts";
import { CAMPAIGNS, CW2017, CW2019 } from "../helpers/db.ts";
import {
  answers,
  count,
  expectIntact,
  expectRollupsRebuildTheSame,
  makePost,
  type PrivacyWorld,
  privacyWorld,
  rollupSnapshot,
  SECRET,
  SILENT,
} from "./privacy-world.ts";

const OTHER: Campaign = {
  id: "andere",
  name: "Andere",
  hashtags: ["Andere"],
  start: "2017-04-24",
  end: "2017-05-10",
  timezone: "Europe/Berlin",
};

describe("retentionDeadline", () => {
  // 2017 week: 20.–28.04. Berlin → ends 2017-04-28T22:00Z.
  it.each([
    ["a post in the 2017 week", "2017-04-21T10:00:00.000Z", ["clusterwoche"], 30, "2017-05-28T22:00:00.000Z"],
    ["a year-suffixed tag", "2017-04-21T10:00:00.000Z", ["clusterwoche17"], 30, "2017-05-28T22:00:00.000Z"],
    [
      "the first minute (Berlin)",
      "2017-04-19T22:00:00.000Z",
      ["clusterwoche"],
      1,
      "2017-04-29T22:00:00.000Z",
    ],
    [
      "before the week: its own time",
      "2017-04-19T21:59:00.000Z",
      ["clusterwoche"],
      1,
      "2017-04-20T21:59:00.000Z",
    ],
    [
      "after the week: its own time",
      "2017-05-03T09:00:00.000Z",
      ["clusterwoche"],
      10,
      "2017-05-13T09:00:00.000Z",
    ],
    ["the 2019 week", "2019-04-05T09:00:00.000Z", ["clusterwoche"], 30, "2019-05-11T22:00:00.000Z"],
    ["no campaign tag", "2017-04-21T10:00:00.000Z", ["anderes"], 30, "2017-05-21T10:00:00.000Z"],
    [
      "in two campaigns: the later end",
      "2017-04-25T10:00:00.000Z",
      ["clusterwoche", "andere"],
      1,
      "2017-05-11T22:00:00.000Z",
    ],
  ])("%s", (_label, createdAt, tags, days, expected) => {
    expect(retentionDeadline({ createdAt, tags }, [CW2017, CW2019, OTHER], days)).toBe(expected);
  });
});

/** 2019-04-20: the 2017 edition is long past its period, the 2019 week (ended 11.04.) is not. */
const NOW = new Date("2019-04-20T12:00:00Z");

async function run(world: PrivacyWorld, retentionDays: number | undefined, at = NOW) {
  world.clock.now = at;
  return runRetention(
    {
      sqlite: world.database.sqlite,
      rollups: world.rollups,
      campaigns: CAMPAIGNS.campaigns,
      secret: SECRET,
      now: () => at,
      log: SILENT,
      batchSize: 37,
    },
    { retentionDays },
  );
}

describe("retention", () => {
  it("empties text and identity of expired posts and keeps every aggregate", async () => {
    const world = await privacyWorld([
      makePost({
        createdAt: "2017-04-22T10:00:00.000Z",
        text: "Einzigartigeswort #Clusterwoche",
        author: { handle: "@alt@x.example", name: "Alt", url: "https://x.example/@alt", followers: 77 },
      }),
      makePost({
        createdAt: "2019-04-04T10:00:00.000Z",
        text: "Neueswort #Clusterwoche",
        author: { handle: "@neu@x.example", name: "Neu", url: null, followers: 5 },
      }),
    ]);
    const s = world.database.sqlite;
    const before = await answers(world.database);
    const rollupsBefore = rollupSnapshot(world.database);
    const followersBefore = s
      .prepare(
        "SELECT id, author_id, author_followers_at_collection, likes, lang, sentiment_score FROM posts ORDER BY id",
      )
      .all();
    const tagsBefore = s.prepare("SELECT * FROM post_hashtags ORDER BY 1, 2").all();
    const clustersBefore = s.prepare("SELECT * FROM post_clusters ORDER BY 1, 2").all();
    const sourcesBefore = count(world.database, "SELECT count(*) AS n FROM post_sources");
    const expired = count(world.database, "SELECT count(*) AS n FROM posts WHERE created_at < '2019-01-01'");

    const result = await run(world, 30);

    expect(result).toMatchObject({ status: "ok", redacted: expired, purged: 0 });
    expect(await answers(world.database)).toEqual(before);
    expect(rollupSnapshot(world.database)).toEqual(rollupsBefore);
    // The rows the aggregates are made of are all still there, unchanged.
    expect(
      s
        .prepare(
          "SELECT id, author_id, author_followers_at_collection, likes, lang, sentiment_score FROM posts ORDER BY id",
        )
        .all(),
    ).toEqual(followersBefore);
    expect(s.prepare("SELECT * FROM post_hashtags ORDER BY 1, 2").all()).toEqual(tagsBefore);
    expect(s.prepare("SELECT * FROM post_clusters ORDER BY 1, 2").all()).toEqual(clustersBefore);
    expect(count(world.database, "SELECT count(*) AS n FROM post_sources")).toBe(sourcesBefore);

    // 2017 (and just after it): text, url, uid and remote ids gone.
    const old = s
      .prepare("SELECT uid, url, text, redacted_at FROM posts WHERE created_at < '2019-01-01'")
      .all() as { uid: string; url: string | null; text: string; redacted_at: string | null }[];
    expect(old).toHaveLength(expired);
    for (const p of old) {
      expect(p.text).toBe("");
      expect(p.url).toBeNull();
      expect(p.uid).toMatch(/^entfernt:[0-9a-f]{32}$/);
      expect(p.redacted_at).toBe(NOW.toISOString());
    }
    expect(
      count(
        world.database,
        "SELECT count(*) AS n FROM post_sources ps JOIN posts p ON p.id = ps.post_id WHERE p.redacted_at IS NOT NULL AND ps.remote_id NOT LIKE 'entfernt:%'",
      ),
    ).toBe(0);
    // 2019 posts are untouched.
    expect(
      count(
        world.database,
        "SELECT count(*) AS n FROM posts WHERE created_at >= '2019-01-01' AND (text = '' OR redacted_at IS NOT NULL)",
      ),
    ).toBe(0);

    // Search: the old text is out of the index, the new one still in it.
    const f2017 = parseFilters({}, CAMPAIGNS);
    const f2019 = parseFilters({ campaign: "clusterwoche-2019" }, CAMPAIGNS);
    const search = (f: typeof f2017, q: string) =>
      listPosts(world.database.db, f, { q, sentiment: null, limit: 50, cursor: null });
    expect((await search(f2017, "Einzigartigeswort")).items).toEqual([]);
    expect((await search(f2017, "Paderborn")).items).toEqual([]);
    expect((await search(f2019, "Neueswort")).items).toHaveLength(1);

    // Authors of 2017 only: pseudonym; authors who also wrote in 2019 keep their identity (still needed).
    const author = (h: string) =>
      s
        .prepare(
          "SELECT handle, name, url, followers_first, redacted_at FROM authors WHERE handle = ? OR handle = ?",
        )
        .get(h, redactedHandle(SECRET, "mastodon", h)) as Record<string, unknown>;
    expect(author("@alt@x.example")).toEqual({
      handle: redactedHandle(SECRET, "mastodon", "@alt@x.example"),
      name: null,
      url: null,
      followers_first: 77,
      redacted_at: NOW.toISOString(),
    });
    expect(author("@neu@x.example")).toMatchObject({
      handle: "@neu@x.example",
      name: "Neu",
      redacted_at: null,
    });
    // Exactly the authors (per platform) with no unredacted post left have a pseudonym.
    const unredacted = "EXISTS (SELECT 1 FROM posts p WHERE p.author_id = a.id AND p.redacted_at IS NULL)";
    expect(
      count(
        world.database,
        `SELECT count(*) AS n FROM authors a WHERE redacted_at IS NOT NULL AND ${unredacted}`,
      ),
    ).toBe(0);
    expect(
      count(
        world.database,
        `SELECT count(*) AS n FROM authors a WHERE redacted_at IS NULL AND NOT ${unredacted}`,
      ),
    ).toBe(0);
    expect(
      count(
        world.database,
        "SELECT count(DISTINCT handle) AS n FROM authors WHERE handle IN ('@a0@x.example', '@a1@x.example', '@a2@x.example', '@a3@x.example', '@a4@x.example')",
      ),
    ).toBe(5);
    expect(
      count(
        world.database,
        "SELECT count(*) AS n FROM authors WHERE handle LIKE '@a5@%' OR handle LIKE '@a9@%'",
      ),
    ).toBe(0);
    expect(
      count(
        world.database,
        "SELECT count(*) AS n FROM authors WHERE redacted_at IS NOT NULL AND handle NOT LIKE 'entfernt-%'",
      ),
    ).toBe(0);

    // Recorded like the other background jobs.
    expect(
      s
        .prepare(
          "SELECT source, target, status, fetched, updated, error FROM collector_runs WHERE source = 'privacy'",
        )
        .all(),
    ).toEqual([
      {
        source: "privacy",
        target: "retention",
        status: "ok",
        fetched: result.examined,
        updated: expired,
        error: null,
      },
    ]);
    expectIntact(world.database);

    // A second run changes nothing; a rebuild from the redacted rows gives the same rollups.
    const again = await run(world, 30, new Date("2019-04-21T12:00:00Z"));
    expect(again).toMatchObject({ status: "ok", redacted: 0, authorsRedacted: 0 });
    expect(await answers(world.database)).toEqual(before);
    expectRollupsRebuildTheSame(world);
    expect(await answers(world.database)).toEqual(before);
    await world.database.close();
  });

  it("reaches the 2019 edition only once its period after the end is over", async () => {
    const world = await privacyWorld();
    expect((await run(world, 30, new Date("2019-05-11T21:00:00Z"))).redacted).toBeGreaterThan(0);
    // A 2019 post with the campaign hashtag waits for the end of the week plus 30 days; one without counts from its own time.
    const redacted2019 = (tagged: boolean) =>
      count(
        world.database,
        `SELECT count(*) AS n FROM posts p WHERE created_at >= '2019-01-01' AND redacted_at IS NOT NULL
           AND ${tagged ? "" : "NOT"} EXISTS (SELECT 1 FROM post_hashtags h WHERE h.post_id = p.id AND h.tag LIKE 'clusterwoche%')`,
      );
    expect(redacted2019(true)).toBe(0);
    expect(redacted2019(false)).toBeGreaterThan(0);
    await run(world, 30, new Date("2019-05-11T22:00:00Z"));
    expect(count(world.database, "SELECT count(*) AS n FROM posts WHERE redacted_at IS NULL")).toBe(0);
    expect(count(world.database, "SELECT count(*) AS n FROM authors WHERE redacted_at IS NULL")).toBe(0);
    expect(count(world.database, "SELECT count(*) AS n FROM posts WHERE text <> ''")).toBe(0);
    expectIntact(world.database);
    await world.database.close();
  });

  it("keeps text and identity without retentionDays", async () => {
    const world = await privacyWorld();
    const result = await run(world, undefined);
    expect(result).toMatchObject({ status: "ok", examined: 0, redacted: 0 });
    expect(count(world.database, "SELECT count(*) AS n FROM posts WHERE redacted_at IS NOT NULL")).toBe(0);
    await world.database.close();
  });

  it("removes rows deleted at the source entirely after 30 days, aggregates unchanged", async () => {
    const world = await privacyWorld([
      makePost({
        createdAt: "2017-04-22T10:00:00.000Z",
        text: "Gelöscht #Clusterwoche",
        author: { handle: "@weg@x.example", name: "Weg", url: null, followers: 9 },
      }),
    ]);
    const doomed = world.posts.filter((p, i) => i % 7 === 0 || p.author.handle === "@weg@x.example");
    world.clock.now = new Date("2017-05-01T00:00:00Z");
    world.store.markDeleted(doomed.map((p) => p.uid));
    const ids = doomed.map(
      (p) =>
        (world.database.sqlite.prepare("SELECT id FROM posts WHERE uid = ?").get(p.uid) as { id: number }).id,
    );
    const before = await answers(world.database);
    const rollupsBefore = rollupSnapshot(world.database);
    const total = count(world.database, "SELECT count(*) AS n FROM posts");
    const onlyDeleted = count(
      world.database,
      "SELECT count(*) AS n FROM authors a WHERE NOT EXISTS (SELECT 1 FROM posts p WHERE p.author_id = a.id AND p.deleted_at IS NULL)",
    );
    expect(onlyDeleted).toBeGreaterThanOrEqual(1);

    // 29 days after the deletion: still there.
    expect(await run(world, undefined, new Date("2017-05-30T00:00:00Z"))).toMatchObject({ purged: 0 });
    expect(count(world.database, "SELECT count(*) AS n FROM posts")).toBe(total);

    const result = await run(world, undefined, new Date("2017-05-31T00:00:01Z"));
    expect(result).toMatchObject({ status: "ok", purged: doomed.length, authorsRemoved: onlyDeleted });
    expect(count(world.database, "SELECT count(*) AS n FROM posts")).toBe(total - doomed.length);
    const idList = JSON.stringify(ids);
    for (const table of ["posts", "post_hashtags", "post_clusters", "post_events", "post_sources"]) {
      const col = table === "posts" ? "id" : "post_id";
      expect(
        count(
          world.database,
          `SELECT count(*) AS n FROM ${table} WHERE ${col} IN (SELECT value FROM json_each(?))`,
          idList,
        ),
        table,
      ).toBe(0);
    }
    expect(count(world.database, "SELECT count(*) AS n FROM authors WHERE handle = '@weg@x.example'")).toBe(
      0,
    );
    expect(await answers(world.database)).toEqual(before);
    expect(rollupSnapshot(world.database)).toEqual(rollupsBefore);
    expectIntact(world.database);
    expectRollupsRebuildTheSame(world);
    await world.database.close();
  });

  it("stops between batches when aborted and records the run as aborted", async () => {
    const world = await privacyWorld();
    const controller = new AbortController();
    controller.abort();
    const result = await runRetention(
      {
        sqlite: world.database.sqlite,
        rollups: world.rollups,
        campaigns: CAMPAIGNS.campaigns,
        secret: SECRET,
        now: () => NOW,
      },
      { retentionDays: 30 },
      controller.signal,
    );
    expect(result.status).toBe("aborted");
    expect(
      world.database.sqlite.prepare("SELECT status FROM collector_runs WHERE source = 'privacy'").get(),
    ).toEqual({ status: "aborted" });
    await world.database.close();
  });
});

describe("the retention job", () => {
  it("is one daily job with a valid schedule, running the retention", async () => {
    const world = await privacyWorld();
    const jobs = buildPrivacyJobs(
      {
        campaigns: CAMPAIGNS.campaigns,
        privacy: { retentionDays: 30, deletedAtSourceDays: 30, schedule: "30 3 * * *" },
      },
      {
        store: createSqlitePrivacyStore(world.database.sqlite, world.rollups),
        secret: SECRET,
        now: () => NOW,
        log: SILENT,
      },
    );
    expect(jobs.map((j) => [j.name, j.schedule])).toEqual([[RETENTION_JOB, "30 3 * * *"]]);
    const result = await jobs[0]?.run(new AbortController().signal);
    expect(result).toMatchObject({ status: "ok" });
    expect(
      count(world.database, "SELECT count(*) AS n FROM posts WHERE redacted_at IS NOT NULL"),
    ).toBeGreaterThan(0);
    expect(() =>
      buildPrivacyJobs(
        { campaigns: [], privacy: { deletedAtSourceDays: 30, schedule: "not cron" } },
        { store: {} as never, secret: SECRET, now: () => NOW, log: SILENT },
      ),
    ).toThrow(/invalid cron/);
    await world.database.close();
  });
});
