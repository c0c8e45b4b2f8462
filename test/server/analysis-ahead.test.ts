import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_CLUSTERS_PATH, loadAnalysis } from "../../server/analysis.ts";
import { startAnalysisAhead } from "../../server/analysis-ahead.ts";
import { DEFAULT_CONFIG_PATH, loadConfig } from "../../server/config.ts";
import { worldPosts } from "../helpers/world-posts.ts";

const dir = mkdtempSync(join(tmpdir(), "resonanz-ahead-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function until(check: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

function capturingLog() {
  const lines: string[] = [];
  return { lines, log: pino({ level: "debug" }, { write: (line: string) => void lines.push(line) }) };
}

describe("analysis ahead in a worker thread", () => {
  it("gives every post the analysis the main thread gives it, taken once", async () => {
    const config = loadConfig(DEFAULT_CONFIG_PATH);
    const posts = worldPosts(config, 400);
    const main = loadAnalysis(config);
    const side = loadAnalysis(config);
    const remembered = new Set<object>();
    const precomputed = {
      ...side.precomputed,
      remember(post: object, a: Parameters<typeof side.precomputed.remember>[1]) {
        remembered.add(post);
        side.precomputed.remember(post, a);
      },
    };
    const { log } = capturingLog();
    const ahead = startAnalysisAhead(config, precomputed, log);
    try {
      // The first batch may go out while the thread starts: then it comes back later.
      await ahead.prepare(posts.slice(0, 200));
      await ahead.prepare(posts.slice(200));
      await until(() => remembered.size === posts.length);
    } finally {
      await ahead.close();
    }
    const expected = posts.map((p) => main.analyze(p));
    expect(posts.map((p) => side.analyze(p))).toEqual(expected);
    expect(side.precomputed.taken).toBe(posts.length);
    // Not a trivial world: clusters and events were found, in more than one language.
    expect(expected.filter((a) => a.clusters.length > 0).length).toBeGreaterThan(20);
    expect(expected.filter((a) => a.events.length > 0).length).toBeGreaterThan(5);
    expect(new Set(expected.map((a) => a.lang)).size).toBeGreaterThan(1);
    // Taken once: asked again, the post is analysed here, to the same result.
    expect(posts.map((p) => side.analyze(p))).toEqual(expected);
    expect(side.precomputed.taken).toBe(posts.length);
  }, 60_000);

  it("leaves the analysis to the store when the thread cannot start, and says so once", async () => {
    const clusters = join(dir, "clusters.json");
    copyFileSync(DEFAULT_CLUSTERS_PATH, clusters);
    const config = { ...loadConfig(DEFAULT_CONFIG_PATH), clusters };
    const side = loadAnalysis(config);
    rmSync(clusters); // the thread reads the registry after the main thread did: it fails
    const { lines, log } = capturingLog();
    const ahead = startAnalysisAhead(config, side.precomputed, log);
    const posts = worldPosts(config, 50);
    await ahead.prepare(posts);
    await until(() => lines.some((l) => l.includes("analysis thread failed")));
    await expect(ahead.prepare(posts)).resolves.toBeUndefined();
    await ahead.close();
    expect(lines.filter((l) => l.includes("analysis thread failed"))).toHaveLength(1);
    expect(lines.join("")).toContain("cluster registry");
    expect(side.precomputed.taken).toBe(0);
    for (const p of posts) side.analyze(p);
    expect(side.precomputed.taken).toBe(0);
  }, 60_000);
});
