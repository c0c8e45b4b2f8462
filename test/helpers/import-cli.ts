import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { type CliResult, collect, ROOT } from "./cli.ts";

/** Like runCli, with `input` written to the command's standard input (for `import … -`). */
export function runCliWithStdin(
  args: string[],
  env: Record<string, string>,
  input: string,
): Promise<CliResult> {
  const child = spawn(process.execPath, ["--import", "tsx", resolve(ROOT, "server/main.ts"), ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: "warn", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  child.stdin.end(input);
  return collect(child);
}
