import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCollectorStore } from "../../collectors/ingest.ts";
import { createPostAnalyzer } from "../../data/analysis/analyze-post.ts";
import { createSentimentScorer } from "../../data/analysis/sentiment.ts";
import { openDatabase } from "../../data/db.ts";
import { parseFilters } from "../../data/filters.ts";
import { erasureLogHash } from "../../data/privacy/pseudonym.ts";
import { getSummary, getSummaryFromPosts } from "../../data/queries/summary.ts";
import { eraseCommand } from "../../server/commands/erase.ts";
import { runCli } from "../helpers/cli.ts";
import { CAMPAIGNS, makePost, testRollups } from "../helpers/db.ts";
import { SILENT } from "./privacy-world.ts";

const SECRET = "cli-secret";
const TARGET = "@ziel@social.example";
let dir: string;
let path: string;

async function snapshot() {
  const database = await openDatabase(path);
  try {
    const s = database.sqlite;
    const f = parseFilters({}, CAMPAIGNS);
    return {
      posts: (s.prepare("SELECT count(*) AS n FROM posts").get() as { n: number }).n,
      target: (s.prepare("SELECT count(*) AS n FROM authors WHERE handle = ?").get(TARGET) as { n: number })
        .n,
      log: s.prepare("SELECT * FROM erasure_log").all() as Record<string, unknown>[],
      summary: await getSummary(database.db, f),
      recount: await getSummaryFromPosts(database.db, f),
    };
  } finally {
    await database.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "resonanz-erase-"));
  path = join(dir, "db.sqlite");
  const database = await openDatabase(path);
  const store = createCollectorStore({
    database,
    now: () => new Date("2017-04-29T00:00:00Z"),
    analyze: createPostAnalyzer({ sentiment: createSentimentScorer() }),
    rollups: testRollups(database),
  });
  const author = { handle: TARGET, name: "Ziel", url: null, followers: 10 };
  store.ingestBatch({
    source: "s",
    target: "t",
    posts: [
      makePost({ createdAt: "2017-04-21T10:00:00.000Z", author }),
      makePost({ createdAt: "2017-04-22T10:00:00.000Z", author }),
      makePost({ createdAt: "2017-04-22T11:00:00.000Z" }),
      makePost({ createdAt: "2017-04-23T11:00:00.000Z" }),
    ],
  });
  await database.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run erase", () => {
  it("without --yes says what would be removed and removes nothing", async () => {
    const before = await snapshot();
    const r = await runCli(["erase", "--author", TARGET], { RESONANZ_DB: path, RESONANZ_SECRET: SECRET });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ dryRun: true, posts: 2, authors: 1, logId: null });
    expect(r.stdout).not.toContain("ziel");
    expect(r.stderr).toContain("Nichts gelöscht");
    expect(await snapshot()).toEqual(before);
  });

  it("with --yes erases, keeps the summary exact and logs a hash, not the handle", async () => {
    const r = await runCli(["erase", "--author", "ziel@social.example", "--platform", "mastodon", "--yes"], {
      RESONANZ_DB: path,
      RESONANZ_SECRET: SECRET,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ dryRun: false, posts: 2, authors: 1, platform: "mastodon" });
    const after = await snapshot();
    expect(after.posts).toBe(2);
    expect(after.target).toBe(0);
    expect(after.summary).toEqual(after.recount);
    expect(after.summary.posts).toBe(2);
    expect(after.log).toHaveLength(1);
    expect(after.log[0]).toMatchObject({
      handle_hash: erasureLogHash(SECRET, TARGET),
      trigger: "cli",
      posts: 2,
    });
    expect(JSON.stringify(after.log)).not.toContain("ziel");
  });

  // In-process (a subprocess start costs seconds): the errors a user can fix, before anything is removed.
  it.each([
    [{}, /--author/],
    [{ author: TARGET, platform: "myspace" }, /platform/],
    [{ author: TARGET, regenerate: true }, /--yes/],
    [{ author: "@" }, /handle/],
  ])("refuses %j", async (opts, message) => {
    const env = { RESONANZ_DB: path, RESONANZ_SECRET: SECRET };
    await expect(eraseCommand(opts, env, SILENT, () => {})).rejects.toThrow(message);
  });

  it("needs the secret", async () => {
    await expect(eraseCommand({ author: TARGET }, { RESONANZ_DB: path }, SILENT, () => {})).rejects.toThrow(
      /RESONANZ_SECRET/,
    );
    expect((await snapshot()).log).toHaveLength(1);
  });
});
