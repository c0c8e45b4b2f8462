import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import type { Logger } from "pino";

/** What a serving process runs besides answering requests (schedules, background work). */
export interface Served {
  app: Hono;
  /** Called once the server listens. */
  start(): void;
  /** Called at a stop signal, before the server closes: schedules end, running jobs are aborted. */
  stop(): Promise<void>;
}

export interface ServeOptions {
  port: number;
  hostname: string;
  banner: string;
  log: Logger;
  onListening?: (url: string) => void;
  /**
   * Builds the app once signals are handled. `closing` fires at shutdown:
   * open live streams end on it, so the server can close.
   */
  build(closing: AbortSignal): Promise<Served>;
  /** Closes the database: last, also when building or listening fails. */
  close(): Promise<void>;
}

/**
 * Serves until SIGTERM/SIGINT (`npm start` on SQLite or PostgreSQL, the
 * demo). On a signal: stop what `build` started, end live streams, close the
 * server, then the database. Returns when everything is closed.
 */
export async function serveUntilStopped(opts: ServeOptions): Promise<void> {
  const { log } = opts;
  // Listen for signals before anything is announced: without a listener the OS
  // default (terminate at once) applies, and a SIGTERM right after the banner
  // would skip the clean shutdown.
  const forceExit = () => process.exit(130); // a second Ctrl-C forces it
  const alreadyStopping = () => log.info("already stopping");
  let onSigint = () => {};
  let onSigterm = () => {};
  const stopRequested = new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info({ signal }, "stopping");
      process.once("SIGINT", forceExit);
      process.on("SIGTERM", alreadyStopping);
      resolve();
    };
    onSigint = () => stop("SIGINT");
    onSigterm = () => stop("SIGTERM");
    process.once("SIGINT", onSigint);
    process.once("SIGTERM", onSigterm);
  });
  const removeListeners = () => {
    for (const [signal, handler] of [
      ["SIGINT", onSigint],
      ["SIGTERM", onSigterm],
      ["SIGINT", forceExit],
      ["SIGTERM", alreadyStopping],
    ] as const) {
      process.removeListener(signal, handler);
    }
  };

  const closing = new AbortController();
  let served: Served;
  let server: ReturnType<typeof serve>;
  try {
    served = await opts.build(closing.signal);
    server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: served.app.fetch, port: opts.port, hostname: opts.hostname }, () =>
        resolve(s),
      );
      s.once("error", reject);
    });
  } catch (err) {
    removeListeners();
    await opts.close();
    throw err;
  }
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : opts.port;
  const url = `http://${opts.hostname.includes(":") ? `[${opts.hostname}]` : opts.hostname}:${port}/`;
  log.info({ url }, "listening");
  process.stderr.write(`${opts.banner}: ${url}  (Ctrl-C stops)\n`);
  opts.onListening?.(url);

  served.start();

  await stopRequested;

  await served.stop();
  closing.abort();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    if ("closeIdleConnections" in server) server.closeIdleConnections();
    // A client that keeps a connection open (a stuck download) must not hold the shutdown.
    setTimeout(() => {
      if ("closeAllConnections" in server) server.closeAllConnections();
    }, 3000).unref();
  });
  await opts.close();
  removeListeners();
  log.info("stopped cleanly");
  process.stderr.write("Beendet / stopped cleanly.\n");
}
