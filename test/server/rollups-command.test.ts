import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createCollectorStore } from "../../collectors/ingest.ts";
import { createPostAnalyzer } from "../../data/analysis/analyze-post.ts";
import { createSentimentScorer } from "../../data/analysis/sentiment.ts";
import { openDatabase } from "../../data/db.ts";
import { parseFilters } from "../../data/filters.ts";
import { getSummary, getSummaryFromPosts } from "../../data/queries/summary.ts";
import { runCli } from "../helpers/cli.ts";
import { CAMPAIGNS, makePost, testRollups } from "../helpers/db.ts";

describe("npm run rollups", () => {
  it("builds missing rollups, says when there is nothing to do, and rebuilds from nothing on request", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "resonanz-rollups-")), "db.sqlite");
    const database = await openDatabase(path);
    const rollups = testRollups(database);
    const store = createCollectorStore({
      database,
      now: () => new Date("2017-04-29T00:00:00Z"),
      analyze: createPostAnalyzer({ sentiment: createSentimentScorer() }),
      rollups,
    });
    const posts = Array.from({ length: 2500 }, (_, i) =>
      makePost({ createdAt: new Date(Date.UTC(2017, 3, 20, 0, i)).toISOString() }),
    );
    store.ingestBatch({ source: "s", target: "t", posts });
    rollups.invalidate(); // as after an upgrade from a version without rollups
    await database.close();

    const env = { RESONANZ_DB: path };
    const first = await runCli(["rollups"], env);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      outcome: "done",
      families: ["clusterwoche@Europe/Berlin"],
      posts: 2500,
    });
    expect(JSON.parse((await runCli(["rollups"], env)).stdout)).toMatchObject({
      outcome: "unchanged",
      posts: 0,
    });
    expect(JSON.parse((await runCli(["rollups", "--rebuild"], env)).stdout)).toMatchObject({
      outcome: "done",
      posts: 2500,
    });

    const again = await openDatabase(path);
    const f = parseFilters({}, CAMPAIGNS);
    const fromRollups = await getSummary(again.db, f);
    expect(fromRollups.posts).toBe(2500);
    expect(fromRollups).toEqual(await getSummaryFromPosts(again.db, f));
    const run = again.sqlite
      .prepare("SELECT status, fetched FROM collector_runs WHERE source = 'analysis' AND target = 'rollups'")
      .all();
    expect(run).toEqual([
      { status: "ok", fetched: 2500 },
      { status: "ok", fetched: 2500 },
    ]);
    await again.close();
  });
});
