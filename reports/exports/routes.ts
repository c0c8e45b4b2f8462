import { PassThrough, Readable, type Writable } from "node:stream";
import { Hono } from "hono";
import type { DB } from "../../data/db.ts";
import { ValidationError } from "../../data/errors.ts";
import type { CampaignSet, Filters } from "../../data/filters.ts";
import type { Lang } from "../../data/format.ts";
import { type ClusterRow, getClusters } from "../../data/queries/clusters.ts";
import { getTimeline, type TimelinePoint } from "../../data/queries/timeline.ts";
import { downloadName, parseReportFilters, reportLang } from "../request.ts";
import { type CsvOptions, csvDocument, csvHeader, csvRecord, csvText, parseCsvSeparator } from "./csv.ts";
import { postColumns } from "./posts-rows.ts";
import { postChunks } from "./posts-source.ts";
import { CLUSTER_COLUMNS } from "./summary-rows.ts";
import { writeXlsx } from "./xlsx.ts";

export interface ExportRouteDeps {
  db: DB;
  campaigns: CampaignSet;
  now: () => Date;
}

const CSV_TYPE = "text/csv; charset=utf-8";
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * CSV and XLSX downloads with the dashboard's filters (`postLang` is the post
 * language, `lang` the header language, `sep=semicolon` for German Excel).
 * Everything is validated before the first byte, so a bad parameter is a 400
 * (ValidationError, answered by the app's onError); the post rows are then
 * streamed as they are read.
 */
export function createExportRoutes(deps: ExportRouteDeps): Hono {
  const routes = new Hono();

  routes.get("/export/posts.csv", (c) => {
    const { filters, opts } = parseCsvRequest(c.req.query(), deps.campaigns);
    const body = textStream(postsCsv(deps.db, filters, opts));
    return c.body(body, 200, downloadHeaders(CSV_TYPE, downloadName(filters, "beitraege", "csv")));
  });

  routes.get("/export/clusters.csv", async (c) => {
    const { filters, opts } = parseCsvRequest(c.req.query(), deps.campaigns);
    const csv = csvDocument(CLUSTER_COLUMNS, await getClusters(deps.db, filters), opts);
    return c.body(csv, 200, downloadHeaders(CSV_TYPE, downloadName(filters, "cluster", "csv")));
  });

  routes.get("/export/posts.xlsx", async (c) => {
    const { lang: rawLang, ...query } = c.req.query();
    const lang = reportLang(rawLang);
    const filters = parseReportFilters(query, deps.campaigns);
    // The two small sheets are read first: a failure there is still an error response, not a broken file.
    const [clusters, timeline] = await Promise.all([
      getClusters(deps.db, filters),
      getTimeline(deps.db, filters, "day"),
    ]);
    const out = new PassThrough();
    writePostsXlsx(
      deps.db,
      filters,
      { lang, clusters, days: timeline.series, createdAt: deps.now() },
      out,
    ).catch((err: unknown) => {
      // Headers are gone by now: breaking the connection is how the client learns the file is incomplete.
      out.destroy(err instanceof Error ? err : new Error(String(err)));
    });
    const body = Readable.toWeb(out) as unknown as ReadableStream<Uint8Array>;
    return c.body(body, 200, downloadHeaders(XLSX_TYPE, downloadName(filters, "beitraege", "xlsx")));
  });

  return routes;
}

/** The workbook (posts, clusters, days) written to `out`; also used by `npm run report` for .xlsx files. */
export function writePostsXlsx(
  db: DB,
  filters: Filters,
  data: { lang: Lang; clusters: ClusterRow[]; days: TimelinePoint[]; createdAt: Date },
  out: Writable,
): Promise<void> {
  return writeXlsx(out, { ...data, zone: filters.campaign.timezone, posts: postChunks(db, filters) });
}

function parseCsvRequest(
  query: Record<string, string | undefined>,
  campaigns: CampaignSet,
): { filters: Filters; opts: CsvOptions } {
  const { lang: rawLang, sep, ...rest } = query;
  const lang = reportLang(rawLang);
  const separator = parseCsvSeparator(sep);
  if (!separator) throw new ValidationError("invalid parameter 'sep': must be comma or semicolon", "sep");
  return { filters: parseReportFilters(rest, campaigns), opts: { separator, lang } };
}

/** The posts CSV as text chunks (header first), read page by page; also written to files by `npm run report`. */
export async function* postsCsv(
  db: DB,
  f: Filters,
  opts: CsvOptions,
): AsyncGenerator<string, void, undefined> {
  const columns = postColumns(f.campaign.timezone);
  yield csvHeader(columns, opts);
  for await (const chunk of postChunks(db, f)) {
    yield csvText(
      chunk.map((r) => csvRecord(columns, r)),
      opts,
      false,
    );
  }
}

/**
 * A pull stream: the next chunk is read from the database only when the
 * client has taken the previous one, so a slow download holds one chunk.
 */
function textStream(chunks: AsyncGenerator<string, void, undefined>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

function downloadHeaders(contentType: string, filename: string): Record<string, string> {
  return {
    "Content-Type": contentType,
    "Content-Disposition": `attachment; filename="${filename}"`,
    // Exports hold the current state of the data and possibly personal data: never keep a copy.
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  };
}
