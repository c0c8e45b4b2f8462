import type { Logger } from "pino";
import { abortableSleep } from "../../collectors/http.ts";
import { acquireLeaderLock } from "../../data/pg/leader-lock.ts";
import { createPgPrivacyStore } from "../../data/pg/privacy-store.ts";
import { archiveDirFromEnv } from "../../reports/archive.ts";
import { mailerFromEnv, type ReportMailer } from "../../reports/mail.ts";
import { MIN_SECRET_LENGTH, resolveSecret } from "../access/secret.ts";
import { catchUpAfterStart } from "../catch-up.ts";
import { buildCollectors, runCollectors } from "../collection.ts";
import { loadConfig } from "../config.ts";
import { databaseUrlFromEnv, openPgRuntime, type PgRuntime } from "../pg-runtime.ts";
import { buildPrivacyJobs } from "../privacy-jobs.ts";
import { buildReportJobs } from "../report-jobs.ts";
import { rebuildRollupsIfNeeded } from "../rollup-rebuild.ts";
import { configPathFromEnv } from "../runtime.ts";
import { createScheduler } from "../scheduler.ts";
import { VERSION } from "../version.ts";
import { UsageError } from "./usage-error.ts";

/** The advisory lock only one worker holds: the one that collects. */
export const COLLECTOR_LOCK = "collector";

export type WorkerState = "waiting" | "leading" | "lost" | "stopped";

export interface WorkerOptions {
  /** Where secrets (BLUESKY_*) come from. */
  env: NodeJS.ProcessEnv;
  /** Ends the worker (SIGTERM): collection is aborted, the lock released. */
  signal: AbortSignal;
  /** How often a waiting worker tries the lock again (default 15 s). */
  retryMs?: number;
  /** The lock's heartbeat (leader-lock.ts; default 10 s). */
  heartbeatMs?: number;
  /** Told each change of state (tests, logs). */
  onState?: (state: WorkerState) => void;
  /** E-mails scheduled reports (SMTP_URL and recipients); made once by workerCommand, closed by it. */
  mailer?: ReportMailer | undefined;
}

/**
 * `resonanz worker` (PostgreSQL, DATABASE_URL): the collecting process of an
 * install with several web instances. It collects on the configured schedules,
 * re-attributes after a registry change, builds missing rollups, makes the
 * scheduled reports and runs retention, but only while it holds the
 * database's collector lock; a second worker waits and takes over when the
 * first stops or dies. The web instances (server/pg-web.ts) run none of these.
 */
