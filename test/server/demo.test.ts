import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collect, runCli, startCli } from "../helpers/cli.ts";

describe("npm run demo", () => {
  it("generates the world, fills the dashboard through the collectors, and stops cleanly on Ctrl-C", async () => {
    const dir = mkdtempSync(join(tmpdir(), "resonanz-demo-"));
    const child = startCli(["demo", "--posts", "500", "--seed", "5"], {
      PORT: "0",
      RESONANZ_DEMO_DB: join(dir, "demo.sqlite"),
      LOG_LEVEL: "warn",
    });
    const done = collect(child);
    let stderr = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr?.on("data", (d) => {
        stderr += d;
        const m = /demo is running: (http:\/\/\S+)/.exec(stderr);
        if (m?.[1]) resolve(m[1]);
      });
      child.once("exit", (code) => reject(new Error(`demo exited with ${code}: ${stderr}`)));
    });
    expect(stderr).toContain("500 Beiträge, Seed 5");

    // The first collection runs at start; all three platforms arrive.
    let summary: { posts: number; platforms: Record<string, number> } = { posts: 0, platforms: {} };
    for (let i = 0; i < 100 && Object.keys(summary.platforms).length < 3; i++) {
      await new Promise((r) => setTimeout(r, 200));
      summary = (await (await fetch(`${url}api/summary`)).json()) as typeof summary;
    }
    expect(Object.keys(summary.platforms).sort()).toEqual(["bluesky", "mastodon", "rss"]);
    expect((await fetch(url)).status).toBe(200);

    child.kill("SIGINT");
    const r = await done;
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("stopped cleanly");
  }, 60_000);

  it.each([
    [["demo", "--posts", "0"], "--posts must be a whole number from 1 to 1000000"],
    [["demo", "--posts", "2000000"], "--posts must be a whole number"],
    [["demo", "--speed=-5"], "--speed must be a number above 0"],
    [["demo", "--speed", "0"], "--speed must be a number above 0"],
    [["demo", "--seed", "x"], "--seed must be a whole number"],
  ])("%j → exit 2 with %j", async (args, message) => {
    const r = await runCli(args, { PORT: "0" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});
