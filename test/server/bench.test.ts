import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { BenchResult } from "../../server/bench/run.ts";
import { formatBench } from "../../server/bench/table.ts";
import { evaluateTargets } from "../../server/bench/targets.ts";
import { runCli } from "../helpers/cli.ts";

const dir = mkdtempSync(join(tmpdir(), "resonanz-bench-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run bench", () => {
  let result: BenchResult;

  it("runs end to end on a small world and prints the tables and the JSON", async () => {
    // --keep makes its folder when it is not there yet.
    const run = await runCli(["bench", "--posts", "1500", "--json", "--keep", join(dir, "kept")], {});
    expect(run.stderr).toContain("generating the world");
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(join(dir, "kept", "bench.sqlite"))).toBe(true);
    result = JSON.parse(run.stdout) as BenchResult;
    expect(result.posts).toBe(1500);
    // Every post of the world went through transform and store (RSS items without a campaign tag or
    // keyword are dropped by the transform, as the collector drops them).
    expect(result.ingest.posts + result.ingestPages.posts).toBeGreaterThan(1300);
    // Half of a small level goes in on the import's path, half page by page.
    expect(result.ingestPages.posts).toBeGreaterThan(600);
    expect(result.ingest.posts).toBeGreaterThan(600);
    for (const c of [result.ingest, result.ingestPages]) {
      expect(c.postsPerSecond).toBeGreaterThan(0);
      expect(c.rawInsertPerSecond).toBeGreaterThan(c.postsPerSecond);
    }
    // The raw insert got the same rows, level by level, in the same transactions.
    expect([result.ingest.rawRows, result.ingestPages.rawRows]).toEqual([
      result.ingest.posts,
      result.ingestPages.posts,
    ]);
    expect(result.ingest.transactions).toBe("batches of 500 posts");
    expect(result.levels).toHaveLength(1);
    const level = result.levels[0];
    expect(level?.ingestPages.posts).toBe(result.ingestPages.posts);
    expect(level?.rawInsert.import).toBeCloseTo(result.ingest.rawInsertPerSecond, 6);
    expect(level?.rawInsert.pages).toBeCloseTo(result.ingestPages.rawInsertPerSecond, 6);
  }, 180_000);

  it("timed every API route with successful answers", () => {
    const level = result.levels[0];
    expect(level?.routes.map((r) => r.path)).toContain("/api/summary");
    expect(level?.routes.length).toBeGreaterThanOrEqual(15);
    for (const r of level?.routes ?? []) {
      expect([r.path, r.statuses]).toEqual([r.path, [200]]);
      expect(r.p95).toBeGreaterThanOrEqual(r.p50);
    }
    expect(level?.search.statuses).toEqual([200]);
    expect(level?.serverMemory.restMb).toBeGreaterThan(20);
  });

  it("made a readable week PDF and an XLSX in child processes and read their peak memory", () => {
    expect(result.exports.weekPdf.exitCode, result.exports.weekPdf.stderr).toBe(0);
    expect(result.exports.weekPdf.bytes).toBeGreaterThan(10_000);
    expect(result.exports.weekPdf.peakMb).toBeGreaterThan(20);
    expect(result.exports.postsXlsx.exitCode, result.exports.postsXlsx.stderr).toBe(0);
    expect(result.exports.postsXlsx.bytes).toBeGreaterThan(10_000);
  });

  it("computed the same summary with DuckDB, raw SQLite and the dashboard", () => {
    const x = result.elsewhere;
    expect(x.duckdb.posts).toBeGreaterThan(1000);
    expect(x.sqliteRaw).toEqual(x.duckdb);
    expect(x.resonanz).toEqual({ posts: x.duckdb.posts, authors: x.duckdb.authors });
  });

  it("weighed each page's scripts and styles", () => {
    const overview = result.pages.find((p) => p.page === "/");
    expect(overview?.jsGzip).toBeGreaterThan(10_000); // Chart.js at least
    expect(overview?.cssGzip).toBeGreaterThan(1000);
    expect(result.pages.length).toBeGreaterThanOrEqual(8);
  });

  it("judges the 1M targets only on a 1M run, the rates and page weights always", () => {
    const judged = result.targets.filter((t) => t.met !== null).map((t) => t.name);
    expect(judged).toContain("ingest ÷ raw insert");
    expect(judged.some((n) => n.includes("JS + CSS"))).toBe(true);
    expect(result.targets.find((t) => t.name === "search p95")?.met).toBeNull();
    const atScale = evaluateTargets({ ...result, posts: 1_000_000 });
    expect(atScale.find((t) => t.name === "search p95")?.met).toBe(
      (result.levels[0]?.search.p95 ?? 999) <= 150,
    );
  });

  it("prints the tables", () => {
    const text = formatBench(result);
    expect(text).toContain("Ingest (transform + enrich + store");
    expect(text).toContain("import path overall");
    expect(text).toContain("page by page overall");
    expect(text).toContain("/api/timeline?bucket=hour");
    expect(text).toContain("DuckDB over the raw posts");
    expect(text).not.toContain("DISAGREE");
    expect(text).toMatch(/Targets\n/);
  });

  it("refuses a bad --posts with a usage error", async () => {
    const run = await runCli(["bench", "--posts", "ten"], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--posts must be a whole number");
  });
});
