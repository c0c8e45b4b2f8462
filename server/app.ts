import { Hono } from "hono";
import type { Logger } from "pino";
import type { AnalysisAhead, CollectorStore } from "../collectors/types.ts";
import { createPrivacyPageRoutes } from "../dashboard/privacy/routes.tsx";
import type { PrivacyNoticeSettings } from "../dashboard/privacy/view-model.ts";
import { createDashboardRoutes } from "../dashboard/routes.tsx";
import type { DB } from "../data/db.ts";
import { ResonanzError, ValidationError } from "../data/errors.ts";
import type { CampaignSet } from "../data/filters.ts";
import type { PrivacyStore } from "../data/privacy/store.ts";
import { archiveDirFromEnv } from "../reports/archive.ts";
import { createArchiveRoutes } from "../reports/archive-routes.ts";
import { createExportRoutes } from "../reports/exports/routes.ts";
import { createReportRoutes } from "../reports/routes.ts";
import { type Access, createAccess } from "./access/guard.ts";
import type { AccessOptions } from "./access/options.ts";
import { createApiRoutes } from "./api.ts";
import { createImportRoutes } from "./import-routes.tsx";
import { createLiveRoutes } from "./live.ts";
import { createReportRegenerator } from "./privacy-jobs.ts";
import { createPrivacyRoutes } from "./privacy-routes.tsx";

export interface AppDeps {
  db: DB;
  /** Ingest for uploads (platform exports). */
  store: CollectorStore;
  /** A thread analysing a large upload's next batch while the store writes this one (runtime.ts). */
  analysisAhead?: () => AnalysisAhead;
  campaigns: CampaignSet;
  version: string;
  now: () => Date;
  log: Logger;
  /** How often live streams look for new posts (default 2 s; tests go faster). */
  livePollMs?: number;
  /** Where archived reports live (default: RESONANZ_REPORTS_DIR or data/reports). */
  archiveDir?: string;
  /**
   * Access control (server/access/): viewer mode, passwords, secret, the
   * files admin uploads replace, and the server's collect/reload callbacks.
   * Left out: "public" viewers and no admin (admin routes answer 403).
   */
  access?: AccessOptions;
  /**
   * The install's secret (RESONANZ_SECRET or the one stored at first start):
   * keys pseudonymised exports and the erasure log. Without it those answer 503
   * and erasure is not mounted.
   */
  secret?: string;
  /** Erasure and the privacy notice's settings (server/commands/start.ts passes them). */
  privacy?: { store: PrivacyStore; notice: PrivacyNoticeSettings };
  /** Fires at shutdown: open live streams end so the server can close. */
  shutdown?: AbortSignal;
}

/** The HTTP app, built from its dependencies only: tests pass an in-memory database. */
export function createApp(deps: AppDeps): Hono {
  return createAppWithAccess(deps).app;
}

/** The app and its access layer (tests reach the audit log and `ready` through it). */
export function createAppWithAccess(deps: AppDeps): { app: Hono; access: Access } {
  const app = new Hono();
  const access = createAccess({
    db: deps.db,
    campaigns: deps.campaigns,
    now: deps.now,
    log: deps.log,
    options: deps.access,
  });

  // Before every other route: sessions, viewer mode, share-link scopes, the same-site check.
  app.use("*", access.middleware);
  app.route("/", access.routes);

  app.route("/", createApiRoutes(deps));
  app.route(
    "/",
    createLiveRoutes({
      db: deps.db,
      campaigns: deps.campaigns,
      log: deps.log,
      pollMs: deps.livePollMs,
      ...(deps.shutdown ? { shutdown: deps.shutdown } : {}),
    }),
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
      guard: access.forRoute("report.generate", ["campaign", "lang", "from", "to"]),
    }),
  );
  app.route("/", createDashboardRoutes(deps));
  // The privacy notice is always there (it warns when the operator has not filled it in); erasure only
  // with the secret its log is keyed with.
  if (deps.privacy && deps.secret) {
    app.route(
      "/",
      createPrivacyRoutes({
        store: deps.privacy.store,
        campaigns: deps.campaigns.campaigns,
        secret: deps.secret,
        now: deps.now,
        log: deps.log,
        notice: deps.privacy.notice,
        regenerate: createReportRegenerator({
          db: deps.db,
          archiveDir: deps.archiveDir ?? archiveDirFromEnv({}),
          campaigns: deps.campaigns,
          now: deps.now,
          log: deps.log,
        }),
        // The handle is not audited: the erasure log keeps only its hash.
        guard: access.forRoute("erasure", ["platform", "dryRun"]),
      }),
    );
  } else {
    app.route(
      "/",
      createPrivacyPageRoutes({
        settings: deps.privacy?.notice ?? {
          deletedAtSourceDays: 30,
          sources: [],
          campaigns: deps.campaigns.campaigns,
        },
      }),
    );
  }
  app.route(
    "/",
    createImportRoutes({
      store: deps.store,
      ...(deps.analysisAhead ? { analysisAhead: deps.analysisAhead } : {}),
      campaigns: deps.campaigns,
      log: deps.log,
      guard: access.forRoute("import", ["platform", "file"]),
    }),
  );

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

  return { app, access };
}
