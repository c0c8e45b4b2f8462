import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { SAFETY_NET_PAGES, WAL_SIZE_LIMIT_BYTES } from "../../data/checkpointer.ts";
import { openDatabase } from "../../data/db.ts";

const dir = mkdtempSync(join(tmpdir(), "resonanz-checkpoint-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes about `mb` MiB in small transactions, as a collector does. */
function write(sqlite: import("better-sqlite3").Database, mb: number): void {
  sqlite.exec("CREATE TABLE IF NOT EXISTS filler (id INTEGER PRIMARY KEY, blob TEXT)");
  const insert = sqlite.prepare("INSERT INTO filler (blob) VALUES (?)");
  const tx = sqlite.transaction(() => {
    for (let i = 0; i < 16; i++) insert.run("x".repeat(4000));
  });
  for (let i = 0; i < mb * 16; i++) tx();
}

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

describe("WAL checkpoints in a worker thread", () => {
  it("moves committed pages into the database file without the writer checkpointing", async () => {
    const path = join(dir, "a.sqlite");
    const { sqlite, close } = await openDatabase(path);
    // The writer's own automatic checkpoint is only a far safety net now.
    expect(sqlite.pragma("wal_autocheckpoint", { simple: true })).toBe(SAFETY_NET_PAGES);
    expect(sqlite.pragma("journal_size_limit", { simple: true })).toBe(WAL_SIZE_LIMIT_BYTES);
    const before = statSync(path).size;
    write(sqlite, 12); // ~3,000 pages: far below the safety net, so only the worker can have moved them
    // Committed pages reach the main file only through a checkpoint.
    expect(await waitFor(() => statSync(path).size > before + 10 * 2 ** 20, 5000)).toBe(true);
    await close();
    // The last connection folded the WAL in and removed it; the data is all there.
    expect(existsSync(`${path}-wal`)).toBe(false);
    const again = await openDatabase(path);
    const { n } = again.sqlite.prepare("SELECT count(*) AS n FROM filler").get() as { n: number };
    expect(n).toBe(12 * 16 * 16);
    await again.close();
  });

  it("keeps writers and readers going while it checkpoints", async () => {
    const path = join(dir, "b.sqlite");
    const a = await openDatabase(path);
    const b = await openDatabase(path); // a second process's connection, say the dashboard
    for (let round = 0; round < 5; round++) {
      write(a.sqlite, 2);
      const r = await sql<{ n: number }>`SELECT count(*) AS n FROM filler`.execute(b.db);
      expect(r.rows[0]?.n).toBe((round + 1) * 2 * 16 * 16);
    }
    await Promise.all([a.close(), b.close()]);
  });

  it("does not run for an in-memory database, and closing twice is harmless", async () => {
    const m = await openDatabase(":memory:");
    expect(m.sqlite.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
    await m.close();
    await m.close();
  });
});
