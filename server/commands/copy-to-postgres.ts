import { existsSync } from "node:fs";
import type { Logger } from "pino";
import { openDatabase } from "../../data/db.ts";
import { copySqliteToPostgres } from "../../data/pg/copy-from-sqlite.ts";
import { openPostgres } from "../../data/pg/open.ts";
import { databaseUrlFromEnv } from "../pg-runtime.ts";
import { dbPathFromEnv } from "../runtime.ts";
import { UsageError } from "./usage-error.ts";

/**
 * `resonanz copy-to-postgres [--from FILE]`: moves a single-machine install to
 * PostgreSQL. Every row of the SQLite file (RESONANZ_DB unless --from) is
 * copied into the empty database at DATABASE_URL, in one PostgreSQL
 * transaction from one SQLite read snapshot (data/pg/copy-from-sqlite.ts):
 * nothing is written when anything fails, and a collector may keep writing
 * the file meanwhile (its later posts are not copied: stop it first). Both are
 * migrated to the latest schema first. Progress on stderr, one JSON line
 * {tables, rows, posts, seconds, nulCharactersRemoved} on stdout.
 */
export async function copyToPostgresCommand(
  opts: { from?: string | undefined },
  env: NodeJS.ProcessEnv,
  log: Logger,
  out: (line: string) => void,
  progress: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<number> {
  const started = Date.now();
  const url = databaseUrlFromEnv(env);
  if (!url) throw new UsageError("DATABASE_URL must name the PostgreSQL database to copy into");
  const from = opts.from ?? dbPathFromEnv(env);
  if (!existsSync(from)) throw new UsageError(`no SQLite database at ${from} (--from or RESONANZ_DB)`);

  const sqlite = await openDatabase(from);
  try {
    const pg = await openPostgres(url, { applicationName: "resonanz copy-to-postgres" });
    try {
      let lastTable = "";
      let lastShown = 0;
      const result = await copySqliteToPostgres(sqlite.sqlite, pg.db, {
        onProgress: (table, copied, total) => {
          // A line per table, and every 100,000 rows of a large one.
          if (table !== lastTable || copied === total || copied - lastShown >= 100_000) {
            progress(`  ${table}: ${copied.toLocaleString("de-DE")} / ${total.toLocaleString("de-DE")}`);
            lastShown = copied;
            lastTable = table;
          }
        },
      });
      const rows = result.tables.reduce((n, t) => n + t.rows, 0);
      const posts = result.tables.find((t) => t.table === "posts")?.rows ?? 0;
      const seconds = Math.round((Date.now() - started) / 100) / 10;
      log.info({ from, tables: result.tables.length, rows, posts }, "copied to PostgreSQL");
      out(
        JSON.stringify({
          tables: result.tables.length,
          rows,
          posts,
          seconds,
          nulCharactersRemoved: result.nulCharactersRemoved,
        }),
      );
      return 0;
    } finally {
      await pg.close();
    }
  } finally {
    await sqlite.close();
  }
}
