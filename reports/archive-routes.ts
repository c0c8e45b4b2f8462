import { type Context, Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Logger } from "pino";
import { z } from "zod";
import type { DB } from "../data/db.ts";
import { ResonanzError, ValidationError } from "../data/errors.ts";
import { type CampaignSet, parseFilters } from "../data/filters.ts";
import { isCalendarDay } from "../data/time.ts";
import { isErasurePending, listReports, type ReportRow, readArchived } from "./archive.ts";
import { generateAndArchive } from "./archive-generate.ts";
import { downloadFileName } from "./archive-names.ts";

export interface ArchiveRouteDeps {
  db: DB;
  campaigns: CampaignSet;
  archiveDir: string;
  now: () => Date;
  log: Logger;
  /**
   * Access control for POST (the app passes `access.forRoute("report.generate")`):
   * `before` the body is read (admin only), `after` the size limit (CSRF token,
   * audit row). Left out only in tests of this module.
   */
  guard?: { before: MiddlewareHandler; after: MiddlewareHandler };
}

/** At most this many reports are generated on request at once; more get a 429 (generation is CPU work). */
const MAX_CONCURRENT_REQUESTS = 2;

const day = z.string().refine(isCalendarDay, "must be a calendar day YYYY-MM-DD");
const bodySchema = z
  .object({
    campaign: z
      .string({ error: "must be the id of a configured campaign" })
      .min(1, "must be the id of a configured campaign")
      .max(100),
    lang: z.enum(["de", "en"], { error: "must be de or en" }),
    from: day.optional(),
    to: day.optional(),
    /** The dashboard's language, for the redirect back to the reports page after a form post. */
    uiLang: z.enum(["de", "en"], { error: "must be de or en" }).optional(),
  })
  .strict();

/**
 * The report archive over HTTP:
 * - `GET /reports/archive` lists the recorded reports (JSON, `?campaign=`),
 * - `GET /reports/archive/:id.pdf` serves an archived file after verifying its SHA-256,
 * - `POST /reports/archive` generates and archives a report now (kind "manual").
 *
 * ACCESS CONTROL: reading follows the viewer mode (server/access/); the POST
 * is for the admin only, with the session's CSRF token, when mounted with
 * `guard` (the app always does). It still validates every field, never takes
 * a path or file name from the request, refuses cross-site browser posts and
 * limits how many reports are generated at once.
 *
 * Errors are thrown (ValidationError → 400, NotFoundError → 404,
 * ArchiveIntegrityError → 409) for the app's one onError to answer.
 */
