import pino, { type Logger } from "pino";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

/**
 * Logs go to stderr so that stdout stays machine-readable (`npm run collect`
 * prints one JSON line per source there).
 */
export function createLogger(level = "info"): Logger {
  return pino({ level, base: { app: "resonanz" } }, pino.destination(2));
}
