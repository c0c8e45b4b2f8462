import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, startCli } from "../helpers/cli.ts";
import { exited, startScript, waitForLine } from "./child.ts";
import { TOTAL } from "./source.ts";

/** Load for this long; the rate is reported, not asserted (the machine has two shared cores). */
const DURATION_MS = 10_000;
const CONCURRENCY = 16;
/**
 * Far below the rate the mix reaches: only a hang or a pathological slowdown
 * fails. Not 50: vitest runs test files side by side on CI's two cores, and
 * this machine measured 23/s with the other fault tests running next to it.
 */
const ABSURDLY_LOW_RATE = 10;
const PATHS = ["/api/summary", "/api/timeline", "/api/clusters", "/api/posts", "/"];

function likesTotal(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare("SELECT coalesce(sum(likes), 0) n FROM posts").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

function lastRun(path: string, source: string, target: string): string | null {
  const db = new Database(path, { readonly: true });
  try {
    const row = db
      .prepare("SELECT status FROM collector_runs WHERE source = ? AND target = ? ORDER BY id DESC LIMIT 1")
      .get(source, target) as { status: string } | undefined;
    return row?.status ?? null;
  } finally {
    db.close();
  }
}

/**
 * Dashboard reads while a collector writes: the real server (`npm start`, its
 * own process) on a file database of a few thousand posts, a writer in a second
 * process updating every post in a loop through the real store, and this
 * process as the load generator (fetch, keep-alive, 16 in flight). Three
 * processes, because better-sqlite3 is synchronous: in one event loop the
 * writer would simply take turns with the server instead of contending.
 */
describe("dashboard under load while collectors write", () => {
  let dir: string;
  let dbPath: string;
  let writer: ReturnType<typeof startScript>;
  let server: ReturnType<typeof startCli>;
  let serverDone: ReturnType<typeof collect>;
  let url: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "resonanz-load-"));
    dbPath = join(dir, "load.sqlite");
    const seed = startScript("ingest-child.ts", [dbPath]);
    await waitForLine(seed, "done");
    await exited(seed);
    // From the stored cursor the looping writer goes straight to re-delivering
    // every post with moved counts: a continuous stream of updating batches.
    writer = startScript("ingest-child.ts", [dbPath, "loop"]);
    await waitForLine(writer, "ready");

    const config = join(dir, "config.json");
    writeFileSync(
      config,
      JSON.stringify({
        campaigns: [
          {
            id: "clusterwoche-2017",
            name: "Clusterwoche 2017",
            hashtags: ["Clusterwoche"],
            start: "2017-04-20",
            end: "2017-04-28",
          },
          {
            id: "clusterwoche-2019",
            name: "Clusterwoche 2019",
            hashtags: ["Clusterwoche"],
            start: "2019-04-02",
            end: "2019-04-11",
          },
        ],
        sources: {},
      }),
    );
    server = startCli(["start"], {
      RESONANZ_CONFIG: config,
      RESONANZ_DB: dbPath,
      PORT: "0",
      LOG_LEVEL: "warn",
    });
    serverDone = collect(server);
    url = await new Promise<string>((resolve, reject) => {
      let err = "";
      server.stderr?.on("data", (d) => {
        err += d;
        const m = /is running: (http:\/\/\S+)\//.exec(err);
        if (m?.[1]) resolve(m[1]);
      });
      server.once("exit", (code) => reject(new Error(`start exited with ${code}: ${err}`)));
    });
    // The seed was attributed without the registry: the server re-attributes every post
    // in the background first (writing, against the writer). Load is measured after it.
    for (const end = Date.now() + 60_000; ; ) {
      if (lastRun(dbPath, "analysis", "registry") === "ok") break;
      if (Date.now() > end) throw new Error("the background re-attribution did not finish");
      await new Promise((r) => setTimeout(r, 200));
    }
    for (const path of PATHS) await (await fetch(`${url}${path}`)).arrayBuffer(); // warm up
  }, 120_000);

  afterAll(async () => {
    if (writer && writer.exitCode === null) writer.kill("SIGKILL");
    if (server && server.exitCode === null) server.kill("SIGTERM");
    await Promise.all([writer && exited(writer), serverDone]);
  });

  it("serves every request without an error, and reports the rate", async () => {
    const writesBefore = likesTotal(dbPath);
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    const perPath = new Map<string, number>();
    let done = 0;
    const started = Date.now();
    const end = started + DURATION_MS;

    async function client(n: number): Promise<void> {
      for (let i = n; Date.now() < end; i += CONCURRENCY) {
        const path = PATHS[i % PATHS.length] as string;
        try {
          const res = await fetch(`${url}${path}`);
          await res.arrayBuffer(); // read to the end: a response cut off would be an error
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status !== 200) failures.push(`${path} → ${res.status}`);
        } catch (err) {
          failures.push(`${path} → ${(err as Error).message}`);
        }
        perPath.set(path, (perPath.get(path) ?? 0) + 1);
        done++;
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, (_, n) => client(n)));
    const seconds = (Date.now() - started) / 1000;
    const rate = done / seconds;
    const writesAfter = likesTotal(dbPath);

    console.log(
      `load: ${done} requests in ${seconds.toFixed(1)} s = ${rate.toFixed(0)} requests/s, ` +
        `${CONCURRENCY} in flight, statuses ${JSON.stringify(Object.fromEntries(statuses))}, ` +
        `per path ${JSON.stringify(Object.fromEntries(perPath))}; ` +
        `the writer added ${writesAfter - writesBefore} likes meanwhile`,
    );
    expect(failures.slice(0, 10)).toEqual([]);
    // The writer really wrote during the load, and is still running (no SQLITE_BUSY crash).
    expect(writesAfter).toBeGreaterThan(writesBefore);
    expect(writer.exitCode).toBeNull();
    expect(rate).toBeGreaterThan(ABSURDLY_LOW_RATE);

    server.kill("SIGTERM");
    const r = await serverDone;
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/SQLITE_BUSY|database is locked/);
    const db = new Database(dbPath, { readonly: true });
    expect(db.prepare("SELECT count(*) n FROM posts").get()).toEqual({ n: TOTAL });
    db.close();
  }, 60_000);
});
