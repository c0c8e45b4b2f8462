import type { Logger } from "pino";
import { createPgPrivacyStore } from "../data/pg/privacy-store.ts";
import { archiveDirFromEnv } from "../reports/archive.ts";
import { accessOptionsFromEnv } from "./access/options.ts";
import { resolveSecret } from "./access/secret.ts";
import { createApp } from "./app.ts";
import { loadConfig } from "./config.ts";
import { type Served, serveUntilStopped } from "./http-serve.ts";
import { openPgRuntime, type PgRuntime } from "./pg-runtime.ts";
import { privacyNoticeSettings } from "./privacy-routes.tsx";
import { configPathFromEnv } from "./runtime.ts";
import { VERSION } from "./version.ts";

/**
 * `npm start` with DATABASE_URL: one web instance of several behind a load
 * balancer, all on one PostgreSQL database with one `resonanz worker`. It
 * serves the dashboard, the API, logins and share links (sessions live in the
 * database, so any instance answers any browser), report downloads and
 * reports made on request, uploads (through the PostgreSQL store, under the
 * write lock), erasure and the live stream. It runs no schedule: collecting,
 * scheduled reports, retention and rollup rebuilds are the worker's, or N
 * instances would run each of them N times.
 */
export async function startPgWeb(
  env: NodeJS.ProcessEnv,
  url: string,
  listen: { port: number; hostname: string },
  log: Logger,
): Promise<void> {
  const config = loadConfig(configPathFromEnv(env));
  const rt = await openPgRuntime(config, url, log, {
    applicationName: "resonanz web",
    syncRegistry: "if-empty",
  });
  await serveUntilStopped({
    ...listen,
    log,
    banner: "Resonanz läuft (PostgreSQL, Web-Instanz) / is running (PostgreSQL, web instance)",
    close: () => rt.close(),
    build: (closing) => buildPgWebServer(rt, env, closing),
  });
}

export async function buildPgWebServer(
  rt: PgRuntime,
  env: NodeJS.ProcessEnv,
  closing: AbortSignal,
): Promise<Served> {
  const { log } = rt;
  const accessOptions = accessOptionsFromEnv(env, rt.config);
  // Every instance and the worker read the same secret: RESONANZ_SECRET, else the one the first
  // process stored (an insert that does nothing when another process stored one first).
  const secret = (await resolveSecret(rt.db, accessOptions.secret)).toString("base64url");
  const app = createApp({
    db: rt.db,
    store: rt.store,
    analysisAhead: rt.analysisAhead,
    campaigns: rt.campaigns,
    version: VERSION,
    now: () => new Date(),
    log,
    // Shared by every instance and the worker (a network file system): the worker archives the
    // scheduled reports there, and any instance may be asked for any file.
    archiveDir: archiveDirFromEnv(env),
    secret,
    shutdown: closing,
    privacy: { store: createPgPrivacyStore(rt.db, rt.rollups), notice: privacyNoticeSettings(rt.config) },
    access: { ...accessOptions, workerCollects: true },
  });
  return { app, start() {}, stop: async () => {} };
}
