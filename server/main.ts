import { runCli } from "./cli.ts";
import { createLogger, LOG_LEVELS } from "./log.ts";

// The process entry point: everything else takes its dependencies as arguments.
const level = process.env.LOG_LEVEL || "info";
if (!LOG_LEVELS.includes(level)) {
  process.stderr.write(`resonanz: LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, got '${level}'\n`);
  process.exitCode = 2;
} else {
  process.exitCode = await runCli(process.argv.slice(2), process.env, createLogger(level));
}
