import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, expect, it } from "vitest";
import { DEFAULT_CLUSTERS_PATH } from "../../server/analysis.ts";
import { DEFAULT_CONFIG_PATH, loadConfig } from "../../server/config.ts";
import { openPgRuntime } from "../../server/pg-runtime.ts";
import { describePg, usePgDatabase } from "../helpers/postgres.ts";

const log = pino({ level: "silent" });
const dir = mkdtempSync(join(tmpdir(), "resonanz-pg-registry-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describePg("the registry on PostgreSQL before any worker started", () => {
  const t = usePgDatabase();
  const names = async () =>
    (await t.opened.pool.query("SELECT name FROM clusters ORDER BY id")).rows.map((r) => r.name as string);

  it("a web instance or a command writes it into an empty database, and never over one already there", async () => {
    const config = loadConfig(DEFAULT_CONFIG_PATH);
    expect(await names()).toEqual([]);
    const first = await openPgRuntime(config, t.database.url, log, { syncRegistry: "if-empty" });
    await first.close();
    const shipped = await names();
    expect(shipped.length).toBeGreaterThan(100);

    // An instance started with an older (here: renamed) file leaves the stored clusters as they are…
    const registry = JSON.parse(readFileSync(DEFAULT_CLUSTERS_PATH, "utf8")) as {
      clusters: { name: string }[];
    };
    for (const c of registry.clusters) c.name = `alt: ${c.name}`;
    const older = join(dir, "clusters.json");
    writeFileSync(older, JSON.stringify(registry));
    const stale = await openPgRuntime({ ...config, clusters: older }, t.database.url, log, {
      syncRegistry: "if-empty",
    });
    await stale.close();
    expect(await names()).toEqual(shipped);
    // …while the worker's start (the default) writes its file.
    const worker = await openPgRuntime({ ...config, clusters: older }, t.database.url, log);
    await worker.close();
    expect((await names()).every((n) => n.startsWith("alt: "))).toBe(true);
  }, 60_000);
});
