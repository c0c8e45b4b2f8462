import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import type { Lang } from "../../data/format.ts";
import type { ClusterRow } from "../../data/queries/clusters.ts";
import type { TimelinePoint } from "../../data/queries/timeline.ts";
import { type Bilingual, type Column, cleanText, dayText, headerRow, wallClockDate } from "./columns.ts";
import { POSTS_SHEET, type PostRecord, postColumns } from "./posts-rows.ts";
import { CLUSTER_COLUMNS, CLUSTERS_SHEET, DAY_COLUMNS, DAYS_SHEET } from "./summary-rows.ts";

export interface XlsxExport {
  lang: Lang;
  /** The campaign's timezone, for the local-time column. */
  zone: string;
  posts: AsyncIterable<readonly PostRecord[]>;
  clusters: readonly ClusterRow[];
  days: readonly TimelinePoint[];
  /** The workbook's creation time (document properties). */
  createdAt: Date;
}

/** Excel refuses (offers to "repair") a cell longer than this. */
export const XLSX_MAX_CELL_CHARS = 32_767;

/** A plain cell value: never an object, so exceljs can write no formula, link or rich text. */
type XlsxValue = string | number | Date | null;

const DATE_TIME_FORMAT: Record<Lang, string> = { de: "dd.mm.yyyy hh:mm:ss", en: "yyyy-mm-dd hh:mm:ss" };
const DATE_FORMAT: Record<Lang, string> = { de: "dd.mm.yyyy", en: "yyyy-mm-dd" };

/** One column's value as a cell: numbers as numbers, times as dates, text as (inline) strings. */
export function xlsxValue<R>(column: Column<R>, row: R): XlsxValue {
  const v = column.value(row);
  if (v === null) return null;
  switch (column.kind) {
    case "text": {
      // Excel breaks lines in a cell at "\n"; XML readers turn a raw "\r\n" into "\n" anyway.
      const s = cleanText(String(v)).replace(/\r\n?/g, "\n");
      return s.length > XLSX_MAX_CELL_CHARS ? `${s.slice(0, XLSX_MAX_CELL_CHARS - 1)}…` : s;
    }
    case "integer":
    case "decimal":
    case "percent":
      return typeof v === "number" && Number.isFinite(v) ? v : null;
    case "instant":
      return wallClockDate(String(v), column.zone ?? "UTC");
    case "day": {
      const day = dayText(String(v));
      return day ? new Date(`${day}T00:00:00Z`) : null;
    }
  }
}

function numFmt<R>(column: Column<R>, lang: Lang): string | undefined {
  switch (column.kind) {
    case "instant":
      return DATE_TIME_FORMAT[lang];
    case "day":
      return DATE_FORMAT[lang];
    case "percent":
      return "0.00%";
    case "integer":
      // Thousands grouping; Excel shows the user's own separator (12.345 in German Excel).
      return "#,##0";
    default:
      return undefined;
  }
}

type Sheet = ExcelJS.Worksheet;

function addSheet<R>(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  name: Bilingual,
  columns: readonly Column<R>[],
  lang: Lang,
) {
  const sheet = wb.addWorksheet(name[lang], { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = columns.map((c) => {
    const fmt = numFmt(c, lang);
    return { key: c.key, width: c.width, ...(fmt ? { style: { numFmt: fmt } } : {}) };
  });
  const header = sheet.addRow(headerRow(columns, lang));
  header.font = { bold: true };
  header.commit();
  return sheet;
}

function addRows<R>(sheet: Sheet, columns: readonly Column<R>[], rows: readonly R[]): void {
  for (const r of rows) sheet.addRow(columns.map((c) => xlsxValue(c, r))).commit();
}

/**
 * Writes the workbook to `out` as the posts arrive: sheet "Beiträge"/"Posts"
 * row by row, then "Cluster"/"Clusters" and "Tage"/"Days". Resolves when the
 * last byte is written; rejects (and stops reading posts) when `out` closes early.
 */
export async function writeXlsx(out: Writable, data: XlsxExport): Promise<void> {
  // Inline strings, not shared ones: a shared-string table is held in memory until the end.
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  wb.creator = "Resonanz";
  wb.created = data.createdAt;
  wb.modified = data.createdAt;
  const columns = postColumns(data.zone);
  const posts = addSheet(wb, POSTS_SHEET, columns, data.lang);
  for await (const chunk of data.posts) {
    addRows(posts, columns, chunk);
    await settle(posts, out);
  }
  posts.commit();
  addRows(addSheet(wb, CLUSTERS_SHEET, CLUSTER_COLUMNS, data.lang), CLUSTER_COLUMNS, data.clusters);
  addRows(addSheet(wb, DAYS_SHEET, DAY_COLUMNS, data.lang), DAY_COLUMNS, data.days);
  await wb.commit();
}

/**
 * Waits until the rows written so far have moved on towards the client.
 * exceljs buffers a sheet in a stream that ignores backpressure and pipes it
 * into the pass-through archiver reads the entry from (archiver-utils'
 * normalizeInputSource); that pass-through's buffer is where a slow client
 * would make the whole sheet pile up. So wait for it (and for `out`) to
 * drain. These are exceljs 4.4/archiver 5 internals: if they change, this
 * falls back to waiting for `out` only, which lets the writer run ahead (17
 * of 40 chunks read for an unread download, measured, against 2), and the
 * backpressure test in export-streaming.test.ts fails.
 */
async function settle(sheet: Sheet, out: Writable): Promise<void> {
  for (;;) {
    if (out.destroyed) throw new Error("export aborted: the client went away");
    if (out.writableNeedDrain) {
      await drainOrClose(out, out);
      continue;
    }
    const inner = (sheet as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes?.[0] as
      | (NodeJS.EventEmitter & { _writableState?: { needDrain?: boolean } })
      | undefined;
    if (inner?._writableState?.needDrain) {
      await drainOrClose(inner, out);
      continue;
    }
    // Let zlib and the pipes run before the next chunk is produced.
    await new Promise<void>((resolve) => setImmediate(resolve));
    return;
  }
}

function drainOrClose(emitter: NodeJS.EventEmitter, out: Writable): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      emitter.off("drain", done);
      out.off("close", done);
      resolve();
    };
    emitter.on("drain", done);
    out.on("close", done);
  });
}
