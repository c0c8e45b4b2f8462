import { runCli } from "./cli.ts";
import { createLogger } from "./log.ts";

// The process entry point: everything else takes its dependencies as arguments.
const code = await runCli(process.argv.slice(2), process.env, createLogger());
process.exitCode = code;
