import type BetterSqlite3 from "better-sqlite3";
import { type Kysely, sql } from "kysely";
import type { Database } from "../schema.ts";
import { dialectOf } from "../sql-dialect.ts";

export interface CopyOptions {
  /** Rows per INSERT (default 2000). */
  batchSize?: number;
  /** After each batch: the table, rows copied of it so far, and its row count. */
  onProgress?: (table: string, copied: number, total: number) => void;
  /** Refresh the planner's statistics of the copied tables afterwards (default true). */
  analyze?: boolean;
}

export interface CopyResult {
  /** Every copied table in the order it was filled (parents before children), with its rows. */
  tables: { table: string; rows: number }[];
  /** U+0000 characters dropped from text: PostgreSQL text cannot hold them, SQLite's can. */
  nulCharactersRemoved: number;
}

interface Column {
  name: string;
  /** PostgreSQL type as format_type writes it ("bigint", "text", "double precision"). */
  type: string;
}

/**
 * Copies every row of a SQLite database into an empty PostgreSQL database with
 * the same schema (both migrated to the same last migration): the operator's
 * move from a single-machine install to PostgreSQL, and the PostgreSQL tests'
 * fixture path. SQLite-only tables (the FTS5 index `posts_fts` and its shadow
 * tables, `sqlite_*`, the migration bookkeeping) are skipped: the GIN index
 * replaces the first, PostgreSQL has its own `kysely_migration`.
 *
 * All of it is one PostgreSQL transaction, parents before children (foreign
 * keys), in batches read from one SQLite read transaction (a consistent
 * snapshot, also while a collector writes the file); nothing else may use the
 * `sqlite` handle meanwhile. Ids are copied as they are, then every identity
 * sequence is moved past the largest id (and past SQLite's AUTOINCREMENT
 * counter), so new rows never reuse an id. A schema mismatch or a non-empty
 * target stops before anything is written.
 */
export async function copySqliteToPostgres(
  sqlite: BetterSqlite3.Database,
  pg: Kysely<Database>,
  opts: CopyOptions = {},
): Promise<CopyResult> {
  if (dialectOf(pg) !== "postgres") throw new Error("copySqliteToPostgres: the target is not PostgreSQL");
  const batchSize = Math.max(1, opts.batchSize ?? 2000);
  await checkSameMigrations(sqlite, pg);
  const tables = await plan(sqlite, pg);
  const result: CopyResult = { tables: [], nulCharactersRemoved: 0 };
  const ownTransaction = !sqlite.inTransaction;
  if (ownTransaction) sqlite.exec("BEGIN");
  try {
    await pg.transaction().execute(async (trx) => {
      for (const t of tables) {
        const total = (sqlite.prepare(`SELECT count(*) AS n FROM "${t.name}"`).get() as { n: number }).n;
        const cols = t.columns.map((c) => `"${c.name}"`).join(", ");
        const key = t.withoutRowid ? t.primaryKey.map((c) => `"${c}"`) : ["rowid"];
        const keyList = key.join(", ");
        const first = sqlite.prepare(
          `SELECT ${keyList}, ${cols} FROM "${t.name}" ORDER BY ${keyList} LIMIT ?`,
        );
        const next = sqlite.prepare(
          `SELECT ${keyList}, ${cols} FROM "${t.name}" WHERE (${keyList}) > (${key.map(() => "?").join(", ")})
           ORDER BY ${keyList} LIMIT ?`,
        );
        first.raw(true);
        next.raw(true);
        if (KEPT_BY_TRIGGERS.has(t.name)) await sql`DELETE FROM ${sql.id(t.name)}`.execute(trx);
        let after: unknown[] | null = null;
        let copied = 0;
        for (;;) {
          const rows = (after ? next.all(...after, batchSize) : first.all(batchSize)) as unknown[][];
          if (rows.length === 0) break;
          after = (rows.at(-1) as unknown[]).slice(0, key.length);
          const columns = t.columns.map((_, i) =>
            rows.map((r) => {
              const v = r[key.length + i];
              if (typeof v !== "string" || !v.includes("\u0000")) return v;
              result.nulCharactersRemoved += v.split("\u0000").length - 1;
              return v.replaceAll("\u0000", "");
            }),
          );
          try {
            await sql`INSERT INTO ${sql.id(t.name)} (${sql.join(t.columns.map((c) => sql.id(c.name)))})
              ${t.identity ? sql`OVERRIDING SYSTEM VALUE` : sql``}
              SELECT * FROM unnest(${sql.join(columns.map((values, i) => sql`${values}::${sql.raw(arrayType(t.columns[i]))}`))})`.execute(
              trx,
            );
          } catch (err) {
            const where = `copying table ${t.name} (rows ${copied + 1}–${copied + rows.length})`;
            throw new Error(`${where}: ${(err as Error).message}`, { cause: err });
          }
          copied += rows.length;
          opts.onProgress?.(t.name, copied, total);
        }
        result.tables.push({ table: t.name, rows: copied });
      }
      await resetSequences(sqlite, trx, tables);
    });
  } finally {
    if (ownTransaction && sqlite.inTransaction) sqlite.exec("COMMIT");
  }
  if (opts.analyze ?? true) for (const t of tables) await sql`ANALYZE ${sql.id(t.name)}`.execute(pg);
  return result;
}

