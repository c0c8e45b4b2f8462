import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../data/db.ts";
import { createTestDb, makePost } from "../helpers/db.ts";

const dir = mkdtempSync(join(tmpdir(), "resonanz-stats-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the query planner's statistics", () => {
  it("are gathered for tables that have rows, at open and by optimize()", async () => {
    const { database, store } = await createTestDb();
    const stats = () =>
      database.sqlite.prepare("SELECT DISTINCT tbl FROM sqlite_stat1 ORDER BY tbl").all() as {
        tbl: string;
      }[];
    store.ingestBatch({ source: "s", target: "t", posts: Array.from({ length: 50 }, () => makePost()) });
    database.optimize();
    expect(stats().map((r) => r.tbl)).toEqual(
      expect.arrayContaining(["posts", "post_hashtags", "rollup_hours"]),
    );
    await database.close();
  });

  it("are there in a file database opened again, and opening costs no full scan of a large table", async () => {
    const path = join(dir, "s.sqlite");
    const a = await openDatabase(path);
    a.sqlite.exec("CREATE TABLE big (id INTEGER PRIMARY KEY, v TEXT); CREATE INDEX big_v ON big (v)");
    const insert = a.sqlite.prepare("INSERT INTO big (v) VALUES (?)");
    a.sqlite.transaction(() => {
      for (let i = 0; i < 20_000; i++) insert.run(`v${i % 97}`);
    })();
    await a.close(); // optimize at close
    const b = await openDatabase(path);
    const row = b.sqlite.prepare("SELECT stat FROM sqlite_stat1 WHERE tbl = 'big' AND idx = 'big_v'").get() as
      | { stat: string }
      | undefined;
    expect(row?.stat).toMatch(/^\d+ \d+/);
    await b.close();
  });
});
