import { Hono } from "hono";
import type { DB } from "../data/db.ts";
import type { CampaignSet } from "../data/filters.ts";
import { parseReportFilters, reportLang } from "./request.ts";
import { createWeekReport } from "./week-report.ts";

export interface ReportRouteDeps {
  db: DB;
  campaigns: CampaignSet;
  now: () => Date;
}

/**
 * Report downloads. Errors are thrown (ValidationError → 400) for the app's
 * one onError to answer.
 */
export function createReportRoutes(deps: ReportRouteDeps): Hono {
  const routes = new Hono();

  routes.get("/reports/week.pdf", async (c) => {
    // On report routes `lang` is the report's language (CONTRACT.md); the
    // post-language filter is called `postLang` here, as on the dashboard pages.
    const { lang: rawLang, ...query } = c.req.query();
    const lang = reportLang(rawLang);
    const filters = parseReportFilters(query, deps.campaigns);
    const pdf = await createWeekReport(deps.db, filters, { lang, now: deps.now, campaigns: deps.campaigns });
    return c.body(new Uint8Array(pdf), 200, {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="resonanz-${safeName(filters.campaign.id)}-woche.pdf"`,
    });
  });

  return routes;
}

/** Campaign ids come from the config; still, nothing but [a-z0-9-] goes into a header. */
function safeName(id: string): string {
  return (
    id
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, "-")
      .replace(/^-+|-+$/g, "") || "kampagne"
  );
}