function arrayType(c: Column | undefined): string {
  if (!c || !/^[a-z ]+(\(\d+(,\d+)?\))?$/.test(c.type)) throw new Error(`unexpected column type ${c?.type}`);
  return `${c.type}[]`;
}

interface TablePlan {
  name: string;
  columns: Column[];
  withoutRowid: boolean;
  primaryKey: string[];
  /** The identity column, if the table has one. */
  identity: string | null;
}

const SKIPPED = /^(sqlite_|kysely_migration)/;
/**
 * Kept by triggers from the rows of other tables (migration 0010). They are
 * copied last, replacing what PostgreSQL's triggers made of the copied rows:
 * a row trigger of a bulk insert runs after the whole statement and sees the
 * statement's other rows, so two sightings of one post by one target in one
 * batch each took the other for an earlier one and neither counted the post.
 */
const KEPT_BY_TRIGGERS = new Set(["rollup_sources"]);

/** The tables to copy in foreign-key order, after checking both sides have the same tables, columns, and no rows in PostgreSQL. */
async function plan(sqlite: BetterSqlite3.Database, pg: Kysely<Database>): Promise<TablePlan[]> {
  const source = (
    sqlite.prepare("SELECT name, type, wr FROM pragma_table_list WHERE schema = 'main'").all() as {
      name: string;
      type: string;
      wr: number;
    }[]
  ).filter((t) => t.type === "table" && !SKIPPED.test(t.name));
  const { rows: pgColumns } = await sql<{ table: string; column: string; type: string; identity: boolean }>`
    SELECT c.relname AS "table", a.attname AS "column", format_type(a.atttypid, a.atttypmod) AS type,
      a.attidentity <> '' AS identity
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'
      AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY c.relname, a.attnum`.execute(pg);
  const target = new Map<string, typeof pgColumns>();
  for (const c of pgColumns) {
    if (SKIPPED.test(c.table)) continue;
    target.set(c.table, [...(target.get(c.table) ?? []), c]);
  }
  const problems: string[] = [];
  const plans: TablePlan[] = [];
  for (const t of source) {
    const pgCols = target.get(t.name);
    if (!pgCols) {
      problems.push(`table ${t.name} is missing in PostgreSQL`);
      continue;
    }
    const info = sqlite.prepare(`SELECT name, pk FROM pragma_table_info(?)`).all(t.name) as {
      name: string;
      pk: number;
    }[];
    const names = info.map((c) => c.name);
    const missing = names.filter((n) => !pgCols.some((c) => c.column === n));
    const extra = pgCols.filter((c) => !names.includes(c.column)).map((c) => c.column);
    if (missing.length || extra.length)
      problems.push(
        `table ${t.name}: columns differ (SQLite only: ${missing.join(", ") || "none"}; PostgreSQL only: ${extra.join(", ") || "none"})`,
      );
    plans.push({
      name: t.name,
      columns: names.map((n) => ({ name: n, type: pgCols.find((c) => c.column === n)?.type ?? "text" })),
      withoutRowid: t.wr === 1,
      primaryKey: info
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name),
      identity: pgCols.find((c) => c.identity)?.column ?? null,
    });
  }
  for (const name of target.keys())
    if (!source.some((t) => t.name === name)) problems.push(`table ${name} is missing in SQLite`);
  if (problems.length) throw new Error(`SQLite and PostgreSQL schemas differ: ${problems.join("; ")}`);
  for (const t of plans) {
    const { rows } = await sql<{
      found: boolean;
    }>`SELECT EXISTS (SELECT 1 FROM ${sql.id(t.name)}) AS found`.execute(pg);
    if (rows[0]?.found)
      throw new Error(`PostgreSQL table ${t.name} already has rows: copy into a new, empty database`);
  }
  const { rows: fks } = await sql<{ child: string; parent: string }>`
    SELECT c.relname AS child, p.relname AS parent FROM pg_constraint k
      JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
    WHERE k.contype = 'f' AND k.connamespace = current_schema()::regnamespace`.execute(pg);
  const ordered = parentsFirst(plans, fks);
  return [
    ...ordered.filter((t) => !KEPT_BY_TRIGGERS.has(t.name)),
    ...ordered.filter((t) => KEPT_BY_TRIGGERS.has(t.name)),
  ];
}

