import { writeFileSync } from "node:fs";
import { extname, resolve } from "node:path";
import type { Logger } from "pino";
import { parseFilters } from "../../data/filters.ts";
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

/** `npm run report -- --kind week [--campaign ID] [--lang de|en] --out FILE`. */
export async function reportCommand(
  opts: ReportOptions,
  env: NodeJS.ProcessEnv,
  log: Logger,
): Promise<number> {
  if (!opts.out) throw new UsageError("--out FILE is required, e.g. --out week.pdf");
  const kind = opts.kind ?? "week";
  if (kind === "cluster")
    throw new UsageError("--kind cluster is not available yet (it needs cluster attribution)");
  if (kind !== "week") throw new UsageError(`--kind must be week or cluster, got '${kind}'`);
  const lang = opts.lang ?? "de";
  if (lang !== "de" && lang !== "en") throw new UsageError(`--lang must be de or en, got '${lang}'`);
  const ext = extname(opts.out).toLowerCase();
  if (ext !== ".pdf") throw new UsageError(`only .pdf output is available yet, got '${ext || opts.out}'`);

  const rt = await openRuntime(env, log);
  try {
    const filters = parseFilters({ campaign: opts.campaign }, rt.campaigns);
    const pdf = await createWeekReport(rt.database.db, filters, {
      lang,
      now: () => new Date(),
      campaigns: rt.campaigns,
    });
    const path = resolve(opts.out);
    writeFileSync(path, pdf);
    process.stderr.write(`${path} (${Math.round(pdf.length / 1024)} KB)\n`);
    return 0;
  } finally {
    await rt.database.close();
  }
}
