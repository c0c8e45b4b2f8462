import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { acquireLeaderLock } from "../../data/pg/leader-lock.ts";
import { DEFAULT_CLUSTERS_PATH } from "../../server/analysis.ts";
import { runCli } from "../../server/cli.ts";
import { collectCommand } from "../../server/commands/collect.ts";
import { COLLECTOR_LOCK } from "../../server/commands/worker.ts";
import { writeMastodonConfig, writeTestConfig } from "../helpers/config-file.ts";
import { clusterwocheStatuses, type FakeInstance, startFakeMastodon } from "../helpers/fake-mastodon.ts";
import { describePg, usePgDatabase } from "../helpers/postgres.ts";

const log = pino({ level: "silent" });
const dir = mkdtempSync(join(tmpdir(), "resonanz-pg-collect-"));

describePg("resonanz collect on PostgreSQL", () => {
  const t = usePgDatabase();
  let mastodon: FakeInstance;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    mastodon = await startFakeMastodon();
    mastodon.statuses.push(...clusterwocheStatuses(mastodon, 25));
    const config = writeMastodonConfig(dir, [mastodon.url]);
    env = { DATABASE_URL: t.database.url, RESONANZ_CONFIG: config };
  });
  afterAll(async () => {
    await mastodon?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const count = async (table: "posts" | "clusters" | "collector_runs") =>
    Number((await t.opened.pool.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);

  it("collects once into PostgreSQL and prints a line per source; again, it stores nothing twice", async () => {
    const lines: string[] = [];
    expect(await collectCommand({}, env, log, (l) => lines.push(l))).toBe(0);
    // Mastodon, then the count refresh at each post's origin (nothing is old enough to refresh yet).
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ source: "mastodon", fetched: 25, inserted: 25, failed: 0, error: null }),
      expect.objectContaining({ source: "mastodon-refresh", failed: 0, error: null }),
    ]);
    expect(await count("posts")).toBe(25);
    // The registry is in the database, as a worker's start puts it there.
    expect(await count("clusters")).toBeGreaterThan(100);
    const hours = await t.opened.pool.query("SELECT sum(posts) AS n FROM rollup_hours WHERE scope = ''");
    expect(Number(hours.rows[0].n)).toBe(25);

    lines.length = 0;
    expect(await collectCommand({ source: "mastodon" }, env, log, (l) => lines.push(l))).toBe(0);
    // From the stored cursor on: nothing new.
    expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({ source: "mastodon", inserted: 0, failed: 0 });
    expect(await count("posts")).toBe(25);

    // Started with an older registry file, it leaves the stored one as it is (the worker's to write).
    const names = async () =>
      (await t.opened.pool.query("SELECT name FROM clusters ORDER BY id")).rows.map((r) => r.name as string);
    const stored = await names();
    const registry = JSON.parse(readFileSync(DEFAULT_CLUSTERS_PATH, "utf8")) as {
      clusters: { name: string }[];
    };
    for (const c of registry.clusters) c.name = `alt: ${c.name}`;
    const older = join(dir, "older-clusters.json");
    writeFileSync(older, JSON.stringify(registry));
    const olderConfig = writeTestConfig(
      dir,
      { sources: { mastodon: { instances: [mastodon.url] } }, clusters: older },
      "older.json",
    );
    expect(await collectCommand({}, { ...env, RESONANZ_CONFIG: olderConfig }, log, () => {})).toBe(0);
    expect(await names()).toEqual(stored);
  }, 60_000);

  it("refuses (exit 2) while a worker holds the collector lock, and stores nothing", async () => {
    const runs = await count("collector_runs");
    const lock = await acquireLeaderLock(t.opened.pool, COLLECTOR_LOCK);
    expect(lock.held).toBe(true);
    const stderr: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => stderr.push(String(chunk)) > 0) as typeof process.stderr.write;
    try {
      expect(await runCli(["collect"], env, log)).toBe(2);
    } finally {
      process.stderr.write = write;
      await lock.release();
    }
    expect(stderr.join("")).toContain("a worker holds the collector lock");
    expect(await count("collector_runs")).toBe(runs);
    // Released: collecting works again.
    expect(await collectCommand({}, env, log, () => {})).toBe(0);
    expect(await count("collector_runs")).toBe(runs + 1);
  }, 60_000);
});
