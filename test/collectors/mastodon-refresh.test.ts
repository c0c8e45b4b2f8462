import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { abortableSleep, createHttpClient } from "../../collectors/http.ts";
import { createMastodonCollector } from "../../collectors/mastodon/index.ts";
import { createMastodonRefresher, statusIdOf } from "../../collectors/mastodon/refresh.ts";
import { createTestDb, type TestDb } from "../helpers/db.ts";
import { type FakeInstance, startFakeMastodon } from "../helpers/fake-mastodon.ts";

const log = pino({ level: "silent" });

describe("count refresh at the origin instance", () => {
  let origin: FakeInstance;
  let other: FakeInstance;
  let t: TestDb;
  let clock: Date;

  beforeEach(async () => {
    [origin, other] = await Promise.all([startFakeMastodon(), startFakeMastodon()]);
    clock = new Date("2017-04-21T12:00:00Z");
    t = await createTestDb(() => clock);
    for (let i = 0; i < 3; i++) {
      const id = String(500 + i);
      const s = {
        id,
        uri: `${origin.url}users/u${i}/statuses/${id}`,
        created_at: `2017-04-21T0${i}:00:00.000Z`,
        content: `<p>Post ${i} #Clusterwoche</p>`,
        tags: ["clusterwoche"],
        acct: `u${i}`,
        followers: 10,
        favourites: 1,
      };
      origin.statuses.push(s);
      // Seen first on the other instance, with its own id and fewer likes.
      other.statuses.push({ ...s, id: String(900 + i), acct: `u${i}@${origin.host}`, favourites: 0 });
    }
  });
  afterEach(async () => {
    await Promise.all([origin.close(), other.close(), t.database.close()]);
  });

  const http = () =>
    createHttpClient(
      { timeoutMs: 5000, maxRetries: 0, maxRateLimitWaitMs: 0, backoffBaseMs: 5, userAgent: "t" },
      { fetch, sleep: abortableSleep, random: Math.random, now: Date.now },
    );
  const refresher = () =>
    createMastodonRefresher(
      {
        createdFrom: "2017-04-13T22:00:00.000Z",
        createdTo: "2017-05-12T22:00:00.000Z",
        minIntervalMinutes: 60,
        maxPerRun: 100,
      },
      { http: http(), store: t.store, log, now: () => clock },
    );
  /** A timeline collection on the other instance, where the posts are copies. */
  const collectFromOther = () =>
    createMastodonCollector(
      {
        instances: [other.url],
        hashtags: [{ tag: "clusterwoche", variants: [] }],
        backfillUntil: "2017-04-13T22:00:00.000Z",
        maxPagesPerRun: 10,
      },
      { http: http(), store: t.store, log },
    ).run(new AbortController().signal);
  const rows = async () =>
    (
      await t.database.db
        .selectFrom("posts")
        .select(["uid", "likes", "counts_from", "deleted_at", "text"])
        .execute()
    ).sort((a, b) => (a.uid < b.uid ? -1 : 1));

  it("asks each post's origin for its counts, marks posts deleted there, and waits its interval", async () => {
    await collectFromOther();
    expect((await rows()).map((r) => [r.likes, r.counts_from])).toEqual([
      [0, "remote"],
      [0, "remote"],
      [0, "remote"],
    ]);

    // Too early: nothing is due yet.
    expect(await refresher().run(new AbortController().signal)).toMatchObject({ fetched: 0, updated: 0 });

    clock = new Date("2017-04-21T14:00:00Z");
    origin.statuses[0] = { ...(origin.statuses[0] as (typeof origin.statuses)[0]), favourites: 7 };
    origin.statuses.splice(2, 1); // the author deleted post 2
    const r = await refresher().run(new AbortController().signal);
    expect(r).toMatchObject({ source: "mastodon-refresh", failed: 0, error: null });
    const after = await rows();
    expect(after.map((x) => [x.likes, x.counts_from, x.deleted_at !== null])).toEqual([
      [7, "origin", false],
      [1, "origin", false],
      [0, "remote", true],
    ]);
    expect(after[2]?.text).toBe("");
    const statusCalls = origin.requests
      .filter((q) => q.path.startsWith("/api/v1/statuses/"))
      .map((q) => q.path);
    expect(statusCalls.sort()).toEqual([
      "/api/v1/statuses/500",
      "/api/v1/statuses/501",
      "/api/v1/statuses/502",
    ]);

    // Refreshed just now: the next run has nothing to do; a deleted post is never asked again.
    const before = origin.requests.length;
    await refresher().run(new AbortController().signal);
    expect(origin.requests.length).toBe(before);
    clock = new Date("2017-04-21T16:00:00Z");
    await refresher().run(new AbortController().signal);
    expect(
      origin.requests
        .slice(before)
        .map((q) => q.path)
        .sort(),
    ).toEqual(["/api/v1/statuses/500", "/api/v1/statuses/501"]);

    // A stale copy does not bring the deleted post back.
    await collectFromOther();
    expect((await rows())[2]).toMatchObject({ text: "" });
  });

  it("does not take a server that answers 404 for everything as three deletions", async () => {
    await collectFromOther();
    clock = new Date("2017-04-21T14:00:00Z");
    origin.statuses = []; // the instance is gone; its address now answers 404 everywhere
    const r = await refresher().run(new AbortController().signal);
    expect(r).toMatchObject({
      failed: 1,
      error: expect.stringContaining("answers 404 for all 3 posts asked"),
    });
    expect((await rows()).every((x) => x.deleted_at === null)).toBe(true);
  });

  it.each([
    ["mastodon:https://social.bund.de/users/bmwk/statuses/110", "110"],
    ["mastodon:https://misskey.example/notes/9abc", null],
    ["mastodon:https://bsky.brid.gy/convert/ap/at://did:plc:x/app.bsky.feed.post/3l", null],
  ])("statusIdOf(%s) = %s", (uid, id) => {
    expect(statusIdOf(uid)).toBe(id);
  });
});
