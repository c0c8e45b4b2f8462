import { parse } from "csv-parse/sync";
import { stripBom } from "./decode.ts";
import { clip } from "./fields.ts";
import { ImportFormatError, type RowError } from "./types.ts";

/** One data row: its cells by column and the line of the file it starts on. */
export interface CsvRow {
  line: number;
  get(column: string): string | undefined;
}

export interface CsvTable {
  /** The header's columns, normalised (see normalizeHeader). */
  columns: string[];
  rows: CsvRow[];
  /** Rows that are not rows: wrong number of fields, an unclosed quote. */
  errors: RowError[];
}

/** Header rows are looked for among the first few records: some exports put a title line above them. */
const HEADER_SEARCH = 10;

/**
 * Reads a CSV export into rows keyed by column. The delimiter (comma,
 * semicolon — German Excel — or tab) is taken from the header line; the header
 * is the first record that `isHeader` accepts. Columns are matched by their
 * normalised names, so "Tweet permalink", "tweet_permalink" and "TWEET
 * PERMALINK" are the same column. Throws ImportFormatError only when no
 * header is found; a row with the wrong number of fields is a row error.
 */
export function readCsv(
  input: string,
  opts: { isHeader: (columns: ReadonlySet<string>) => boolean; expected: string },
): CsvTable {
  const text = stripBom(input);
  if (text.trim() === "") throw new ImportFormatError("the file is empty");
  const isHeader = (record: string[]) => opts.isHeader(new Set(record.map(normalizeHeader)));
  // The delimiter is the one under which a header row appears, trying the one the first line uses most
  // first: a title line or a text full of commas must not decide it.
  const delimiter = delimiterCandidates(text).find((d) =>
    parseRecords(text, d, { toLine: HEADER_SEARCH * 3 })
      .filter((r) => r.record.some((f) => f.trim() !== ""))
      .slice(0, HEADER_SEARCH)
      .some((r) => isHeader(r.record)),
  );
  if (delimiter === undefined) {
    const first = parseRecords(text, delimiterCandidates(text)[0] as string, { toLine: HEADER_SEARCH }).find(
      (r) => r.record.some((f) => f.trim() !== ""),
    );
    const cells = first?.record.map((c) => clip(c.trim(), 30)).join(", ") ?? "";
    throw new ImportFormatError(
      `no header row with ${opts.expected} found; the first row has: ${clip(cells, 300) || "(nothing)"}`,
    );
  }
  const errors: RowError[] = [];
  const skipped: { end: number; code: string | undefined; message: string | undefined }[] = [];
  const records = parseRecords(text, delimiter, {
    onSkip: (err) => skipped.push({ end: err?.lines ?? 0, code: err?.code, message: err?.message }),
  });
  // csv-parse tells the line a record ends on. Blank lines are records here (skipped below), so a
  // record starts on the line after the one before it ended — rows spanning lines included.
  const starts: number[] = [];
  let previousEnd = 0;
  let next = 0;
  const skipUntil = (end: number) => {
    for (; next < skipped.length && (skipped[next] as { end: number }).end < end; next++) {
      const skip = skipped[next] as (typeof skipped)[number];
      errors.push({
        line: previousEnd + 1,
        message:
          skip.code === "CSV_QUOTE_NOT_CLOSED"
            ? 'a quote (") opened in this row is never closed: this row and all after it could not be read'
            : `not readable as CSV: ${skip.message ?? "parse error"}`,
      });
      previousEnd = skip.end;
    }
  };
  for (const r of records) {
    skipUntil(r.info.lines);
    starts.push(previousEnd + 1);
    previousEnd = r.info.lines;
  }
  skipUntil(Number.POSITIVE_INFINITY);
  const headerAt = Math.max(
    0,
    records.findIndex((r, i) => i < HEADER_SEARCH * 3 && isHeader(r.record)),
  );
  const header = (records[headerAt] as { record: string[] }).record;
  const columns = header.map(normalizeHeader);
  const index = new Map<string, number>();
  columns.forEach((c, i) => {
    if (c && !index.has(c)) index.set(c, i);
  });

  const rows: CsvRow[] = [];
  for (let i = headerAt + 1; i < records.length; i++) {
    const r = records[i] as RawRecord;
    // Blank lines, and rows spreadsheets save as ";;;;;": not rows anyone wrote.
    if (r.record.every((f) => f.trim() === "")) continue;
    const line = starts[i] as number;
    const fields = trimTrailingEmpty(r.record, header.length);
    if (fields.length !== header.length) {
      errors.push({
        line,
        message: `expected ${header.length} fields like the header, found ${fields.length} (a delimiter or quote too many or too few?)`,
      });
      continue;
    }
    rows.push({
      line,
      get: (column) => {
        const i = index.get(column);
        return i === undefined ? undefined : fields[i];
      },
    });
  }
  errors.sort((a, b) => a.line - b.line);
  return { columns, rows, errors };
}

/** "Tweet permalink", "tweet_permalink", " TWEET-PERMALINK " → "tweet permalink". */
export function normalizeHeader(name: string): string {
  return name
    .normalize("NFC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** The first of `names` (already normalised) that the table has, else undefined. */
export function pickColumn(columns: ReadonlySet<string> | readonly string[], names: readonly string[]) {
  const have = columns instanceof Set ? columns : new Set(columns);
  return names.find((n) => have.has(n));
}

interface RawRecord {
  record: string[];
  info: { lines: number };
}

function parseRecords(
  text: string,
  delimiter: string,
  opts: {
    toLine?: number;
    onSkip?: (err: { code?: string; lines?: number; message?: string } | undefined) => void;
  },
): RawRecord[] {
  return parse(text, {
    delimiter,
    // Named, not discovered: csv-parse's discovery rescans the growing buffer, so a file without line
    // breaks took seconds per MB (and parsing blocks the server); exports use one of these three.
    record_delimiter: ["\r\n", "\n", "\r"],
    bom: true,
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_records_with_error: true,
    ...(opts.toLine ? { to_line: opts.toLine } : {}),
    on_skip: (err) => {
      opts.onSkip?.(err);
      return undefined;
    },
  }) as unknown as RawRecord[];
}

/** Comma, semicolon (German Excel) and tab, the one the first line with any of them uses most first. */
function delimiterCandidates(text: string): string[] {
  const counts = new Map<string, number>([
    [",", 0],
    [";", 0],
    ["\t", 0],
  ]);
  const firstLine =
    text
      .slice(0, 65_536)
      .split(/\r?\n|\r/)
      .find((l) => /[,;\t]/.test(l)) ?? "";
  for (const ch of firstLine.replace(/"[^"]*"/g, ""))
    if (counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([d]) => d);
}

/** Spreadsheets pad rows with empty cells ("a;b;c;;"): those do not make a row wrong. */
function trimTrailingEmpty(fields: string[], width: number): string[] {
  let end = fields.length;
  while (end > width && (fields[end - 1] ?? "").trim() === "") end--;
  return end === fields.length ? fields : fields.slice(0, end);
}
