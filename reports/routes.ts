import { Hono } from "hono";
import type { DB } from "../data/db.ts";
import { NotFoundError } from "../data/errors.ts";
import type { CampaignSet } from "../data/filters.ts";
import { createClusterReport } from "./cluster-report.ts";
import { downloadName, parseReportFilters, reportLang } from "./request.ts";
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
      "Content-Disposition": `inline; filename="${downloadName(filters, "woche", "pdf")}"`,
    });
  });

  // A cluster's report; the cluster is in the path, so `cluster`/`state` filters do not apply.
  routes.get("/reports/clusters/:file", async (c) => {
    const m = /^([a-z0-9]+(?:-[a-z0-9]+)*)\.pdf$/.exec(c.req.param("file"));
    if (!m?.[1]) throw new NotFoundError("no such report: /reports/clusters/ID.pdf takes a registry id");
    const id = m[1];
    const { lang: rawLang, cluster: _c, state: _s, ...query } = c.req.query();
    const lang = reportLang(rawLang);
    const filters = parseReportFilters(query, deps.campaigns);
    const pdf = await createClusterReport(deps.db, filters, id, { lang, now: deps.now });
    return c.body(new Uint8Array(pdf), 200, {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="${downloadName({ ...filters, cluster: id }, "bericht", "pdf")}"`,
    });
  });

  return routes;
}
