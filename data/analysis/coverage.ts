/**
 * Abdeckung / coverage (DESIGN.md): pure parts, table-tested. The query in
 * data/queries/coverage.ts reads the runs; what counts as a gap or as a status
 * is decided here, in one place.
 */

/** A stretch without a successful run. ISO UTC instants. */
export interface CoverageGap {
  from: string;
  to: string;
  /** True when the stretch reaches `now`: no successful run since `from`, still. */
  ongoing: boolean;
}

export interface GapInput {
  /** finished_at of the target's successful runs, any order; instants outside the window are ignored. */
  successes: readonly string[];
  /** The window [from, to) as UTC instants (Filters.fromUtc / toUtc). */
  from: string;
  to: string;
  now: Date;
  /** Only stretches strictly longer than this are gaps. */
  thresholdMs: number;
}

export const DEFAULT_GAP_HOURS = 2;

/**
 * Stretches longer than the threshold with no successful run, inside the window
 * [from, min(now, to)]: between consecutive successes, from the window's start
 * to the first success, and from the last success to the window's (clipped)
 * end. A window with no success at all is one gap, if it is long enough. Failed
 * and aborted runs are not successes, so they do not close a gap. The future is
 * never a gap: the window ends at `now` at the latest.
 */
export function findGaps(input: GapInput): CoverageGap[] {
  const start = Date.parse(input.from);
  const nowMs = input.now.getTime();
  const end = Math.min(nowMs, Date.parse(input.to));
  if (!(end > start)) return [];
  const points = input.successes
    .map((s) => Date.parse(s))
    .filter((t) => Number.isFinite(t) && t >= start && t <= end)
    .sort((a, b) => a - b);
  const bounds = [start, ...points, end];
  const gaps: CoverageGap[] = [];
  for (let i = 1; i < bounds.length; i++) {
    const a = bounds[i - 1] as number;
    const b = bounds[i] as number;
    if (b - a > input.thresholdMs) {
      gaps.push({
        from: new Date(a).toISOString(),
        to: new Date(b).toISOString(),
        ongoing: i === bounds.length - 1 && b === nowMs,
      });
    }
  }
  return gaps;
}

/** Total length of the gaps in milliseconds. */
export function gapsDurationMs(gaps: readonly CoverageGap[]): number {
  return gaps.reduce((sum, g) => sum + (Date.parse(g.to) - Date.parse(g.from)), 0);
}

export type CoverageStatus = "ok" | "failed" | "running" | "aborted" | "auth_required" | "never";

export const COVERAGE_STATUSES: readonly CoverageStatus[] = [
  "ok",
  "failed",
  "auth_required",
  "running",
  "aborted",
  "never",
];

/** Statuses that mean "this target has a problem someone must look at". */
export function isErrorStatus(status: CoverageStatus): boolean {
  return status === "failed" || status === "auth_required";
}

/**
 * Collectors record HTTP failures as "HTTP 401 from https://…" (collectors/http-errors.ts).
 * 401 and 403 mean the server wants credentials (e.g. a Mastodon instance that
 * closed its public timelines): retrying will not help, an operator must act.
 */
export function isAuthError(message: string | null): boolean {
  // "HTTP 401 from …" from the HTTP policy; "login required: …" when an instance says so up front.
  return message !== null && (/\bHTTP (?:401|403)\b/.test(message) || /^login required\b/.test(message));
}

/**
 * The status of a target from its newest run (by start): "running" while it
 * runs, "aborted" when it was stopped (shutdown), "auth_required" when it failed
 * with HTTP 401/403, "failed" for any other failure, "ok"; "never" without runs.
 */
export function coverageStatus(
  latest: { status: "running" | "ok" | "failed" | "aborted"; error: string | null } | null,
): CoverageStatus {
  if (!latest) return "never";
  if (latest.status === "failed") return isAuthError(latest.error) ? "auth_required" : "failed";
  return latest.status;
}
