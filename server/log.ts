import pino, { type Logger } from "pino";

/**
 * Logs go to stderr so that stdout stays machine-readable (`npm run collect`
 * prints one JSON line per source there).
 */
export function createLogger(level = process.env.LOG_LEVEL ?? "info"): Logger {
  return pino({ level, base: { app: "resonanz" } }, pino.destination(2));
}
