import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import pino from "pino";
import { afterAll, expect, it } from "vitest";
import { createCollectorStore } from "../../collectors/ingest.ts";
import { createPostAnalyzer } from "../../data/analysis/analyze-post.ts";
import { createSentimentScorer } from "../../data/analysis/sentiment.ts";
import { openDatabase } from "../../data/db.ts";
import { parseFilters } from "../../data/filters.ts";
import { getSummary } from "../../data/queries/summary.ts";
import { copyToPostgresCommand } from "../../server/commands/copy-to-postgres.ts";
import { UsageError } from "../../server/commands/usage-error.ts";
import { CAMPAIGNS, makePost, testRollups } from "../helpers/db.ts";
import { describePg, usePgDatabase } from "../helpers/postgres.ts";

const log = pino({ level: "silent" });
const dir = mkdtempSync(join(tmpdir(), "resonanz-copy-command-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function sqliteInstall(file: string, posts: number): Promise<void> {
  const database = await openDatabase(file);
  const store = createCollectorStore({
    database,
    now: () => new Date("2017-04-29T12:00:00Z"),
    analyze: createPostAnalyzer({ sentiment: createSentimentScorer() }),
    rollups: testRollups(database),
  });
  store.ingestBatch({
    source: "mastodon",
    target: "https://social.example",
    posts: Array.from({ length: posts }, (_, i) =>
      makePost({ createdAt: `2017-04-2${i % 8}T1${i % 10}:00:00.000Z` }),
    ),
  });
  await database.close();
}

describePg("resonanz copy-to-postgres", () => {
  const pg = usePgDatabase();

  it("copies a SQLite install into the empty database, the dashboard's numbers alike; a second copy is refused", async () => {
    const file = join(dir, "install.sqlite");
    await sqliteInstall(file, 30);
    const env = { DATABASE_URL: pg.database.url, RESONANZ_DB: file };
    const lines: string[] = [];
    const progress: string[] = [];
    const code = await copyToPostgresCommand(
      {},
      env,
      log,
      (l) => lines.push(l),
      (l) => progress.push(l),
    );
    expect(code).toBe(0);
    expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({ posts: 30, nulCharactersRemoved: 0 });
    expect(progress.some((l) => /posts: 30 \/ 30/.test(l))).toBe(true);

    const f = parseFilters({}, CAMPAIGNS);
    const lite = await openDatabase(file);
    try {
      expect(await getSummary(pg.opened.db, f)).toEqual(await getSummary(lite.db, f));
    } finally {
      await lite.close();
    }
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM posts`.execute(pg.opened.db);
    expect(rows[0]?.n).toBe(30);

    // Into a database that has rows: refused before anything is written.
    await expect(
      copyToPostgresCommand(
        { from: file },
        env,
        log,
        () => {},
        () => {},
      ),
    ).rejects.toThrow(/already has rows/);
    const again = await sql<{ n: number }>`SELECT count(*)::int AS n FROM posts`.execute(pg.opened.db);
    expect(again.rows[0]?.n).toBe(30);
  });

  it("says what is missing: DATABASE_URL, or the SQLite file", async () => {
    await expect(
      copyToPostgresCommand({}, { RESONANZ_DB: join(dir, "install.sqlite") }, log, () => {}),
    ).rejects.toThrow(UsageError);
    await expect(
      copyToPostgresCommand(
        { from: join(dir, "nowhere.sqlite") },
        { DATABASE_URL: pg.database.url },
        log,
        () => {},
      ),
    ).rejects.toThrow(/no SQLite database at/);
  });
});
