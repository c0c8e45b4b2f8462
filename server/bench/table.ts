import type { BenchResult } from "./run.ts";

/** The benchmark result as the plain-text tables `npm run bench` prints. */
export function formatBench(r: BenchResult): string {
  const out: string[] = [];
  const n = (v: number) => Math.round(v).toLocaleString("en-US");
  const ms = (v: number) => v.toFixed(1);
  out.push(
    `Resonanz benchmark: ${n(r.posts)} posts · ${r.machine.cpus} × ${r.machine.cpuModel} · ${r.machine.memoryGb} GB · Node ${r.machine.node}`,
    "",
    "Ingest (transform + enrich + store, timed without payload making): the import's path (batches of 500, " +
      "analysis in a second thread) and page by page as a collection run (the last posts of each level)",
  );
  const rate = (m: { posts: number; postsPerSecond: number }, raw: number) =>
    `${n(m.posts)} @ ${n(m.postsPerSecond)}/s (raw ${n(raw)}/s, ${(raw > 0 ? m.postsPerSecond / raw : 0).toFixed(2)}×)`;
  const compared = (name: string, c: BenchResult["ingest"]) =>
    `${name}: ${n(c.postsPerSecond)} posts/s; raw better-sqlite3 INSERT of the same ${n(c.rawRows)} rows ` +
    `(same schema and database sizes, no analysis, the same transactions: ${c.transactions}): ` +
    `${n(c.rawInsertPerSecond)} rows/s; ratio ${c.ratioToRaw.toFixed(2)}`;
  out.push(
    table(
      [
        "up to posts",
        "import path: posts @ rate (raw, ratio)",
        "page by page: posts @ rate (raw, ratio)",
        "store s (import / pages)",
        "waited s (import / pages)",
      ],
      r.levels.map((l) => [
        n(l.posts),
        rate(l.ingest, l.rawInsert.import),
        rate(l.ingestPages, l.rawInsert.pages),
        `${l.ingest.storeSeconds.toFixed(1)} / ${l.ingestPages.storeSeconds.toFixed(1)}`,
        `${l.ingest.waitSeconds.toFixed(1)} / ${l.ingestPages.waitSeconds.toFixed(1)}`,
      ]),
    ),
    compared("import path overall", r.ingest),
    compared("page by page overall", r.ingestPages),
    "",
    "API routes, p50 / p95 ms (sequential requests from this process to the server process on loopback)",
  );
  const paths = r.levels[0]?.routes.map((x) => x.path) ?? [];
  out.push(
    table(
      ["route", ...r.levels.map((l) => n(l.posts))],
      [
        ...paths.map((path) => [
          path,
          ...r.levels.map((l) => {
            const x = l.routes.find((y) => y.path === path);
            if (!x) return "–";
            const bad = x.statuses.some((s) => s !== 200) ? ` (HTTP ${x.statuses.join(",")})` : "";
            return `${ms(x.p50)} / ${ms(x.p95)}${bad}`;
          }),
        ]),
        ["search ?q= (mixed terms)", ...r.levels.map((l) => `${ms(l.search.p50)} / ${ms(l.search.p95)}`)],
        [
          "server memory at rest / peak MB",
          ...r.levels.map((l) => `${l.serverMemory.restMb.toFixed(0)} / ${l.serverMemory.peakMb.toFixed(0)}`),
        ],
      ],
    ),
    "",
  );
  if (r.exports) {
    const e = r.exports;
    const line = (name: string, x: BenchResult["exports"]["weekPdf"]) =>
      `${name}: ${x.seconds.toFixed(2)} s, peak ${x.peakMb.toFixed(0)} MB, ${(x.bytes / 1024).toFixed(0)} KB` +
      (x.exitCode === 0 ? "" : ` (FAILED, exit ${x.exitCode}: ${x.stderr.slice(0, 300)})`);
    out.push(
      `Exports at ${n(r.posts)} posts (CLI in a child process)`,
      line("  week PDF", e.weekPdf),
      line("  posts XLSX", e.postsXlsx),
      "",
    );
  }
  if (r.elsewhere) {
    const x = r.elsewhere;
    const agree = [x.sqliteRaw, x.resonanz].every(
      (o) => o.posts === x.duckdb.posts && o.authors === x.duckdb.authors,
    );
    out.push(
      `Campaign summary, side by side (${n(x.duckdb.posts)} posts, ${n(x.duckdb.authors)} authors${agree ? "" : "; Resonanz, DuckDB and SQLite DISAGREE"})`,
      table(
        ["computed by", "ms (median)", "vs Resonanz"],
        [
          ["Resonanz /api/summary (rollups, over HTTP)", ms(x.resonanzSummaryMs), "1.00×"],
          [
            `DuckDB over the raw posts (load ${x.loadSeconds.toFixed(1)} s, not counted)`,
            ms(x.duckdbMs),
            ratio(x.duckdbMs, x.resonanzSummaryMs),
          ],
          [
            "SQLite over the raw posts (no rollups)",
            ms(x.sqliteRawMs),
            ratio(x.sqliteRawMs, x.resonanzSummaryMs),
          ],
        ],
      ),
      "",
    );
  }
  if (r.pages.length > 0) {
    out.push(
      "Page weight: scripts and stylesheets, gzipped",
      table(
        ["page", "JS KB", "CSS KB", "total KB"],
        r.pages.map((p) => [
          p.page,
          (p.jsGzip / 1024).toFixed(1),
          (p.cssGzip / 1024).toFixed(1),
          ((p.jsGzip + p.cssGzip) / 1024).toFixed(1),
        ]),
      ),
      "",
    );
  }
  out.push(
    "Targets",
    table(
      ["", "measure", "target", "measured"],
      r.targets.map((t) => [t.met === null ? "–" : t.met ? "ok" : "MISSED", t.name, t.target, t.value]),
    ),
  );
  if (r.targets.some((t) => t.met === null))
    out.push("– : set for 1,000,000 posts, not judged on this smaller run (npm run bench with no --posts).");
  return `${out.join("\n")}\n`;
}

function ratio(a: number, b: number): string {
  return b > 0 ? `${(a / b).toFixed(2)}×` : "–";
}

/** Left-aligned first column, right-aligned others. */
function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)))
      .join("  ")
      .trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
