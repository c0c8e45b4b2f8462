import { serve } from "@hono/node-server";
import type { Logger } from "pino";
import { createApp } from "../app.ts";
import { buildCollectors, runCollectors } from "../collection.ts";
import { openRuntime } from "../runtime.ts";
import { createScheduler } from "../scheduler.ts";
import { VERSION } from "../version.ts";
import { UsageError } from "./usage-error.ts";

/**
 * `npm start`: the dashboard plus the scheduled collectors. Collects once at
 * start so a new install shows data without waiting for the first tick.
 * SIGTERM/SIGINT stop the schedules, abort a running collection (its pages
 * already stored stay stored), close the server and then the database.
 */
export async function startCommand(env: NodeJS.ProcessEnv, log: Logger): Promise<number> {
  const port = parsePort(env.PORT ?? "3000");
  const hostname = env.HOST || "127.0.0.1";
  const rt = await openRuntime(env, log);

  const app = createApp({
    db: rt.database.db,
    campaigns: rt.campaigns,
    version: VERSION,
    now: () => new Date(),
    log,
  });
  const collectors = buildCollectors(rt.config, { store: rt.store, http: rt.http, log, version: VERSION });
  const scheduler = createScheduler(
    collectors.map((e) => ({
      name: `collect:${e.collector.source}`,
      schedule: e.schedule,
      run: (signal) => runCollectors([e.collector], { store: rt.store, log, signal }),
    })),
    { timezone: "Europe/Berlin", log },
  );

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname }, () => resolve(s));
    s.once("error", reject);
  });
  const address = server.address();
  const shownPort = typeof address === "object" && address ? address.port : port;
  const url = `http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${shownPort}/`;
  log.info({ url }, "Resonanz is running");
  process.stderr.write(`Resonanz läuft / is running: ${url}  (Ctrl-C stops)\n`);

  scheduler.start();
  for (const e of collectors) void scheduler.runNow(`collect:${e.collector.source}`);

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info({ signal }, "stopping");
      process.once("SIGINT", () => process.exit(130)); // a second Ctrl-C forces it
      resolve();
    };
    process.once("SIGINT", () => stop("SIGINT"));
    process.once("SIGTERM", () => stop("SIGTERM"));
  });

  await scheduler.stop();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    if ("closeIdleConnections" in server) server.closeIdleConnections();
  });
  await rt.database.close();
  log.info("stopped cleanly");
  return 0;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535)
    throw new UsageError(`PORT must be a number from 0 to 65535, got '${value}'`);
  return port;
}
