import pg from "pg";

const INT8 = 20;
const NUMERIC = 1700;
const INT8_ARRAY = 1016;
const NUMERIC_ARRAY = 1231;
const TEXT_ARRAY = 1009;

/**
 * A `bigint` as a JS number, refusing what a number cannot hold exactly
 * (ids and counts stay far below 2^53; silently rounding one would be worse).
 */
function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n))
    throw new RangeError(`PostgreSQL bigint ${value} exceeds Number.MAX_SAFE_INTEGER`);
  return n;
}

function parseNumberArray(parseElement: (v: string) => number): (value: string) => (number | null)[] {
  // pg's typings list only scalar type ids; the text[] parser is there all the same.
  const getParser = pg.types.getTypeParser as (oid: number, format: "text") => unknown;
  const parseTextArray = getParser(TEXT_ARRAY, "text") as (value: string) => (string | null)[];
  return (value) => parseTextArray(value).map((v) => (v === null ? null : parseElement(v)));
}

const overrides = new Map<number, (value: string) => unknown>([
  [INT8, parseInt8],
  [NUMERIC, Number],
  [INT8_ARRAY, parseNumberArray(parseInt8)],
  [NUMERIC_ARRAY, parseNumberArray(Number)],
]);

/**
 * Type parsers for one pool, leaving pg's global table alone. SQLite returns
 * every integer and every aggregate as a number, and the `Database` interface
 * says `number`; PostgreSQL's `count(*)` and `sum(integer)` are `bigint` and
 * `sum(bigint)`/`avg()` are `numeric`, which pg hands over as strings by
 * default. Here both become numbers, so `count()` compares and adds like it
 * does on SQLite. `double precision` is a number in pg already.
 */
export const numericTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    const parse = format === "binary" ? undefined : overrides.get(oid);
    return parse ?? pg.types.getTypeParser(oid, format ?? "text");
  }) as pg.CustomTypesConfig["getTypeParser"],
};
