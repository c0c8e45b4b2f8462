import { Hono } from "hono";
import type { Logger } from "pino";
import type { CollectorStore } from "../collectors/types.ts";
import { createDashboardRoutes } from "../dashboard/routes.tsx";
import type { DB } from "../data/db.ts";
import { ResonanzError, ValidationError } from "../data/errors.ts";
import type { CampaignSet } from "../data/filters.ts";
import { archiveDirFromEnv } from "../reports/archive.ts";
import { createArchiveRoutes } from "../reports/archive-routes.ts";
import { createExportRoutes } from "../reports/exports/routes.ts";
import { createReportRoutes } from "../reports/routes.ts";
import { createApiRoutes } from "./api.ts";
import { createImportRoutes } from "./import-routes.tsx";
import { createLiveRoutes } from "./live.ts";

export interface AppDeps {
  db: DB;
  /** Ingest for uploads (platform exports). */
  store: CollectorStore;
  campaigns: CampaignSet;
  version: string;
  now: () => Date;
  log: Logger;
  /** How often live streams look for new posts (default 2 s; tests go faster). */
  livePollMs?: number;
  /** Where archived reports live (default: RESONANZ_REPORTS_DIR or data/reports). */
  archiveDir?: string;
}

/** The HTTP app, built from its dependencies only: tests pass an in-memory database. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();

  app.route("/", createApiRoutes(deps));
  app.route(
    "/",
    createLiveRoutes({ db: deps.db, campaigns: deps.campaigns, log: deps.log, pollMs: deps.livePollMs }),
  );
  app.route("/", createReportRoutes(deps));
  app.route("/", createExportRoutes(deps));
  app.route(
    "/",
    createArchiveRoutes({
      db: deps.db,
      campaigns: deps.campaigns,
      archiveDir: deps.archiveDir ?? archiveDirFromEnv({}),
      now: deps.now,
      log: deps.log,
    }),
  );
  app.route("/", createDashboardRoutes(deps));
  app.route("/", createImportRoutes({ store: deps.store, campaigns: deps.campaigns, log: deps.log }));

  app.notFound((c) => {
    if (c.req.path.startsWith("/api/")) return c.json({ error: `no such route: ${c.req.path}` }, 404);
    return c.text("Nicht gefunden / Not found", 404);
  });

  // One place maps the error taxonomy to responses; nothing else reaches a client.
  app.onError((err, c) => {
    // Downloads are fetched by scripts too: their errors are JSON like the API's.
    const wantsJson =
      c.req.path.startsWith("/api/") ||
      c.req.path.startsWith("/export/") ||
      c.req.path.startsWith("/reports/") ||
      c.req.path === "/healthz";
    if (err instanceof ResonanzError) {
      const param = err instanceof ValidationError && err.param ? { param: err.param } : {};
      return wantsJson
        ? c.json({ error: err.message, ...param }, err.status as 400)
        : c.text(err.message, err.status as 400);
    }
    deps.log.error({ err, path: c.req.path }, "request failed");
    const message = "internal error";
    return wantsJson ? c.json({ error: message }, 500) : c.text("Interner Fehler / Internal error", 500);
  });

  return app;
}
