import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type OpenedDatabase, openDatabase } from "../../data/db.ts";
import { parseFilters } from "../../data/filters.ts";
import { rollupTarget } from "../../data/queries/rollup-scope.ts";
import { getSummary, getSummaryFromPosts } from "../../data/queries/summary.ts";
import { CAMPAIGNS } from "../helpers/db.ts";
import { exited, startScript, waitForLine } from "./child.ts";
import { SOURCE, TARGET, TOTAL, uidOf } from "./source.ts";

const KILLS = 20;

/** The stored state that must not depend on how often the writer was killed. */
function snapshot(db: OpenedDatabase) {
  const s = db.sqlite;
  return {
    posts: s
      .prepare(
        `SELECT p.uid, p.platform, p.created_at, p.likes, p.reposts, p.replies, p.sentiment_label,
           p.author_followers_at_collection, p.deleted_at IS NOT NULL AS deleted, a.handle,
           (SELECT group_concat(tag) FROM post_hashtags h WHERE h.post_id = p.id) AS tags
         FROM posts p JOIN authors a ON a.id = p.author_id ORDER BY p.uid`,
      )
      .all(),
    hours: s
      .prepare(
        `SELECT family, scope, hour, platform, lang, posts, potential_reach, engagement, positive, neutral,
           negative, round(sentiment_sum, 9) AS sentiment FROM rollup_hours
         WHERE posts <> 0 ORDER BY family, scope, hour, platform, lang`,
      )
      .all(),
    authors: s
      .prepare(
        `SELECT r.family, r.scope, r.day, r.platform, r.lang, a.handle, r.posts, r.max_followers
         FROM rollup_authors r JOIN authors a ON a.id = r.author_id WHERE r.posts <> 0
         ORDER BY r.family, r.scope, r.day, r.platform, r.lang, a.handle`,
      )
      .all(),
    tags: s
      .prepare(
        `SELECT family, scope, day, platform, lang, tag, posts FROM rollup_tags WHERE posts <> 0
         ORDER BY family, scope, day, platform, lang, tag`,
      )
      .all(),
  };
}

async function expectRollupsEqualRaw(db: OpenedDatabase): Promise<void> {
  for (const q of [{}, { platform: "rss" }, { lang: "de" }, { from: "2017-04-22", to: "2017-04-23" }]) {
    const f = parseFilters(q, CAMPAIGNS);
    // Not vacuous: the rollups are complete, so getSummary reads them.
    expect(await rollupTarget(db.db, f)).not.toBeNull();
    expect(await getSummary(db.db, f), JSON.stringify(q)).toEqual(await getSummaryFromPosts(db.db, f));
  }
}

describe("kill -9 during ingest", () => {
  let dir: string;
  let reference: ReturnType<typeof snapshot>;
  /** How long one uninterrupted run takes from "ready" to "done": the kill window is a fraction of it. */
  let runMs = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "resonanz-kill9-"));
    const path = join(dir, "reference.sqlite");
    const child = startScript("ingest-child.ts", [path]);
    await waitForLine(child, "ready");
    const t0 = Date.now();
    await waitForLine(child, "done");
    runMs = Date.now() - t0;
    expect(await exited(child)).toEqual({ code: 0, signal: null });
    const db = await openDatabase(path);
    reference = snapshot(db);
    await db.close();
  }, 60_000);

  it(`${KILLS} SIGKILLs at random moments lose nothing, duplicate nothing and keep the rollups exact`, async () => {
    expect(reference.posts).toHaveLength(TOTAL);
    const path = join(dir, "killed.sqlite");
    // Kills land anywhere in the first ~twentieth of what is left, so the 20 of them
    // fall across the whole run instead of all before the first batch.
    const windowMs = Math.max(50, runMs / 15);
    let midRun = 0;
    const cursors: number[] = [];
    for (let k = 0; k < KILLS; k++) {
      const child = startScript("ingest-child.ts", [path]);
      const finished = waitForLine(child, "done").then(
        () => true,
        () => false,
      );
      await waitForLine(child, "ready");
      await new Promise((r) => setTimeout(r, Math.random() * windowMs));
      child.kill("SIGKILL");
      const exit = await exited(child);
      if (exit.signal === "SIGKILL" && !(await finished)) midRun++;

      // After every kill: the file is intact, and the cursor never runs ahead of the
      // posts (batch and cursor commit together): exactly the first `cursor` posts are stored.
      const db = await openDatabase(path);
      try {
        expect(db.sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
        const cursor = Number(
          db.sqlite
            .prepare<[string, string], { cursor: string }>(
              "SELECT cursor FROM source_cursors WHERE source = ? AND target = ?",
            )
            .get(SOURCE, TARGET)?.cursor ?? 0,
        );
        const stored = db.sqlite
          .prepare<[string], { n: number; u: number; below: number }>(
            "SELECT count(*) n, count(DISTINCT uid) u, sum(uid < ?) below FROM posts",
          )
          .get(uidOf(cursor));
        expect(stored?.n).toBe(cursor);
        expect(stored?.u).toBe(cursor);
        expect(stored?.below ?? 0).toBe(cursor);
        await expectRollupsEqualRaw(db);
        cursors.push(cursor);
      } finally {
        await db.close();
      }
    }
    // The kills were real: most hit a running ingest, and it made progress in between.
    expect(midRun).toBeGreaterThanOrEqual(KILLS / 2);
    expect(new Set(cursors).size).toBeGreaterThan(1);

    // A final uninterrupted run completes the set from where storage stands.
    const last = startScript("ingest-child.ts", [path]);
    await waitForLine(last, "done");
    expect(await exited(last)).toEqual({ code: 0, signal: null });
    const db = await openDatabase(path);
    try {
      expect(db.sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
      // Same posts, counts, deletions and rollups as the run that was never killed.
      expect(snapshot(db)).toEqual(reference);
      await expectRollupsEqualRaw(db);
    } finally {
      await db.close();
    }
    console.log(`kill -9: ${midRun}/${KILLS} kills hit a running ingest; cursors ${cursors.join(" ")}`);
  }, 150_000);
});
