import type { NormalizedPost, RunTotals, SyncCollectorStore } from "../../collectors/types.ts";
import { createTestDb, makePost, type TestDb } from "../helpers/db.ts";

/**
 * A small collection history on 20 April 2017 (UTC times; Berlin is UTC+2),
 * recorded through the real store with a controlled clock, so every coverage
 * number can be worked out by hand. Shared by the query, API and page tests.
 */
export const WORLD_NOW = new Date("2017-04-20T20:00:00.000Z");

export const HOSTILE_ERROR =
  '<script>alert("x")</script><img src=x onerror=alert(1)> HTTP 500 from https://evil.example/';
export const AUTH_ERROR = "HTTP 401 from https://closed.example/api/v1/timelines/tag/clusterwoche";

export interface CoverageWorld {
  t: TestDb;
  /** Posts by target, as ingested. */
  posts: Record<string, NormalizedPost[]>;
}

export async function coverageWorld(): Promise<CoverageWorld> {
  let clock = new Date(0);
  const t = await createTestDb(() => clock);
  const s = t.store;
  const set = (iso: string) => {
    clock = new Date(iso);
  };
  const totals = (fetched: number, inserted: number, rateLimitWaitMs = 0, updated = 0): RunTotals => ({
    fetched,
    inserted,
    updated,
    rateLimitWaitMs,
  });
  const run = (
    source: string,
    target: string,
    start: string,
    end: string | null,
    status: "ok" | "failed" | "aborted",
    tot: RunTotals,
    error: string | null = null,
    during?: () => void,
  ) => {
    set(start);
    const id = s.startRun(source, target);
    during?.();
    if (end === null) return;
    set(end);
    s.finishRun(id, status, tot, error);
  };
  const ingest = (store: SyncCollectorStore, source: string, target: string, posts: NormalizedPost[]) =>
    store.ingestBatch({ source, target, posts, cursor: "{}" });

  const social = [
    makePost({ createdAt: "2017-04-20T07:00:00.000Z" }),
    makePost({ createdAt: "2017-04-19T12:00:00.000Z" }),
    makePost({ createdAt: "2017-04-20T07:30:00.000Z" }),
  ];
  const socialLate = makePost({ createdAt: "2017-04-20T14:00:00.000Z" });
  const feed = [
    makePost({ platform: "rss", uid: "rss:https://feed.example/1", createdAt: "2017-04-18T09:00:00.000Z" }),
    makePost({ platform: "rss", uid: "rss:https://feed.example/2", createdAt: "2017-04-20T06:00:00.000Z" }),
  ];

  const M1 = "social.example#clusterwoche";
  // 08:00–08:01 ok (3 new), 09:00–09:02 ok (waited 1.5 s), 10:00–10:01 failed, 15:00–15:05 ok (1 new, waited 60 s).
  run("mastodon", M1, "2017-04-20T08:00:00.000Z", "2017-04-20T08:01:00.000Z", "ok", totals(10, 3), null, () =>
    ingest(s, "mastodon", M1, social),
  );
  run("mastodon", M1, "2017-04-20T09:00:00.000Z", "2017-04-20T09:02:00.000Z", "ok", totals(5, 0, 1500, 2));
  run(
    "mastodon",
    M1,
    "2017-04-20T10:00:00.000Z",
    "2017-04-20T10:01:00.000Z",
    "failed",
    totals(0, 0),
    "HTTP 503 from https://social.example/api/v1/timelines/tag/clusterwoche",
  );
  run(
    "mastodon",
    M1,
    "2017-04-20T15:00:00.000Z",
    "2017-04-20T15:05:00.000Z",
    "ok",
    totals(2, 1, 60_000),
    null,
    () => ingest(s, "mastodon", M1, [socialLate]),
  );

  // An instance that closed its public timeline: one run, 401.
  run(
    "mastodon",
    "closed.example#clusterwoche",
    "2017-04-20T08:10:00.000Z",
    "2017-04-20T08:11:00.000Z",
    "failed",
    totals(0, 0),
    AUTH_ERROR,
  );

  // A toot federated to another instance, stored there without a recorded run (e.g. an older version).
  set("2017-04-20T08:30:00.000Z");
  ingest(s, "mastodon", "mirror.example#clusterwoche", [{ ...(social[0] as NormalizedPost), remoteId: "9" }]);

  // Bluesky: a run stopped by a shutdown, then a failure whose message carries hostile text.
  run(
    "bluesky",
    "jetstream",
    "2017-04-20T11:00:00.000Z",
    "2017-04-20T11:10:00.000Z",
    "aborted",
    totals(7, 0),
    "aborted",
  );
  run(
    "bluesky",
    "jetstream",
    "2017-04-20T12:00:00.000Z",
    "2017-04-20T12:30:00.000Z",
    "failed",
    totals(4, 0),
    HOSTILE_ERROR,
  );

  // A news feed whose only run was stopped by a shutdown.
  run(
    "rss",
    "https://news.example/feed.atom",
    "2017-04-20T13:00:00.000Z",
    "2017-04-20T13:00:30.000Z",
    "aborted",
    totals(0, 0),
    "aborted",
  );

  // RSS: one success with two items, then a run still going at "now".
  const F = "https://feed.example/rss.xml";
  run("rss", F, "2017-04-20T08:20:00.000Z", "2017-04-20T08:21:00.000Z", "ok", totals(2, 2), null, () =>
    ingest(s, "rss", F, feed),
  );
  run("rss", F, "2017-04-20T19:59:00.000Z", null, "ok", totals(0, 0));

  set(WORLD_NOW.toISOString());
  return { t, posts: { [M1]: [...social, socialLate], [F]: feed } };
}