export function createArchiveRoutes(deps: ArchiveRouteDeps): Hono {
  const routes = new Hono();
  let generating = 0;

  routes.get("/reports/archive", async (c) => {
    const campaign = c.req.query("campaign");
    if (campaign !== undefined && !deps.campaigns.campaigns.some((k) => k.id === campaign)) {
      throw new ValidationError("invalid parameter 'campaign': not a configured campaign", "campaign");
    }
    const rows = await listReports(deps.db, campaign);
    return c.json(rows.map(publicRow));
  });

  routes.get("/reports/archive/:name", async (c) => {
    const m = /^([1-9][0-9]{0,11})\.pdf$/.exec(c.req.param("name"));
    if (!m?.[1]) return c.text("Nicht gefunden / Not found", 404);
    const { report, pdf } = await readArchived(deps, Number(m[1]));
    return c.body(new Uint8Array(pdf), 200, {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${downloadName(report)}"`,
      "Content-Length": String(pdf.length),
      "X-Content-Type-Options": "nosniff",
      // The file never changes under its id; the caller's copy can be checked against this.
      ETag: `"${report.sha256}"`,
      "Cache-Control": "private, max-age=3600",
    });
  });

  // The form has five short fields; nothing larger is read into memory.
  const smallBody = bodyLimit({
    maxSize: 8 * 1024,
    onError: () => {
      throw new ResonanzError("request body too large", 413, "too_large");
    },
  });

  const [adminOnly, csrfAndAudit] = [deps.guard?.before ?? passThrough, deps.guard?.after ?? passThrough];
  routes.post("/reports/archive", adminOnly, smallBody, csrfAndAudit, async (c) => {
    // Without a login (see above), at least a browser on another site must not
    // make a visitor's browser start reports. Browsers send Sec-Fetch-Site.
    if (c.req.header("sec-fetch-site") === "cross-site") {
      throw new ResonanzError("cross-site requests are not accepted", 403, "forbidden");
    }
    const { body, isForm } = await readBody(c);
    const input = parseBody(body);
    // The same checks as every report route: known campaign, days in order, window size.
    const filters = parseFilters(
      { campaign: input.campaign, from: input.from, to: input.to },
      deps.campaigns,
    );
    if (generating >= MAX_CONCURRENT_REQUESTS) {
      c.header("Retry-After", "10");
      throw new ResonanzError("reports are being generated; try again in a few seconds", 429, "busy");
    }
    generating++;
    let report: ReportRow;
    try {
      report = await generateAndArchive(deps, {
        campaign: filters.campaign,
        kind: "manual",
        lang: input.lang,
        from: filters.from,
        to: filters.to,
        trigger: "request",
      });
    } finally {
      generating--;
    }
    if (isForm) {
      // A plain HTML form: back to the reports page, where the new report is listed.
      const q = new URLSearchParams({ campaign: report.campaign });
      if (input.uiLang === "en") q.set("lang", "en");
      q.set("archived", String(report.id));
      return c.redirect(`/reports?${q.toString()}#archive-heading`, 303);
    }
    return c.json(publicRow(report), 201, { Location: `/reports/archive/${report.id}.pdf` });
  });

  return routes;

  function publicRow(r: ReportRow) {
    return {
      id: r.id,
      kind: r.kind,
      campaign: r.campaign,
      lang: r.lang,
      from: r.period_from,
      to: r.period_to,
      bytes: r.bytes,
      sha256: r.sha256,
      createdAt: r.created_at,
      trigger: r.trigger,
      status: r.status,
      error: r.error,
      mail: r.mail_status,
      erasurePending: isErasurePending(r),
      // The path inside the archive stays on the server.
      href: r.status === "archived" ? `/reports/archive/${r.id}.pdf` : null,
    };
  }
}

function downloadName(r: ReportRow): string {
  return downloadFileName({
    kind: r.kind,
    campaign: r.campaign,
    lang: r.lang,
    from: r.period_from,
    to: r.period_to,
  });
}

async function readBody(c: Context): Promise<{ body: unknown; isForm: boolean }> {
  const type = (c.req.header("content-type") ?? "").toLowerCase();
  if (type.startsWith("application/json")) {
    try {
      return { body: await c.req.json(), isForm: false };
    } catch {
      throw new ValidationError("invalid body: not valid JSON");
    }
  }
  if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")) {
    const form = await c.req.parseBody();
    const body: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(form)) {
      if (k === "_csrf") continue; // the CSRF token, checked before this handler
      if (typeof v !== "string") throw new ValidationError(`invalid field '${k}': must be text`, k);
      if (v !== "") body[k] = v; // an empty date field means "not given"
    }
    return { body, isForm: true };
  }
  throw new ValidationError("invalid body: send JSON or a form (application/x-www-form-urlencoded)");
}

function parseBody(body: unknown): z.infer<typeof bodySchema> {
  const parsed = bodySchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const keys = issue && "keys" in issue && Array.isArray(issue.keys) ? issue.keys : [];
    const name = issue?.path.join(".") || keys[0] || undefined;
    const message = issue?.code === "unrecognized_keys" ? "unknown field" : (issue?.message ?? "invalid");
    throw new ValidationError(`invalid field '${name ?? "body"}': ${message}`, name);
  }
  return parsed.data;
}

/** No access control (tests of this module alone). */
const passThrough: MiddlewareHandler = async (_c, next) => {
  await next();
};
