import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { PROJECT_ROOT } from "../config.ts";

export interface CommandRun {
  seconds: number;
  peakMb: number;
  exitCode: number;
  stderr: string;
}

/** Runs `resonanz ARGS` in a child process, timing it and reading its peak memory (peak-rss.ts). */
export function runCommand(args: readonly string[], env: Record<string, string>): Promise<CommandRun> {
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "--import",
      resolve(PROJECT_ROOT, "server/bench/peak-rss.ts"),
      resolve(PROJECT_ROOT, "server/main.ts"),
      ...args,
    ],
    {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LOG_LEVEL: "warn", ...env },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-8000);
  });
  return new Promise((done, fail) => {
    child.once("error", fail);
    child.once("exit", (code) => {
      const kb = Number(/RESONANZ_BENCH_MAX_RSS_KB=(\d+)/.exec(stderr)?.[1] ?? 0);
      done({
        seconds: (performance.now() - t0) / 1000,
        peakMb: kb / 1024,
        exitCode: code ?? 1,
        stderr: stderr.replace(/\n?RESONANZ_BENCH_MAX_RSS_KB=\d+\n?/, "").trim(),
      });
    });
  });
}
