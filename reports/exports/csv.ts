import { stringify } from "csv-stringify/sync";
import type { Lang } from "../../data/format.ts";
import { type Column, cleanText, dayText, headerRow, wallClockText } from "./columns.ts";

/**
 * CSV cells and rows (pure). Quoting, the BOM and formula neutralisation are
 * csv-stringify's; this module decides what each column's value becomes.
 */

export type CsvSeparator = "," | ";";

export interface CsvOptions {
  separator: CsvSeparator;
  lang: Lang;
}

/** What csv-stringify receives per cell: numbers stay numbers so a negative one is not taken for a formula. */
export type CsvField = string | number | null;

/** `?sep=semicolon` is for German Excel, which splits on `;` and reads "0,5" as a number. */
export function parseCsvSeparator(value: string | undefined): CsvSeparator | null {
  if (value === undefined || value === "" || value === "comma") return ",";
  if (value === "semicolon") return ";";
  return null;
}

/**
 * A number as text without exponent, at most six decimals; with a decimal
 * comma where the separator is `;`. Not finite → empty.
 */
export function formatCsvNumber(x: number, decimalComma: boolean): string {
  if (!Number.isFinite(x)) return "";
  let s = Number.isInteger(x) ? String(x) : x.toFixed(6).replace(/\.?0+$/, "");
  if (s === "-0") s = "0";
  return decimalComma ? s.replace(".", ",") : s;
}

/** One column's value as a CSV field. */
export function csvField<R>(column: Column<R>, row: R): CsvField {
  const v = column.value(row);
  if (v === null) return null;
  switch (column.kind) {
    case "text":
      return cleanText(String(v));
    case "integer":
    case "decimal":
      return typeof v === "number" ? v : null;
    case "percent":
      // The header says "(%)": 0.666667 → 66.6667.
      return typeof v === "number" ? Math.round(v * 1e6) / 1e4 : null;
    case "instant":
      // UTC as the stored ISO instant (what the API returns), other zones as wall-clock time.
      return column.zone === "UTC" || column.zone === undefined
        ? String(v)
        : wallClockText(String(v), column.zone);
    case "day":
      return dayText(String(v));
  }
}

export function csvRecord<R>(columns: readonly Column<R>[], row: R): CsvField[] {
  return columns.map((c) => csvField(c, row));
}

/**
 * Records as CSV text: CRLF line ends (RFC 4180, Excel), quotes where a field
 * holds a quote, the separator or a line break, and `'` before a text field
 * starting with = + - @ tab or CR (also their full-width forms), so a
 * spreadsheet shows it instead of evaluating it. `bom` starts the file with
 * U+FEFF, without which Excel reads UTF-8 as Windows-1252.
 */
export function csvText(records: readonly CsvField[][], opts: CsvOptions, bom: boolean): string {
  const decimalComma = opts.separator === ";";
  return stringify(records as CsvField[][], {
    bom,
    delimiter: opts.separator,
    record_delimiter: "windows",
    // Without this, a custom record delimiter makes csv-stringify quote only fields holding "\r\n",
    // and a lone "\n" in a post would end the row in every reader.
    quote_record_delimiter: true,
    escape_formulas: true,
    cast: { number: (x) => formatCsvNumber(x, decimalComma) },
  });
}

/** The header row, with the BOM: the start of every CSV export. */
export function csvHeader<R>(columns: readonly Column<R>[], opts: CsvOptions): string {
  return csvText([headerRow(columns, opts.lang)], opts, true);
}

/** A whole CSV (header and rows) for short tables such as the clusters. */
export function csvDocument<R>(columns: readonly Column<R>[], rows: readonly R[], opts: CsvOptions): string {
  return (
    csvHeader(columns, opts) +
    csvText(
      rows.map((r) => csvRecord(columns, r)),
      opts,
      false,
    )
  );
}
