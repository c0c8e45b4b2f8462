import type { Logger } from "pino";
import { createSqlitePrivacyStore } from "../../data/privacy/store.ts";
import { archiveDirFromEnv } from "../../reports/archive.ts";
import { mailerFromEnv } from "../../reports/mail.ts";
import { accessOptionsFromEnv } from "../access/options.ts";
import { resolveSecret } from "../access/secret.ts";
import { DEFAULT_CLUSTERS_PATH, DEFAULT_EVENTS_PATH } from "../analysis.ts";
import { createApp } from "../app.ts";
import { catchUpAfterStart } from "../catch-up.ts";
import { buildCollectors, runCollectors } from "../collection.ts";
import { type Served, serveUntilStopped } from "../http-serve.ts";
import { databaseUrlFromEnv } from "../pg-runtime.ts";
import { startPgWeb } from "../pg-web.ts";
import { buildPrivacyJobs } from "../privacy-jobs.ts";
import { privacyNoticeSettings } from "../privacy-routes.tsx";
import { buildReportJobs } from "../report-jobs.ts";
import { rebuildRollupsIfNeeded } from "../rollup-rebuild.ts";
import { openRuntime, type Runtime } from "../runtime.ts";
import { createScheduler } from "../scheduler.ts";
import { VERSION } from "../version.ts";
import { UsageError } from "./usage-error.ts";

/**
 * `npm start`: the dashboard plus the scheduled collectors against the configured sources.
 * With DATABASE_URL: a web instance on PostgreSQL (server/pg-web.ts), whose worker collects.
 */
export async function startCommand(env: NodeJS.ProcessEnv, log: Logger): Promise<number> {
  const listen = listenOptions(env);
  const url = databaseUrlFromEnv(env);
  if (url) {
    await startPgWeb(env, url, listen, log);
    return 0;
  }
  const rt = await openRuntime(env, log);
  await serveUntilSignal(rt, { ...listen, env, banner: "Resonanz läuft / is running" });
  return 0;
}

export function listenOptions(env: NodeJS.ProcessEnv): { port: number; hostname: string } {
  const value = env.PORT ?? "3000";
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535)
    throw new UsageError(`PORT must be a number from 0 to 65535, got '${value}'`);
  return { port, hostname: env.HOST || "127.0.0.1" };
}

/**
 * Serves the dashboard and runs the collectors on their schedules until
 * SIGTERM/SIGINT. Collects once at start so a new install shows data without
 * waiting for the first tick. On a signal: stop the schedules, abort a running
 * collection (pages already stored stay stored), close the server, then the
 * database. The runtime is closed when this returns.
 */
export async function serveUntilSignal(
  rt: Runtime,
  opts: {
    port: number;
    hostname: string;
    banner: string;
    /** Where secrets (BLUESKY_*) come from; the demo passes none, so nothing leaves the machine. */
    env: NodeJS.ProcessEnv;
    onListening?: (url: string) => void;
  },
): Promise<void> {
  const { log } = rt;
  await serveUntilStopped({
    ...opts,
    log,
    close: () => rt.database.close(),
    build: (closing) => buildSqliteServer(rt, opts.env, closing),
  });
}

/** The app and everything `npm start` runs beside it on SQLite: collectors, reports, privacy, rollups. */
async function buildSqliteServer(rt: Runtime, env: NodeJS.ProcessEnv, closing: AbortSignal): Promise<Served> {
  const { log } = rt;
  const archiveDir = archiveDirFromEnv(env);
  // A malformed SMTP_URL, password hash or secret stops the start here, before anything listens.
  const mailer = mailerFromEnv(env, rt.config.reports, log);
  const accessOptions = accessOptionsFromEnv(env, rt.config);
  // The install's secret: RESONANZ_SECRET, else the one stored at the first start (the access layer reads the same).
  const secret = (await resolveSecret(rt.database.db, accessOptions.secret)).toString("base64url");
  const collectors = buildCollectors(
    rt.config,
    { store: rt.store, http: rt.http, log, version: VERSION },
    { mode: "serve", env },
  );
  const privacy = createSqlitePrivacyStore(rt.database.sqlite, rt.rollups);
  const app = createApp({
    db: rt.database.db,
    store: rt.store,
    analysisAhead: rt.analysisAhead,
    campaigns: rt.campaigns,
    version: VERSION,
    now: () => new Date(),
    log,
    archiveDir,
    secret,
    shutdown: closing,
    privacy: { store: privacy, notice: privacyNoticeSettings(rt.config) },
    access: {
      ...accessOptions,
      registryPath: rt.config.clusters ?? DEFAULT_CLUSTERS_PATH,
      eventsPath: rt.config.events ?? DEFAULT_EVENTS_PATH,
      // Through the scheduler, so an admin's "collect now" never overlaps a scheduled run.
      collectNow: () =>
        Promise.all(
          collectors
            .filter((e) => !e.continuous)
            .map((e) => scheduler.runNow(`collect:${e.collector.source}`)),
        ),
    },
  });
  // Daily digests during each campaign and the final report after it (archived, mailed when configured).
  const reportJobs = buildReportJobs(rt.config, {
    db: rt.database.db,
    now: () => new Date(),
    log,
    archiveDir,
    mailer,
    campaigns: rt.campaigns,
  });
  const scheduler = createScheduler(
    [
      ...collectors.map((e) => ({
        name: `collect:${e.collector.source}`,
        schedule: e.schedule,
        continuous: e.continuous === true,
        run: (signal: AbortSignal) => runCollectors([e.collector], { store: rt.store, log, signal }),
      })),
      ...reportJobs,
      // Retention of post texts and identities, and purging posts deleted at the source (GDPR).
      ...buildPrivacyJobs(rt.config, { store: privacy, secret, now: () => new Date(), log }),
      // Another process (a `report`, `import` or `rollups --rebuild` run) may have invalidated the
      // rollups meanwhile: until rebuilt, every page counts raw posts, so check every ten minutes.
      {
        name: "rollups",
        schedule: "*/10 * * * *",
        run: (signal: AbortSignal) => rebuildRollupsIfNeeded(rt.store, rt.rollups, { log, signal }),
      },
      // The planner's statistics follow the data as it grows (PRAGMA optimize: cheap when nothing changed).
      { name: "statistics", schedule: "17 * * * *", run: async () => rt.database.optimize() },
    ],
    { timezone: "Europe/Berlin", log },
  );

  // Stored posts follow a changed registry, and rollups are built where they
  // are missing; in the background, so the dashboard is up at once.
  const background = new AbortController();
  let backgroundJobs: Promise<void> = Promise.resolve();
  return {
    app,
    start() {
      backgroundJobs = catchUpAfterStart(rt, { log, signal: background.signal });
      scheduler.start();
      for (const e of collectors) if (!e.continuous) void scheduler.runNow(`collect:${e.collector.source}`);
    },
    async stop() {
      background.abort();
      await backgroundJobs;
      await scheduler.stop();
      mailer?.close();
    },
  };
}
