import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type OpenedDatabase, openDatabase } from "../../data/db.ts";
import type { Database } from "../../data/schema.ts";
import { describePg, usePgDatabase } from "../helpers/postgres.ts";

/**
 * Every table of the `Database` interface. The type below fails to compile when
 * a table is added to the interface and not here, and the tests compare each
 * one between a migrated SQLite database and a migrated PostgreSQL one: a table
 * or column added to SQLite only fails here.
 */
const TABLES = [
  "authors",
  "posts",
  "post_hashtags",
  "post_sources",
  "collector_runs",
  "source_cursors",
  "clusters",
  "post_clusters",
  "events",
  "post_events",
  "rollup_hours",
  "rollup_authors",
  "rollup_tags",
  "rollup_state",
  "rollup_campaign_authors",
  "rollup_campaign_totals",
  "rollup_sources",
  "reports",
  "erasure_log",
  "share_links",
  "sessions",
  "audit_log",
  "access_settings",
  "login_failures",
] as const satisfies readonly (keyof Database)[];
type Unlisted = Exclude<keyof Database, (typeof TABLES)[number]>;
const everyTableListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyTableListed;

/** SQLite-only objects with no PostgreSQL table (full-text search is an index there). */
const SQLITE_ONLY = /^(sqlite_|posts_fts|kysely_migration)/;

/** SQLite declared type → the PostgreSQL types that hold the same values. */
const COMPATIBLE: Record<string, string[]> = {
  INTEGER: ["integer", "bigint"],
  REAL: ["double precision"],
  TEXT: ["text"],
};

interface Column {
  type: string;
  notNull: boolean;
  default: string | null;
}

describePg("the PostgreSQL schema against the SQLite one", () => {
  const t = usePgDatabase();
  let lite: OpenedDatabase;
  let pg: Kysely<unknown>;
  beforeAll(async () => {
    lite = await openDatabase(":memory:");
    pg = t.opened.db as unknown as Kysely<unknown>;
  });
  afterAll(() => lite?.close());

  it("has the same tables, and SQLite has no table the interface lacks", async () => {
    const liteTables = lite.sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map((r) => (r as { name: string }).name)
      .filter((n) => !SQLITE_ONLY.test(n));
    const { rows } = await sql<{ name: string }>`
      SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'kysely_%'`.execute(
      pg,
    );
    expect(liteTables.sort()).toEqual([...TABLES].sort());
    expect(rows.map((r) => r.name).sort()).toEqual([...TABLES].sort());
  });

  it.each(TABLES)("%s has the same columns, types, nullability and defaults", async (table) => {
    const liteCols = new Map<string, Column>();
    for (const c of lite.sqlite.pragma(`table_info(${table})`) as {
      name: string;
      type: string;
      notnull: number;
      dflt_value: string | null;
      pk: number;
    }[]) {
      const type = c.type.toUpperCase();
      const pgTypes = COMPATIBLE[type];
      if (!pgTypes)
        throw new Error(`${table}.${c.name}: SQLite type ${c.type} has no PostgreSQL mapping here`);
      // SQLite lets a non-integer primary key hold NULL; PostgreSQL never does, and nothing stores one.
      liteCols.set(c.name, {
        type: pgTypes.join(" | "),
        notNull: c.notnull === 1 || c.pk > 0,
        default: c.dflt_value,
      });
    }
    const { rows } = await sql<{
      name: string;
      type: string;
      nullable: string;
      dflt: string | null;
      collation: string | null;
    }>`SELECT column_name AS name, data_type AS type, is_nullable AS nullable, column_default AS dflt,
              collation_name AS collation
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ${table}`.execute(pg);
    const pgCols = new Map<string, Column>();
    for (const c of rows) {
      const compatible = Object.values(COMPATIBLE).find((types) => types.includes(c.type));
      pgCols.set(c.name, {
        type: compatible ? compatible.join(" | ") : `(incompatible: ${c.type})`,
        notNull: c.nullable === "NO",
        // "'neutral'::text" → "'neutral'", as SQLite reports it.
        default: c.dflt === null ? null : c.dflt.replace(/::[a-z ]+$/, ""),
      });
      // Byte order, as SQLite compares (see data/pg/migrations/0001-initial.ts).
      if (c.type === "text") expect(c.collation, `${table}.${c.name} collation`).toBe("C");
    }
    expect(Object.fromEntries(pgCols)).toEqual(Object.fromEntries(liteCols));
  });

  it.each(TABLES)("%s has the same keys, unique constraints and indexes", async (table) => {
    expect(await pgIndexes(pg, table)).toEqual(liteIndexes(lite, table));
  });

  it.each(TABLES)("%s has the same foreign keys", async (table) => {
    const lt = (
      lite.sqlite.pragma(`foreign_key_list(${table})`) as {
        table: string;
        from: string;
        to: string | null;
        on_delete: string;
      }[]
    ).map((f) => `${f.from} -> ${f.table}.${f.to ?? "id"} on delete ${f.on_delete.toLowerCase()}`);
    const { rows } = await sql<{ fk: string }>`
      SELECT a.attname || ' -> ' || ft.relname || '.' || fa.attname || ' on delete ' ||
             CASE c.confdeltype WHEN 'c' THEN 'cascade' WHEN 'n' THEN 'set null' WHEN 'r' THEN 'restrict'
                                WHEN 'd' THEN 'set default' ELSE 'no action' END AS fk
      FROM pg_constraint c
      JOIN pg_class t ON t.oid = c.conrelid
      JOIN pg_class ft ON ft.oid = c.confrelid
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
      JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[1]
      WHERE c.contype = 'f' AND t.relname = ${table} AND t.relnamespace = 'public'::regnamespace`.execute(pg);
    expect(rows.map((r) => r.fk).sort()).toEqual(lt.sort());
  });

  it("searches posts through a German GIN index where SQLite has posts_fts", async () => {
    const { rows } = await sql<{ def: string }>`
      SELECT indexdef AS def FROM pg_indexes WHERE tablename = 'posts' AND indexname = 'posts_fts_german'`.execute(
      pg,
    );
    expect(rows[0]?.def).toMatch(/USING gin \(to_tsvector\('german'::regconfig, text\)\)/);
  });

  it("orders the most engaging posts by the same expression index on both", async () => {
    const { rows } = await sql<{ def: string }>`
      SELECT indexdef AS def FROM pg_indexes WHERE tablename = 'posts' AND indexname = 'posts_engagement'`.execute(
      pg,
    );
    expect(rows[0]?.def).toMatch(
      /\(\(\(\(likes \+ reposts\) \+ replies\) \+ quotes\)\) DESC, created_at DESC, id DESC\) WHERE \(deleted_at IS NULL\)/,
    );
    const def = (
      lite.sqlite.prepare("SELECT sql FROM sqlite_master WHERE name = 'posts_engagement'").get() as {
        sql: string;
      }
    ).sql;
    expect(def).toMatch(
      /\(\(likes \+ reposts \+ replies \+ quotes\) DESC, created_at DESC, id DESC\)\s+WHERE deleted_at IS NULL/,
    );
  });
});

