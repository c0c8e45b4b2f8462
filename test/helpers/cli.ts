import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");
const MAIN = resolve(ROOT, "server/main.ts");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Starts the real CLI as `npm run …` does (`node --import tsx server/main.ts`) in
 * a child process. Async, so loopback fakes in this process keep answering.
 */
export function startCli(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", MAIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

export function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  const child = startCli(args, env);
  return collect(child);
}

export function collect(child: ChildProcess): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d) => {
    stdout += d;
  });
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  return new Promise((resolvePromise) =>
    child.on("close", (code) => resolvePromise({ code, stdout, stderr })),
  );
}
