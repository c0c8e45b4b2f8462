import { type Expression, type Kysely, PostgresAdapter, type RawBuilder, SqliteAdapter, sql } from "kysely";
import { postsTextHasPrefixes } from "./pg/search.ts";

/**
 * The few SQL fragments that differ between SQLite and PostgreSQL, in one place
 * (data/pg/README.md lists why). Every query in data/queries is written once;
 * where the two databases need different text, it asks here. Everything else
 * is SQL both accept: `count(*) FILTER (WHERE …)` instead of SQLite's
 * `sum(condition)`, quoted aliases, aliased subqueries.
 */
export type SqlDialect = "sqlite" | "postgres";

// biome-ignore lint/suspicious/noExplicitAny: any schema; only the adapter is read.
type AnyDb = Kysely<any>;

const known = new WeakMap<AnyDb, SqlDialect>();

/** Which database a Kysely instance (or a transaction of one) talks to, from its dialect's adapter. */
export function dialectOf(db: AnyDb): SqlDialect {
  const hit = known.get(db);
  if (hit) return hit;
  // getExecutor() is marked internal in Kysely's typings but is the one place the adapter is kept.
  const adapter = db.getExecutor().adapter;
  const dialect =
    adapter instanceof PostgresAdapter ? "postgres" : adapter instanceof SqliteAdapter ? "sqlite" : null;
  if (!dialect) throw new Error(`unsupported database adapter ${adapter.constructor.name}`);
  known.set(db, dialect);
  return dialect;
}

/**
 * `value` matches one of the SQLite GLOB patterns (`*`, `?`, `[0-9]`; case-sensitive,
 * whole string): `GLOB` on SQLite, the same pattern as an anchored regular
 * expression (`~`) on PostgreSQL. Parenthesised, ready for `where`.
 */
export function matchesAnyGlob(
  db: AnyDb,
  value: Expression<unknown>,
  globs: readonly string[],
): RawBuilder<boolean> {
  if (globs.length === 0) return sql<boolean>`(1 = 0)`;
  const postgres = dialectOf(db) === "postgres";
  return sql<boolean>`(${sql.join(
    globs.map((g) => (postgres ? sql`${value} ~ ${globToRegex(g)}` : sql`${value} GLOB ${g}`)),
    sql` OR `,
  )})`;
}

/** A GLOB pattern as a POSIX regular expression matching the same whole strings. */
export function globToRegex(glob: string): string {
  let out = "^";
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    if (ch === "*") out += ".*";
    else if (ch === "?") out += ".";
    else if (ch === "[") {
      // A character class: up to the closing bracket (a "]" right after "[" or "[^" is a member).
      let j = i + 1;
      if (glob[j] === "^") j++;
      if (glob[j] === "]") j++;
      while (j < glob.length && glob[j] !== "]") j++;
      if (j >= glob.length) out += "\\[";
      else {
        const body = glob.slice(i + 1, j).replace(/\\/g, "\\\\");
        out += `[${body}]`;
        i = j;
      }
    } else out += /[.^$|()+{}\\\]]/.test(ch) ? `\\${ch}` : ch;
  }
  return `${out}$`;
}

/**
 * The text elements of a JSON list column as a table with one column `value`
 * (alias it, then join `ON true` or list it after a comma): `json_each` on
 * SQLite, `json_array_elements_text` on PostgreSQL (where the column is text).
 */
export function jsonListElements(db: AnyDb, list: Expression<unknown>): RawBuilder<unknown> {
  return dialectOf(db) === "postgres"
    ? sql`json_array_elements_text(${list}::json)`
    : sql`json_each(${list})`;
}

/**
 * `posts.text` contains every word as a prefix: the FTS5 index `posts_fts` on
 * SQLite, the German GIN index on PostgreSQL (stemmed prefixes, stop words
 * dropped: data/pg/search.ts and data/pg/README.md describe where the results
 * differ). `words` are letters, digits and `_` (data/queries/posts.ts searchWords).
 */
export function postsTextHasWords(
  db: AnyDb,
  words: readonly string[],
  opts: { newestFirst?: boolean; fromId?: number } = {},
): RawBuilder<boolean> {
  // fromId: only posts stored from that id on are asked for (the caller says so to the posts as well);
  // on SQLite the set of matches is then that much smaller.
  if (dialectOf(db) === "postgres") return postsTextHasPrefixes(words);
  // newestFirst: a page of the newest matches. The unary "+" keeps SQLite from driving the
  // query by the matches (all of them, then sorted: 1 s for a word in every post at 1M posts);
  // it walks posts by time instead and checks each against the set of matches, stopping
  // after one page (README, "Performance").
  const id = opts.newestFirst ? unindexed(db, "posts.id") : sql.ref("posts.id");
  const from = opts.fromId === undefined ? sql`` : sql` AND rowid >= ${opts.fromId}`;
  return sql<boolean>`${id} IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH ${fts5PrefixQuery(words)}${from})`;
}

/**
 * A column (or expression) SQLite's planner will not use an index for (the
 * unary "+"), where a query must walk another index, or none: a condition on
 * it is then checked row by row, in place when the walked index holds the
 * column; an order by it is sorted.
 * PostgreSQL, with fuller statistics, chooses by itself: the plain reference.
 */
export function unindexed(db: AnyDb, column: string | RawBuilder<unknown>): RawBuilder<unknown> {
  const ref = typeof column === "string" ? sql.ref(column) : sql`(${column})`;
  return dialectOf(db) === "postgres" ? ref : sql`+${ref}`;
}

/** An FTS5 query of quoted prefix terms, all of which must match: never a syntax error. */
export function fts5PrefixQuery(words: readonly string[]): string {
  return words.map((w) => `"${w}"*`).join(" ");
}
