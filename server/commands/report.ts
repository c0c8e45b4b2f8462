import { createWriteStream, statSync, writeFileSync } from "node:fs";
import { extname, resolve } from "node:path";
import { Readable } from "node:stream";
import { finished, pipeline } from "node:stream/promises";
import type { Logger } from "pino";
import { NotFoundError } from "../../data/errors.ts";
import { parseFilters } from "../../data/filters.ts";
import { getClusters, listRegistryClusters } from "../../data/queries/clusters.ts";
import { getTimeline } from "../../data/queries/timeline.ts";
import { createClusterReport } from "../../reports/cluster-report.ts";
import { postsCsv, writePostsXlsx } from "../../reports/exports/routes.ts";
import { createWeekReport } from "../../reports/week-report.ts";
import { openAnyRuntime } from "../any-runtime.ts";
import { loadConfig } from "../config.ts";
import { configPathFromEnv } from "../runtime.ts";
import { UsageError } from "./usage-error.ts";

export interface ReportOptions {
  kind?: string | undefined;
  cluster?: string | undefined;
  campaign?: string | undefined;
  lang?: string | undefined;
  out?: string | undefined;
}

/**
 * `npm run report -- --kind week|cluster [--cluster ID] [--campaign ID] [--lang de|en] --out FILE`:
 * a PDF, or by the file's extension the posts as `.csv` or the workbook as `.xlsx` (CONTRACT.md).
 * With DATABASE_URL it reads PostgreSQL (a worker or web instance need not run).
 */
export async function reportCommand(
  opts: ReportOptions,
  env: NodeJS.ProcessEnv,
  log: Logger,
): Promise<number> {
  if (!opts.out) throw new UsageError("--out FILE is required, e.g. --out week.pdf");
  const kind = opts.kind ?? "week";
  if (kind !== "week" && kind !== "cluster")
    throw new UsageError(`--kind must be week or cluster, got '${kind}'`);
  if (kind === "cluster" && !opts.cluster)
    throw new UsageError("--kind cluster needs --cluster ID (a registry id)");
  if (kind === "week" && opts.cluster) throw new UsageError("--cluster goes with --kind cluster");
  const lang = opts.lang ?? "de";
  if (lang !== "de" && lang !== "en") throw new UsageError(`--lang must be de or en, got '${lang}'`);
  const ext = extname(opts.out).toLowerCase();
  if (ext !== ".pdf" && ext !== ".csv" && ext !== ".xlsx")
    throw new UsageError(`--out must end in .pdf, .csv or .xlsx, got '${ext || opts.out}'`);

  // On SQLite (RESONANZ_DB) or, with DATABASE_URL, on PostgreSQL: the reports read through Kysely alone.
  const rt = await openAnyRuntime(loadConfig(configPathFromEnv(env)), env, log, "resonanz report");
  try {
    const filters = parseFilters(
      { campaign: opts.campaign, cluster: kind === "cluster" ? opts.cluster : undefined },
      rt.campaigns,
    );
    const now = () => new Date();
    const db = rt.db;
    const path = resolve(opts.out);
    if (kind === "cluster") {
      // Refuses an unknown cluster (exit 2) before any file is written.
      const known = await listRegistryClusters(db);
      if (!known.some((c) => c.id === opts.cluster))
        throw new NotFoundError(`no cluster '${opts.cluster}' in the registry`);
    }
    if (ext === ".pdf") {
      const pdf =
        kind === "cluster"
          ? await createClusterReport(db, { ...filters, cluster: null }, opts.cluster ?? "", { lang, now })
          : await createWeekReport(db, filters, { lang, now, campaigns: rt.campaigns });
      writeFileSync(path, pdf);
    } else if (ext === ".csv") {
      // The filtered posts, page by page (a cluster's report: that cluster's posts).
      await pipeline(Readable.from(postsCsv(db, filters, { separator: ",", lang })), createWriteStream(path));
    } else {
      const [clusters, timeline] = await Promise.all([
        getClusters(db, { ...filters, cluster: null }),
        getTimeline(db, filters, "day"),
      ]);
      const out = createWriteStream(path);
      const done = finished(out);
      await writePostsXlsx(db, filters, { lang, clusters, days: timeline.series, createdAt: now() }, out);
      await done;
    }
    process.stderr.write(`${path} (${Math.round(statSync(path).size / 1024)} KB)\n`);
    return 0;
  } finally {
    await rt.close();
  }
}