/**
 * One line per key or index: "primary key (a, b)", "unique (a)" for a UNIQUE
 * constraint (names differ between the databases), "<name>: [unique ](cols)[ partial]"
 * for an index made by CREATE INDEX.
 */
function liteIndexes(lite: OpenedDatabase, table: string): string[] {
  const out: string[] = [];
  const pk = (lite.sqlite.pragma(`table_info(${table})`) as { name: string; pk: number }[])
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name);
  if (pk.length > 0) out.push(`primary key (${pk.join(", ")})`);
  for (const i of lite.sqlite.pragma(`index_list(${table})`) as {
    name: string;
    unique: number;
    origin: string;
    partial: number;
  }[]) {
    if (i.origin === "pk") continue;
    const info = (
      lite.sqlite.pragma(`index_info(${i.name})`) as { seqno: number; name: string | null }[]
    ).sort((a, b) => a.seqno - b.seqno);
    // Expression indexes (posts_engagement) are compared on their own below, as on PostgreSQL.
    if (info.some((c) => c.name === null)) continue;
    const cols = info.map((c) => c.name).join(", ");
    if (i.origin === "u") out.push(`unique (${cols})`);
    else out.push(`${i.name}: ${i.unique ? "unique " : ""}(${cols})${i.partial ? " partial" : ""}`);
  }
  return out.sort();
}

/** The same lines for PostgreSQL; expression indexes (full-text search, engagement) are left out here. */
async function pgIndexes(pg: Kysely<unknown>, table: string): Promise<string[]> {
  const { rows } = await sql<{
    name: string;
    unique: boolean;
    primary: boolean;
    partial: boolean;
    constraint: string | null;
    cols: (string | null)[];
  }>`
    SELECT ic.relname AS name, i.indisunique AS unique, i.indisprimary AS primary, i.indpred IS NOT NULL AS partial,
           con.contype AS constraint,
           array(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                 LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.ord) AS cols
    FROM pg_index i
    JOIN pg_class ic ON ic.oid = i.indexrelid
    JOIN pg_class t ON t.oid = i.indrelid
    LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.contype IN ('p', 'u')
    WHERE t.relname = ${table} AND t.relnamespace = 'public'::regnamespace`.execute(pg);
  const out: string[] = [];
  for (const r of rows) {
    if (r.cols.some((c) => c === null)) continue;
    const cols = r.cols.join(", ");
    if (r.primary) out.push(`primary key (${cols})`);
    else if (r.constraint === "u") out.push(`unique (${cols})`);
    else out.push(`${r.name}: ${r.unique ? "unique " : ""}(${cols})${r.partial ? " partial" : ""}`);
  }
  return out.sort();
}