export async function workerCommand(env: NodeJS.ProcessEnv, log: Logger): Promise<number> {
  const url = databaseUrlFromEnv(env);
  if (!url)
    throw new UsageError(
      "worker needs DATABASE_URL (postgres://user:password@host:5432/db): it coordinates with the other processes through PostgreSQL",
    );
  const config = loadConfig(configPathFromEnv(env));
  if (env.RESONANZ_SECRET && env.RESONANZ_SECRET.length < MIN_SECRET_LENGTH)
    throw new UsageError(`RESONANZ_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
  // A malformed SMTP_URL stops the worker before it connects.
  const mailer = mailerFromEnv(env, config.reports, log);
  const rt = await openPgRuntime(config, url, log, { applicationName: "resonanz worker" });
  const stop = new AbortController();
  const onSignal = (signal: string) => {
    log.info({ signal }, "stopping");
    stop.abort();
  };
  const onSigint = () => onSignal("SIGINT");
  const onSigterm = () => onSignal("SIGTERM");
  process.once("SIGINT", onSigint);
  process.once("SIGTERM", onSigterm);
  try {
    await runWorker(rt, { env, signal: stop.signal, mailer });
    return 0;
  } finally {
    process.off("SIGINT", onSigint);
    process.off("SIGTERM", onSigterm);
    mailer?.close();
    await rt.close();
  }
}

/**
 * Waits for the collector lock, collects while holding it, and waits again
 * when it is lost (its connection died: another worker may be collecting by
 * then, so everything stops first). Returns when `signal` aborts.
 */
export async function runWorker(rt: PgRuntime, opts: WorkerOptions): Promise<void> {
  const { log } = rt;
  const retryMs = opts.retryMs ?? 15_000;
  let announcedWait = false;
  while (!opts.signal.aborted) {
    const lock = await acquireLeaderLock(rt.pool, COLLECTOR_LOCK, {
      heartbeatMs: opts.heartbeatMs ?? 10_000,
    });
    if (!lock.held) {
      if (!announcedWait) log.info("another worker holds the collector lock; waiting for it");
      announcedWait = true;
      opts.onState?.("waiting");
      await abortableSleep(retryMs, opts.signal).catch(() => {});
      continue;
    }
    announcedWait = false;
    log.info("collector lock taken: collecting");
    opts.onState?.("leading");
    const lead = new AbortController();
    const onStop = () => lead.abort();
    opts.signal.addEventListener("abort", onStop, { once: true });
    // A stop that came while the lock was being taken has fired already.
    if (opts.signal.aborted) lead.abort();
    const ended: { lost: Error | null } = { lost: null };
    void lock.lost.then((err) => {
      ended.lost = err;
      lead.abort();
    });
    try {
      await collectWhileLeading(rt, opts, lead.signal);
    } finally {
      opts.signal.removeEventListener("abort", onStop);
      await lock.release();
    }
    if (ended.lost) {
      log.error({ err: ended.lost.message }, "collector lock lost: collection stopped");
      opts.onState?.("lost");
      // Another worker has probably taken over: give it the lock rather than race it back.
      await abortableSleep(retryMs, opts.signal).catch(() => {});
    }
  }
  opts.onState?.("stopped");
}

/** The worker's jobs (start.ts's on SQLite, without the web side), until `signal` aborts. */
async function collectWhileLeading(rt: PgRuntime, opts: WorkerOptions, signal: AbortSignal): Promise<void> {
  const { log } = rt;
  const { env } = opts;
  const now = () => new Date();
  // Pseudonyms are keyed with the install's secret, the same the web instances read.
  const secret = (await resolveSecret(rt.db, env.RESONANZ_SECRET || undefined)).toString("base64url");
  const collectors = buildCollectors(
    rt.config,
    { store: rt.store, http: rt.http, log, version: VERSION },
    { mode: "serve", env },
  );
  const scheduler = createScheduler(
    [
      ...collectors.map((e) => ({
        name: `collect:${e.collector.source}`,
        schedule: e.schedule,
        continuous: e.continuous === true,
        run: (s: AbortSignal) => runCollectors([e.collector], { store: rt.store, log, signal: s }),
      })),
      // Daily digests and final reports, archived in RESONANZ_REPORTS_DIR (shared with the web
      // instances, which serve the downloads) and mailed when configured.
      ...buildReportJobs(rt.config, {
        db: rt.db,
        now,
        log,
        archiveDir: archiveDirFromEnv(env),
        mailer: opts.mailer,
        campaigns: rt.campaigns,
      }),
      // Retention of post texts and identities, and purging posts deleted at the source (GDPR).
      ...buildPrivacyJobs(rt.config, { store: createPgPrivacyStore(rt.db, rt.rollups), secret, now, log }),
      // A web instance or `rollups --rebuild` may have invalidated the rollups meanwhile.
      {
        name: "rollups",
        schedule: "*/10 * * * *",
        run: (s: AbortSignal) => rebuildRollupsIfNeeded(rt.store, rt.rollups, { log, signal: s }),
      },
    ],
    { timezone: "Europe/Berlin", log },
  );
  const background = catchUpAfterStart(rt, { log, signal });
  scheduler.start();
  for (const e of collectors) if (!e.continuous) void scheduler.runNow(`collect:${e.collector.source}`);
  if (!signal.aborted)
    await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
  await background;
  await scheduler.stop();
}