/** Tables ordered so that every table comes after the tables its foreign keys point to. */
function parentsFirst(plans: TablePlan[], fks: { child: string; parent: string }[]): TablePlan[] {
  const out: TablePlan[] = [];
  const done = new Set<string>();
  const visiting = new Set<string>();
  const visit = (t: TablePlan) => {
    if (done.has(t.name)) return;
    if (visiting.has(t.name)) throw new Error(`foreign keys form a cycle through ${t.name}`);
    visiting.add(t.name);
    for (const fk of fks) {
      const parent = fk.child === t.name && fk.parent !== t.name && plans.find((p) => p.name === fk.parent);
      if (parent) visit(parent);
    }
    visiting.delete(t.name);
    done.add(t.name);
    out.push(t);
  };
  for (const t of [...plans].sort((a, b) => (a.name < b.name ? -1 : 1))) visit(t);
  return out;
}

/** Both databases ran the same migrations: the same names, so the same schema (test/pg/schema.test.ts). */
async function checkSameMigrations(sqlite: BetterSqlite3.Database, pg: Kysely<Database>): Promise<void> {
  const hasTable = sqlite
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'")
    .get();
  const fromSqlite = hasTable
    ? (sqlite.prepare("SELECT name FROM kysely_migration ORDER BY name").all() as { name: string }[]).map(
        (r) => r.name,
      )
    : [];
  const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(pg);
  const fromPg = rows.map((r) => r.name);
  if (fromSqlite.join("\n") !== fromPg.join("\n"))
    throw new Error(
      `SQLite and PostgreSQL are at different migrations (SQLite: ${fromSqlite.at(-1) ?? "none"}, PostgreSQL: ${fromPg.at(-1) ?? "none"}); run the same Resonanz version on both`,
    );
}

/** Moves every identity sequence past the copied ids and past SQLite's AUTOINCREMENT counter. */
async function resetSequences(
  sqlite: BetterSqlite3.Database,
  trx: Kysely<Database>,
  tables: readonly TablePlan[],
): Promise<void> {
  const hasSequences = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").get();
  const counters = new Map(
    hasSequences
      ? (
          sqlite.prepare("SELECT name, seq FROM sqlite_sequence").all() as { name: string; seq: number }[]
        ).map((r) => [r.name, r.seq])
      : [],
  );
  for (const t of tables) {
    if (!t.identity) continue;
    const { rows } = await sql<{
      max: number | null;
    }>`SELECT max(${sql.id(t.identity)}) AS max FROM ${sql.id(t.name)}`.execute(trx);
    const last = Math.max(rows[0]?.max ?? 0, counters.get(t.name) ?? 0);
    if (last < 1) continue;
    await sql`SELECT setval(pg_get_serial_sequence(${t.name}, ${t.identity}), ${last})`.execute(trx);
  }
}
