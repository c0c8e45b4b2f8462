import type { DB } from "../data/db.ts";
import type { Filters } from "../data/filters.ts";
import type { Lang } from "../data/format.ts";
import { getSummary } from "../data/queries/summary.ts";
import { getTimeline } from "../data/queries/timeline.ts";
import { renderWeekPdf } from "./pdf/week-pdf.ts";
import { buildWeekModel } from "./week-model.ts";

export interface WeekReportOptions {
  lang: Lang;
  now: () => Date;
  /** "digest": the daily interim report during the campaign. Default "week". */
  kind?: "week" | "digest";
}

/** The end-of-week PDF for the filters: the same queries as the dashboard, a model, then the layout. */
export async function createWeekReport(
  db: DB,
  filters: Filters,
  options: WeekReportOptions,
): Promise<Buffer> {
  const [summary, timeline] = await Promise.all([getSummary(db, filters), getTimeline(db, filters, "day")]);
  const model = buildWeekModel({
    summary,
    timeline,
    campaign: filters.campaign,
    generatedAt: options.now(),
    lang: options.lang,
    filters,
    kind: options.kind ?? "week",
  });
  return renderWeekPdf(model);
}
