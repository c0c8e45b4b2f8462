import { writeFileSync } from "node:fs";
import { extname, resolve } from "node:path";
import type { Logger } from "pino";
import { parseFilters } from "../../data/filters.ts";
import { createClusterReport } from "../../reports/cluster-report.ts";
import { createWeekReport } from "../../reports/week-report.ts";
import { openRuntime } from "../runtime.ts";
import { UsageError } from "./usage-error.ts";

export interface ReportOptions {
  kind?: string | undefined;
  cluster?: string | undefined;
  campaign?: string | undefined;
  lang?: string | undefined;
  out?: string | undefined;
}

/** `npm run report -- --kind week|cluster [--cluster ID] [--campaign ID] [--lang de|en] --out FILE`. */
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
  if (ext !== ".pdf") throw new UsageError(`only .pdf output is available yet, got '${ext || opts.out}'`);

  const rt = await openRuntime(env, log);
  try {
    const filters = parseFilters({ campaign: opts.campaign }, rt.campaigns);
    const now = () => new Date();
    const pdf =
      kind === "cluster"
        ? await createClusterReport(rt.database.db, filters, opts.cluster ?? "", { lang, now })
        : await createWeekReport(rt.database.db, filters, { lang, now, campaigns: rt.campaigns });
    const path = resolve(opts.out);
    writeFileSync(path, pdf);
    process.stderr.write(`${path} (${Math.round(pdf.length / 1024)} KB)\n`);
    return 0;
  } finally {
    await rt.database.close();
  }
}
