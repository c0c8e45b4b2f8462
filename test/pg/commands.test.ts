import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import pino from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { OpenedDatabase } from "../../data/db.ts";
import { parseFilters } from "../../data/filters.ts";
import { copySqliteToPostgres } from "../../data/pg/copy-from-sqlite.ts";
import { getSummary, getSummaryFromPosts } from "../../data/queries/summary.ts";
import { reportCommand } from "../../server/commands/report.ts";
import { rollupsCommand } from "../../server/commands/rollups.ts";
import { CAMPAIGNS } from "../helpers/db.ts";
import { describePg, usePgDatabase } from "../helpers/postgres.ts";
import { pdfText, skipPdfTools } from "../reports/pdf-tools.ts";
import { createQueryWorld } from "./query-world.ts";

const log = pino({ level: "silent" });

describePg("resonanz report and rollups with DATABASE_URL", () => {
  const pg = usePgDatabase();
  let sqlite: OpenedDatabase;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "resonanz-pg-report-"));
    file = join(dir, "install.sqlite");
    sqlite = await createQueryWorld(600);
    await copySqliteToPostgres(sqlite.sqlite, pg.opened.db);
    // The same world as a file, for the command on SQLite.
    await sqlite.sqlite.backup(file);
  }, 120_000);
  afterAll(async () => {
    await sqlite?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("exports the same posts from PostgreSQL as from SQLite", async () => {
    const fromSqlite = join(dir, "sqlite.csv");
    const fromPg = join(dir, "pg.csv");
    expect(await reportCommand({ kind: "week", out: fromSqlite }, { RESONANZ_DB: file }, log)).toBe(0);
    expect(await reportCommand({ kind: "week", out: fromPg }, { DATABASE_URL: pg.database.url }, log)).toBe(
      0,
    );
    const csv = readFileSync(fromPg, "utf8");
    expect(csv.split("\n").length).toBeGreaterThan(100);
    expect(csv).toBe(readFileSync(fromSqlite, "utf8"));
  });

  it("rebuilds the rollups on PostgreSQL from nothing, to the raw posts' numbers", async () => {
    const lines: string[] = [];
    const env = { DATABASE_URL: pg.database.url };
    expect(await rollupsCommand({ rebuild: true }, env, log, (l) => lines.push(l))).toBe(0);
    const result = JSON.parse(lines[0] ?? "{}") as { outcome: string; posts: number };
    expect(result.outcome).toBe("done");
    expect(result.posts).toBeGreaterThan(500);
    const f = parseFilters({}, CAMPAIGNS);
    expect(await getSummary(pg.opened.db, f)).toEqual(await getSummaryFromPosts(pg.opened.db, f));
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM rollup_hours`.execute(
      pg.opened.db,
    );
    expect(rows[0]?.n).toBeGreaterThan(0);
  });

  it.skipIf(skipPdfTools)("writes the week report from PostgreSQL", async () => {
    const out = join(dir, "week.pdf");
    expect(await reportCommand({ kind: "week", out }, { DATABASE_URL: pg.database.url }, log)).toBe(0);
    expect(pdfText(out)).toMatch(/Clusterwoche/);
  });
});
