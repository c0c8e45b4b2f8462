import { describe, expect, it } from "vitest";
import { parseExport } from "../../collectors/import/index.ts";
import { importTarget, storeImport } from "../../collectors/import/store.ts";
import { tagMatchesCampaign } from "../../data/campaign.ts";
import { createTestDb } from "../helpers/db.ts";

const isCampaignTag = (tag: string) => tagMatchesCampaign(tag, ["Clusterwoche"]);
const HEADER = "id,created_at,author_handle,text,likes";

describe("storing an import", () => {
  it("records a run, counts campaign posts, and a re-import inserts nothing", async () => {
    const { database, store } = await createTestDb();
    const csv = `${HEADER}\n1,2017-04-20,anna,#Clusterwoche,1\n2,2017-04-20,anna,#clusterwoche2017,2\n3,2017-04-20,anna,ohne Hashtag,3\n4,2017-04-20,anna,,4\n`;
    const input = {
      platform: "csv" as const,
      file: "/tmp/exports/posts.csv",
      parsed: parseExport("csv", csv),
    };

    const first = await storeImport({ store, isCampaignTag }, input);
    expect(first).toEqual({
      platform: "csv",
      file: "/tmp/exports/posts.csv",
      rows: 4,
      inserted: 3,
      updated: 0,
      unchanged: 0,
      rejected: 1,
      campaignPosts: 2,
      errors: [{ line: 5, message: "text is empty" }],
      moreErrors: 0,
    });
    const again = await storeImport({ store, isCampaignTag }, input);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });

    // A later export of the same posts carries new counts: updated, never duplicated.
    const later = `${HEADER}\n1,2017-04-20,anna,#Clusterwoche,10\n`;
    const third = await storeImport(
      { store, isCampaignTag },
      { platform: "csv", file: "posts-later.csv", parsed: parseExport("csv", later) },
    );
    expect(third).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });

    const s = database.sqlite;
    expect(s.prepare("SELECT count(*) AS n FROM posts").get()).toEqual({ n: 3 });
    expect(s.prepare("SELECT likes FROM posts WHERE uid = 'csv:1'").get()).toEqual({ likes: 10 });
    expect(
      s
        .prepare("SELECT source, target, status, fetched, inserted, updated FROM collector_runs ORDER BY id")
        .all(),
    ).toEqual([
      { source: "import", target: "csv:posts.csv", status: "ok", fetched: 3, inserted: 3, updated: 0 },
      { source: "import", target: "csv:posts.csv", status: "ok", fetched: 3, inserted: 0, updated: 0 },
      { source: "import", target: "csv:posts-later.csv", status: "ok", fetched: 1, inserted: 0, updated: 1 },
    ]);
    await database.close();
  });

  it("stores large files in batches and lists at most 100 row errors", async () => {
    const { database, store } = await createTestDb();
    const rows = Array.from({ length: 1200 }, (_, i) => `${i},2017-04-20,anna,#Clusterwoche ${i},${i}`);
    const bad = Array.from({ length: 130 }, (_, i) => `b${i},nie,anna,x,0`);
    const csv = [HEADER, ...rows, ...bad].join("\n");
    const summary = await storeImport(
      { store, isCampaignTag },
      { platform: "csv", file: "big.csv", parsed: parseExport("csv", csv) },
    );
    expect(summary).toMatchObject({
      rows: 1330,
      inserted: 1200,
      rejected: 130,
      campaignPosts: 1200,
      moreErrors: 30,
    });
    expect(summary.errors).toHaveLength(100);
    expect(summary.errors[0]).toEqual({ line: 1202, message: "created_at is not a date: 'nie'" });
    await database.close();
  });

  it("records a failed run when storing fails, and rethrows", async () => {
    const { database, store } = await createTestDb();
    const parsed = parseExport("csv", `${HEADER}\n1,2017-04-20,anna,x,1\n`);
    const failing = {
      ...store,
      ingestBatch: () => {
        throw new Error("disk full");
      },
    };
    await expect(
      storeImport({ store: failing, isCampaignTag }, { platform: "csv", file: "a.csv", parsed }),
    ).rejects.toThrow("disk full");
    expect(database.sqlite.prepare("SELECT status, error FROM collector_runs").get()).toEqual({
      status: "failed",
      error: "disk full",
    });
    await database.close();
  });

  it.each([
    ["tweets.js", "x:tweets.js"],
    ["/home/a/export/tweets.js", "x:tweets.js"],
    ["C:\\Users\\a\\tweets.js", "x:tweets.js"],
    ["", "x:upload"],
  ])("the run's target for %j is %j", (file, target) => {
    expect(importTarget("x", file)).toBe(target);
  });
});
