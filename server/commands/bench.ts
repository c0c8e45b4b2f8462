import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { MAX_POSTS } from "../../demo/world/generate.ts";
import { LEVELS, runBench } from "../bench/run.ts";
import { formatBench } from "../bench/table.ts";
import { UsageError } from "./usage-error.ts";

export interface BenchCommandOptions {
  posts?: string | undefined;
  json?: boolean | undefined;
  keep?: string | undefined;
}

/**
 * `npm run bench -- [--posts N] [--json] [--keep DIR]`: the performance
 * benchmark (README, "Performance"). Progress goes to stderr, the table (or
 * with --json the JSON) to stdout; the result is also written to
 * out/bench/bench-N.json. Exit 0 whether targets are met or not: the table says.
 */
export async function benchCommand(opts: BenchCommandOptions, out: (text: string) => void): Promise<number> {
  const posts = opts.posts === undefined ? (LEVELS.at(-1) ?? MAX_POSTS) : Number(opts.posts);
  if (!Number.isInteger(posts) || posts < 100 || posts > MAX_POSTS)
    throw new UsageError(`--posts must be a whole number from 100 to ${MAX_POSTS}, got '${opts.posts}'`);
  const started = Date.now();
  const result = await runBench({
    posts,
    keepDir: opts.keep ? resolve(opts.keep) : undefined,
    progress: (line) => process.stderr.write(`${line}\n`),
  });
  const json = `${JSON.stringify(result, null, 2)}\n`;
  const file = resolve(import.meta.dirname, `../../out/bench/bench-${posts}.json`);
  try {
    mkdirSync(resolve(file, ".."), { recursive: true });
    writeFileSync(file, json);
  } catch {
    // a read-only checkout still prints the result
  }
  process.stderr.write(
    `Fertig nach / done after ${((Date.now() - started) / 1000).toFixed(0)} s; JSON: ${file}\n`,
  );
  out(opts.json ? json : formatBench(result));
  return 0;
}
