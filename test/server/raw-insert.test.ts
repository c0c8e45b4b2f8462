import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { openRawInsert } from "../../server/bench/raw-insert.ts";
import { DEFAULT_CONFIG_PATH, loadConfig } from "../../server/config.ts";
import { worldPosts } from "../helpers/world-posts.ts";

const dir = mkdtempSync(join(tmpdir(), "resonanz-raw-insert-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the benchmark's raw insert", () => {
  it("stores every row, searchable, across calls, and removes its database when closed", async () => {
    const path = join(dir, "raw.sqlite");
    const posts = worldPosts(loadConfig(DEFAULT_CONFIG_PATH), 1200, 5);
    const raw = await openRawInsert(path);
    const first = raw.insert([posts.slice(0, 500), posts.slice(500, 1000)]);
    const second = raw.insert([posts.slice(1000)]);
    expect([first.rows, second.rows]).toEqual([1000, posts.length - 1000]);
    // Settled, the log is folded in and empty: no checkpoint is left to run beside the routes' timing.
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);
    raw.settle();
    expect(statSync(`${path}-wal`).size).toBe(0);
    expect(first.seconds).toBeGreaterThan(0);
    const look = new SQLite(path); // the integrity check below is written as an INSERT
    try {
      expect(look.prepare("SELECT count(*) AS n FROM posts").get()).toEqual({ n: posts.length });
      // The search index holds each row once (filled per transaction, not per row).
      expect(look.prepare("SELECT count(*) AS n FROM posts_fts").get()).toEqual({ n: posts.length });
      // Every post carries the campaign hashtag (some as a longer tag: #Clusterwoche2017).
      const found = look
        .prepare("SELECT count(*) AS n FROM posts_fts WHERE posts_fts MATCH 'Clusterwoche'")
        .get();
      expect((found as { n: number }).n).toBeGreaterThan(posts.length * 0.9);
      // With rank 1 the check compares the index with the posts' text: it fails on a row missing or extra.
      look.exec("INSERT INTO posts_fts (posts_fts, rank) VALUES ('integrity-check', 1)");
    } finally {
      look.close();
    }
    await raw.close();
    expect(() => new SQLite(path, { fileMustExist: true })).toThrow();
  });
});
