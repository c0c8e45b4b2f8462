import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";
import { ROOT } from "../helpers/cli.ts";

/** Starts a test script under test/faults in a child process, as the CLI runs (`node --import tsx`). */
export function startScript(script: string, args: string[]): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", resolve(ROOT, "test/faults", script), ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Resolves when the child prints `line` on stdout; rejects when it exits first. */
export function waitForLine(child: ChildProcess, line: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    let out = "";
    let err = "";
    const onData = (d: Buffer) => {
      out += d;
      if (out.split("\n").includes(line)) {
        child.stdout?.off("data", onData);
        resolvePromise();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (d) => {
      err += d;
    });
    child.once("exit", (code, signal) =>
      reject(new Error(`child exited (${code ?? signal}) before printing '${line}': ${err}`)),
    );
  });
}

export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((r) => child.once("exit", (code, signal) => r({ code, signal })));
}
