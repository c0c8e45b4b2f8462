import { mkdtempSync, readdirSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createCollectorStore } from "../../collectors/ingest.ts";
import type { PostAnalyzer } from "../../data/analysis/analyze-post.ts";
import { openDatabase } from "../../data/db.ts";
import { syncRegistry } from "../../data/registry-sync.ts";
import { rollupFamilies } from "../../data/rollups/family.ts";
import { createRollupMaintainer } from "../../data/rollups/maintainer.ts";
import { loadAnalysis } from "../../server/analysis.ts";
import { DEFAULT_CONFIG_PATH, loadConfig } from "../../server/config.ts";
import { worldPosts } from "../helpers/world-posts.ts";

const dir = mkdtempSync(join(tmpdir(), "resonanz-stmt-journal-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** SQLite's unnamed temporary files this process holds open (unlinked at once: "… (deleted)"). */
function openTempFiles(): string[] {
  if (process.platform !== "linux") return [];
  const found: string[] = [];
  for (const fd of readdirSync("/proc/self/fd")) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      if (target.includes("etilqs_")) found.push(target);
    } catch {
      // closed meanwhile
    }
  }
  return found;
}

describe.runIf(process.platform === "linux")("statement journals during ingest", () => {
  it("stay in memory: a large batch writes no temporary file", async () => {
    // A statement that may fail halfway (an upsert, an insert with a trigger or a foreign key) keeps
    // the pages it changes in a statement journal. Spilled to a temporary file, that was two system
    // calls per page, ~40 pages a post: a fifth of ingest time at 1M posts (npm run bench).
    const config = loadConfig(DEFAULT_CONFIG_PATH);
    const { analyze, registry, events } = loadAnalysis(config);
    const database = await openDatabase(join(dir, "ingest.sqlite"));
    syncRegistry(database, registry, events);
    const seen = new Set<string>();
    // The analyzer runs inside the batch's transaction, between its statements: it looks then.
    const looking: PostAnalyzer = (post) => {
      for (const f of openTempFiles()) seen.add(f);
      return analyze(post);
    };
    const store = createCollectorStore({
      database,
      now: () => new Date("2017-04-29T12:00:00Z"),
      analyze: looking,
      rollups: createRollupMaintainer(database.sqlite, rollupFamilies(config.campaigns)),
    });
    const posts = worldPosts(config, 3000, 11);
    const result = store.ingestBatch({ source: "test", target: "journal", posts });
    expect(result.inserted).toBe(posts.length);
    expect([...seen]).toEqual([]);
    expect(database.sqlite.pragma("temp_store", { simple: true })).toBe(2);
    await database.close();
  });
});
