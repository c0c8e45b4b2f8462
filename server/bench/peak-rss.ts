/**
 * Loaded with `--import` into a command the benchmark runs as a child process:
 * reports the process's peak resident memory when it exits.
 */
process.on("exit", () => {
  process.stderr.write(`\nRESONANZ_BENCH_MAX_RSS_KB=${process.resourceUsage().maxRSS}\n`);
});
