import type { BenchResult } from "./run.ts";

export interface TargetCheck {
  name: string;
  target: string;
  value: string;
  /** null: not measured at the size the target is set for (1,000,000 posts), so not judged. */
  met: boolean | null;
}

/** The size the targets are set for. */
export const TARGET_POSTS = 1_000_000;
const FLAT_ROUTES = [
  "/api/summary",
  "/api/timeline?bucket=day",
  "/api/timeline?bucket=hour",
  "/api/clusters",
];
const KB = 1024;

/**
 * The performance targets (README, "Performance"), judged on a result. Those set
 * for 1M posts are shown but not judged on a smaller run.
 */
export function evaluateTargets(r: BenchResult): TargetCheck[] {
  const top = r.levels.at(-1);
  const first = r.levels[0];
  const atScale = r.posts >= TARGET_POSTS;
  const judged = (ok: boolean) => (atScale ? ok : null);
  const checks: TargetCheck[] = [
    // Judged on the import's path, the store's bulk door; a collection run's pages are shown beside it.
    {
      name: "ingest (transform + enrich + store)",
      target: "≥ 20,000 posts/s",
      value: `${fmt(r.ingest.postsPerSecond)} posts/s (import path; page by page ${fmt(r.ingestPages.postsPerSecond)})`,
      met: r.ingest.postsPerSecond >= 20_000,
    },
    {
      name: "ingest ÷ raw insert",
      target: "≥ 0.3",
      value: `${r.ingest.ratioToRaw.toFixed(2)} (import path; page by page ${r.ingestPages.ratioToRaw.toFixed(2)})`,
      met: r.ingest.ratioToRaw >= 0.3,
    },
  ];
  if (top && first) {
    const cluster = top.routes.find((x) => x.path.startsWith("/api/clusters/"));
    const routes = [
      ...FLAT_ROUTES.flatMap((p) => top.routes.filter((x) => x.path === p)),
      ...(cluster ? [cluster] : []),
    ];
    for (const route of routes) {
      const base = first.routes.find((x) => x.path === route.path);
      checks.push({
        name: `${route.path} p95`,
        target: "≤ 50 ms",
        value: `${route.p95.toFixed(1)} ms`,
        met: judged(route.p95 <= 50),
      });
      if (base && r.levels.length > 1)
        checks.push({
          name: `${route.path} p95 growth ${short(first.posts)} → ${short(top.posts)}`,
          target: "≤ 2×",
          value: `${(route.p95 / Math.max(base.p95, 0.001)).toFixed(2)}×`,
          met: judged(route.p95 / Math.max(base.p95, 0.001) <= 2),
        });
    }
    checks.push(
      {
        name: "search p95",
        target: "≤ 150 ms",
        value: `${top.search.p95.toFixed(1)} ms`,
        met: judged(top.search.p95 <= 150),
      },
      {
        name: "server memory at rest",
        target: "≤ 300 MB",
        value: `${top.serverMemory.restMb.toFixed(0)} MB`,
        met: judged(top.serverMemory.restMb <= 300),
      },
    );
  }
  if (r.exports) {
    checks.push({
      name: "week PDF",
      target: "≤ 5 s",
      value: `${r.exports.weekPdf.seconds.toFixed(2)} s`,
      met: judged(r.exports.weekPdf.exitCode === 0 && r.exports.weekPdf.seconds <= 5),
    });
  }
  for (const page of r.pages) {
    const total = page.jsGzip + page.cssGzip;
    checks.push({
      name: `${page.page} JS + CSS (gzip)`,
      target: "≤ 300 KB",
      value: `${(total / KB).toFixed(1)} KB`,
      met: total <= 300 * KB,
    });
  }
  return checks;
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

function short(n: number): string {
  return n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n);
}
