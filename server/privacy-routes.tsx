import { type Context, Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Logger } from "pino";
import { createPrivacyPageRoutes } from "../dashboard/privacy/routes.tsx";
import type { PrivacyNoticeSettings } from "../dashboard/privacy/view-model.ts";
import type { Campaign } from "../data/campaign.ts";
import { ResonanzError, ValidationError } from "../data/errors.ts";
import { type ErasureDeps, eraseAuthorWith, validateErasureRequest } from "../data/privacy/erasure.ts";
import type { PrivacyStore } from "../data/privacy/store.ts";
import type { Config } from "./config.ts";

export interface PrivacyRouteDeps {
  /** The database's side of erasure (data/privacy/store.ts for SQLite, data/pg/privacy-store.ts). */
  store: PrivacyStore;
  campaigns: readonly Campaign[];
  /** The install's secret: the erasure log's hash is keyed with it. */
  secret: string;
  now: () => Date;
  log: Logger;
  /** Makes flagged reports again after an erasure (server/privacy-jobs.ts createReportRegenerator). */
  regenerate?: ErasureDeps["regenerate"];
  /**
   * Admin protection of `POST /admin/erase`. Default: deny everyone (403), so
   * the route is never open by accident. Either one middleware (`requireAdmin`)
   * or the access layer's route guard: `before` runs before the body is read,
   * `after` after the size limit (CSRF check, audit row). An audit must not
   * record the `handle` field: the erasure log keeps a hash of it only.
   */
  guard?: MiddlewareHandler | { before: MiddlewareHandler; after: MiddlewareHandler } | undefined;
  /** The privacy notice's settings; when given, `/datenschutz` and `/privacy` are served here too. */
  notice?: PrivacyNoticeSettings | undefined;
}

/** The privacy notice's settings from the config: the operator's details, periods, sources and campaigns. */
export function privacyNoticeSettings(
  config: Pick<Config, "privacy" | "sources" | "campaigns">,
): PrivacyNoticeSettings {
  const { privacy } = config;
  return {
    controller: privacy.controller,
    legalBasis: privacy.legalBasis,
    retentionDays: privacy.retentionDays,
    deletedAtSourceDays: privacy.deletedAtSourceDays,
    sources: Object.entries(config.sources)
      .filter(([, v]) => v !== undefined)
      .map(([k]) => k),
    campaigns: config.campaigns,
  };
}

/** The default guard: nobody may erase until an admin check is wired in. */
export const denyAll: MiddlewareHandler = async (c) =>
  c.json({ error: "erasure is not available: no administrator access is configured" }, 403);

/**
 * `POST /admin/erase` (JSON or form fields `handle`, `platform`, `dryRun`)
 * erases an author (data/privacy/erasure.ts) and answers the counts as JSON;
 * with `dryRun` it only counts. Errors are JSON too (400 for a bad field).
 * Mount at the root: `app.route("/", createPrivacyRoutes(deps))`.
 */
export function createPrivacyRoutes(deps: PrivacyRouteDeps): Hono {
  const app = new Hono();
  if (deps.notice) app.route("/", createPrivacyPageRoutes({ settings: deps.notice }));

  const smallBody = bodyLimit({
    maxSize: 8 * 1024,
    onError: (c) => c.json({ error: "request body too large" }, 413),
  });

  const guard = deps.guard ?? denyAll;
  const before = typeof guard === "function" ? guard : guard.before;
  const after: MiddlewareHandler = typeof guard === "function" ? (_c, next) => next() : guard.after;

  app.post("/admin/erase", before, smallBody, after, async (c) => {
    try {
      // An admin's browser must not be made to erase from another site.
      if (c.req.header("sec-fetch-site") === "cross-site")
        throw new ResonanzError("cross-site requests are not accepted", 403, "forbidden");
      const body = await readBody(c);
      const { platform, handle } = validateErasureRequest(body);
      const result = await eraseAuthorWith(
        deps.store.erasure,
        {
          campaigns: deps.campaigns,
          secret: deps.secret,
          now: deps.now,
          log: deps.log,
          regenerate: deps.regenerate,
        },
        { platform, handle, dryRun: isTrue(body.dryRun), trigger: "http" },
      );
      return c.json(result);
    } catch (err) {
      if (err instanceof ResonanzError) {
        const param = err instanceof ValidationError && err.param ? { param: err.param } : {};
        return c.json({ error: err.message, ...param }, err.status as 400);
      }
      throw err;
    }
  });
  return app;
}

function isTrue(v: unknown): boolean {
  return v === true || v === "1" || v === "true" || v === "on";
}

const FIELDS = new Set(["handle", "platform", "dryRun", "_csrf"]);

async function readBody(c: Context): Promise<Record<string, unknown>> {
  const type = (c.req.header("content-type") ?? "").toLowerCase();
  let body: unknown;
  if (type.startsWith("application/json")) {
    try {
      body = await c.req.json();
    } catch {
      throw new ValidationError("invalid body: not valid JSON");
    }
  } else if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")) {
    const form = await c.req.parseBody();
    for (const [k, v] of Object.entries(form))
      if (typeof v !== "string") throw new ValidationError(`invalid field '${k}': must be text`, k);
    body = form;
  } else {
    throw new ValidationError("invalid body: send JSON or a form (application/x-www-form-urlencoded)");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new ValidationError("invalid body: must be an object with 'handle'");
  for (const k of Object.keys(body))
    if (!FIELDS.has(k)) throw new ValidationError(`invalid field '${k}': unknown field`, k);
  return body as Record<string, unknown>;
}
