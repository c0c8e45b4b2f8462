import { PassThrough, Readable, type Writable } from "node:stream";
import { Hono } from "hono";
import type { DB } from "../../data/db.ts";
import { ResonanzError, ValidationError } from "../../data/errors.ts";
import type { CampaignSet, Filters } from "../../data/filters.ts";
import type { Lang } from "../../data/format.ts";
import { type ClusterRow, getClusters } from "../../data/queries/clusters.ts";
import { getTimeline, type TimelinePoint } from "../../data/queries/timeline.ts";
import { downloadName, parseReportFilters, reportLang } from "../request.ts";
import { type CsvOptions, csvDocument, csvHeader, csvRecord, csvText, parseCsvSeparator } from "./csv.ts";
import { type PostRecord, postColumns, pseudonymiseRecord } from "./posts-rows.ts";
import { postChunks } from "./posts-source.ts";
import { CLUSTER_COLUMNS } from "./summary-rows.ts";

export interface ExportRouteDeps {
  db: DB;
  campaigns: CampaignSet;
  now: () => Date;
  /** The install's secret, which keys the pseudonyms of `?pseudonymise=1`; without it those exports are refused. */
  secret?: string | undefined;
}

/** Maps each exported post (pseudonymisation); identity when absent. */
export type PostMapper = (r: PostRecord) => PostRecord;

const CSV_TYPE = "text/csv; charset=utf-8";
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * CSV and XLSX downloads with the dashboard's filters (`postLang` is the post
 * language, `lang` the header language, `sep=semicolon` for German Excel).
 * Everything is validated before the first byte, so a bad parameter is a 400
 * (ValidationError, answered by the app's onError); the post rows are then
 * streamed as they are read. `pseudonymise=1` on the posts exports replaces
 * authors by stable pseudonyms and masks mentions (posts-rows.ts
 * `pseudonymiseRecord`); the file name says so.
 */
export function createExportRoutes(deps: ExportRouteDeps): Hono {
  const routes = new Hono();

  routes.get("/export/posts.csv", (c) => {
    const { pseudonymise, ...query } = c.req.query();
    const map = postMapper(pseudonymise, deps.secret);
    const { filters, opts } = parseCsvRequest(query, deps.campaigns);
    const body = textStream(postsCsv(deps.db, filters, opts, map));
    return c.body(body, 200, downloadHeaders(CSV_TYPE, postsFileName(filters, "csv", map)));
  });

  routes.get("/export/clusters.csv", async (c) => {
    const { filters, opts } = parseCsvRequest(c.req.query(), deps.campaigns);
    const csv = csvDocument(CLUSTER_COLUMNS, await getClusters(deps.db, filters), opts);
    return c.body(csv, 200, downloadHeaders(CSV_TYPE, downloadName(filters, "cluster", "csv")));
  });

  routes.get("/export/posts.xlsx", async (c) => {
    const { lang: rawLang, pseudonymise, ...query } = c.req.query();
    const map = postMapper(pseudonymise, deps.secret);
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
      map,
    ).catch((err: unknown) => {
      // Headers are gone by now: breaking the connection is how the client learns the file is incomplete.
      out.destroy(err instanceof Error ? err : new Error(String(err)));
    });
    const body = Readable.toWeb(out) as unknown as ReadableStream<Uint8Array>;
    return c.body(body, 200, downloadHeaders(XLSX_TYPE, postsFileName(filters, "xlsx", map)));
  });

  return routes;
}

/** The workbook (posts, clusters, days) written to `out`; also used by `npm run report` for .xlsx files. */
export async function writePostsXlsx(
  db: DB,
  filters: Filters,
  data: { lang: Lang; clusters: ClusterRow[]; days: TimelinePoint[]; createdAt: Date },
  out: Writable,
  map?: PostMapper,
): Promise<void> {
  // exceljs loads with the first workbook, not at server start (server memory at rest).
  const { writeXlsx } = await import("./xlsx.ts");
  return writeXlsx(out, {
    ...data,
    zone: filters.campaign.timezone,
    posts: mapped(postChunks(db, filters), map),
  });
}

/** `pseudonymise=1|true` (or 0|false|absent): the mapper it asks for; a secret is needed for it. */
export function postMapper(value: string | undefined, secret: string | undefined): PostMapper | undefined {
  if (value === undefined || value === "" || value === "0" || value === "false") return undefined;
  if (value !== "1" && value !== "true")
    throw new ValidationError("invalid parameter 'pseudonymise': must be 1 or 0", "pseudonymise");
  if (!secret)
    throw new ResonanzError(
      "pseudonymised exports are not available: no server secret is configured",
      503,
      "no_secret",
    );
  return pseudonymiseRecord(secret);
}

async function* mapped(
  chunks: AsyncGenerator<PostRecord[], void, undefined>,
  map: PostMapper | undefined,
): AsyncGenerator<PostRecord[], void, undefined> {
  if (!map) return yield* chunks;
  for await (const chunk of chunks) yield chunk.map(map);
}

/** "beitraege-…-pseudonymisiert.csv" for a pseudonymised export, so the file says what it holds. */
function postsFileName(filters: Filters, ext: "csv" | "xlsx", map: PostMapper | undefined): string {
  const name = downloadName(filters, "beitraege", ext);
  return map ? name.replace(new RegExp(`\\.${ext}$`), `-pseudonymisiert.${ext}`) : name;
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
  map?: PostMapper,
): AsyncGenerator<string, void, undefined> {
  const columns = postColumns(f.campaign.timezone);
  yield csvHeader(columns, opts);
  for await (const chunk of mapped(postChunks(db, f), map)) {
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
