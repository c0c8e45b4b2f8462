import { sql } from "kysely";
import { z } from "zod";
import {
  type CoverageGap,
  type CoverageStatus,
  coverageStatus,
  DEFAULT_GAP_HOURS,
  findGaps,
} from "../analysis/coverage.ts";
import type { DB } from "../db.ts";
import { ValidationError } from "../errors.ts";
import type { Filters } from "../filters.ts";

/**
 * Abdeckung / coverage: one row per source and target (Mastodon instance ×
 * hashtag, Bluesky firehose, feed URL, import), as `GET /api/sources` returns it.
 *
 * - `source`, `target`: as the collector records them in `collector_runs` and `post_sources`.
 * - `status`: from the target's newest run (by start time): `ok` (it succeeded), `failed` (it failed),
 *   `auth_required` (it failed with HTTP 401 or 403: the server wants credentials, retrying will not
 *   help), `running` (it has not finished yet), `aborted` (it was stopped, e.g. by a shutdown), `never`
 *   (posts were stored for the target but no run was recorded).
 * - `firstRunAt`, `lastRunAt`: start of the oldest / newest run; `lastSuccessAt`: end of the newest
 *   successful run (null when none succeeded).
 * - `runs`: all recorded runs; `failedRuns`: those that failed (aborted runs are not failures).
 * - `fetched`, `inserted`, `updated`, `rateLimitWaitMs`: totals over all runs (items read from the
 *   source; posts new to the database; posts whose text or counts changed; milliseconds spent waiting
 *   for a server's rate limit to reset).
 * - `error`: the error message of the newest finished run, null when it succeeded. It is the remote
 *   server's and the network's text: data, never markup.
 * - `posts`: distinct posts seen through the target; `coverageFrom` / `coverageTo`: creation time of
 *   the oldest / newest of them (null when none). A post seen through several targets (a toot on two
 *   instances) counts for each of them.
 * - `gaps`: stretches inside the filter window longer than the threshold (`gapHours`, default 2) with
 *   no successful run: between two consecutive successful runs (by end time), from the window's start
 *   to the first success and from the last success to the window's end, or to now while the window
 *   lasts (then `ongoing` is true). Failed and aborted runs do not close a gap. Imports (source
 *   `import`) are one-off uploads, not polled, so they have no gaps.
 *
 * Everything but `gaps` describes the target's whole history; the window (`campaign`, `from`, `to`, in
 * the campaign's timezone) only bounds the gaps. `platform` selects the source of that name, and for
 * the export platforms (`x`, `linkedin`, `instagram`, `csv`) also the imports of that platform (targets
 * `import` / `x:FILE`); `lang` (the posts' language) does not apply to runs and is ignored.
 */
export interface SourceCoverage {
  source: string;
  target: string;
  lastRunAt: string | null;
  lastSuccessAt: string | null;
  status: CoverageStatus;
  fetched: number;
  inserted: number;
  error: string | null;
  coverageFrom: string | null;
  coverageTo: string | null;
  firstRunAt: string | null;
  runs: number;
  failedRuns: number;
  updated: number;
  rateLimitWaitMs: number;
  posts: number;
  gaps: CoverageGap[];
}

/** The source name imports are recorded under (collectors/import; data/ cannot import collectors/). */
export const IMPORT_SOURCE = "import";

export interface CoverageQuery {
  gapHours: number;
}

/** A gap threshold beyond a month says nothing about a campaign week. */
export const MAX_GAP_HOURS = 744;

const coverageQuerySchema = z.object({
  gapHours: z.coerce
    .number()
    .refine(Number.isFinite, "must be a number")
    .refine((h) => h > 0, "must be greater than 0")
    .refine((h) => h <= MAX_GAP_HOURS, `must be at most ${MAX_GAP_HOURS}`)
    .optional(),
});

/** Reads `gapHours` (hours, decimals allowed); throws ValidationError on a bad value. */
export function parseCoverageQuery(query: Record<string, string | undefined>): CoverageQuery {
  const raw = query.gapHours;
  const parsed = coverageQuerySchema.safeParse({
    gapHours: raw === "" || raw === undefined ? undefined : raw,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError(`invalid parameter 'gapHours': ${issue?.message ?? "invalid"}`, "gapHours");
  }
  return { gapHours: parsed.data.gapHours ?? DEFAULT_GAP_HOURS };
}

type RunStatus = "running" | "ok" | "failed" | "aborted";

interface RunTotalsRow {
  source: string;
  target: string;
  runs: number;
  failedRuns: number;
  fetched: number;
  inserted: number;
  updated: number;
  rateLimitWaitMs: number;
  firstRunAt: string;
  lastRunAt: string;
  lastSuccessAt: string | null;
}

const key = (source: string, target: string) => JSON.stringify([source, target]);

/** Coverage of every target that has runs or stored posts, sorted by source and target. */
export async function getSourceCoverage(
  db: DB,
  f: Filters,
  opts: CoverageQuery & { now: Date },
): Promise<SourceCoverage[]> {
  const sourceFilter = platformFilter(f.platform, "");

  const totals = await sql<RunTotalsRow>`
    SELECT source, target,
      count(*) AS runs,
      count(*) FILTER (WHERE status = 'failed') AS "failedRuns",
      coalesce(sum(fetched), 0) AS fetched,
      coalesce(sum(inserted), 0) AS inserted,
      coalesce(sum(updated), 0) AS updated,
      coalesce(sum(rate_limit_wait_ms), 0) AS "rateLimitWaitMs",
      min(started_at) AS "firstRunAt",
      max(started_at) AS "lastRunAt",
      max(CASE WHEN status = 'ok' THEN finished_at END) AS "lastSuccessAt"
    FROM collector_runs WHERE ${sourceFilter}
    GROUP BY source, target`.execute(db);

  // The newest run decides the status; the newest finished run supplies the error.
  const latest = await sql<{ source: string; target: string; status: RunStatus; error: string | null }>`
    SELECT source, target, status, error FROM (
      SELECT source, target, status, error,
        row_number() OVER (PARTITION BY source, target ORDER BY started_at DESC, id DESC) AS rn
      FROM collector_runs WHERE ${sourceFilter}
    ) AS ranked WHERE rn = 1`.execute(db);
  const latestFinished = await sql<{ source: string; target: string; error: string | null }>`
    SELECT source, target, error FROM (
      SELECT source, target, error,
        row_number() OVER (PARTITION BY source, target ORDER BY started_at DESC, id DESC) AS rn
      FROM collector_runs WHERE status <> 'running' AND ${sourceFilter}
    ) AS ranked WHERE rn = 1`.execute(db);

  // Kept by triggers (migration 0010): counting post_sources against posts grew with every post.
  const seen = await sql<{
    source: string;
    target: string;
    posts: number;
    coverageFrom: string | null;
    coverageTo: string | null;
  }>`
    SELECT source, target, posts, first_created_at AS "coverageFrom", last_created_at AS "coverageTo"
    FROM rollup_sources WHERE posts > 0 AND ${platformFilter(f.platform, "")}`.execute(db);

  // Successful runs inside the window only: the gaps need nothing else.
  const windowEnd = new Date(Math.min(opts.now.getTime(), Date.parse(f.toUtc))).toISOString();
  const successes =
    windowEnd > f.fromUtc
      ? await sql<{ source: string; target: string; finished_at: string }>`
          SELECT source, target, finished_at FROM collector_runs
          WHERE status = 'ok' AND finished_at >= ${f.fromUtc} AND finished_at <= ${windowEnd}
            AND ${sourceFilter}`.execute(db)
      : { rows: [] };

  const latestBy = new Map(latest.rows.map((r) => [key(r.source, r.target), r]));
  const errorBy = new Map(latestFinished.rows.map((r) => [key(r.source, r.target), r.error]));
  const totalsBy = new Map(totals.rows.map((r) => [key(r.source, r.target), r]));
  const seenBy = new Map(seen.rows.map((r) => [key(r.source, r.target), r]));
  const successesBy = new Map<string, string[]>();
  for (const r of successes.rows) {
    const k = key(r.source, r.target);
    const list = successesBy.get(k) ?? [];
    list.push(r.finished_at);
    successesBy.set(k, list);
  }

  const targets = new Map<string, { source: string; target: string }>();
  for (const r of [...totals.rows, ...seen.rows]) targets.set(key(r.source, r.target), r);
  const thresholdMs = opts.gapHours * 3_600_000;

  return [...targets.entries()]
    .sort(([, a], [, b]) => compare(a.source, b.source) || compare(a.target, b.target))
    .map(([k, t]) => {
      const run = totalsBy.get(k);
      const posts = seenBy.get(k);
      return {
        source: t.source,
        target: t.target,
        lastRunAt: run?.lastRunAt ?? null,
        lastSuccessAt: run?.lastSuccessAt ?? null,
        status: coverageStatus(latestBy.get(k) ?? null),
        fetched: run?.fetched ?? 0,
        inserted: run?.inserted ?? 0,
        error: errorBy.get(k) ?? null,
        coverageFrom: posts?.coverageFrom ?? null,
        coverageTo: posts?.coverageTo ?? null,
        firstRunAt: run?.firstRunAt ?? null,
        runs: run?.runs ?? 0,
        failedRuns: run?.failedRuns ?? 0,
        updated: run?.updated ?? 0,
        rateLimitWaitMs: run?.rateLimitWaitMs ?? 0,
        posts: posts?.posts ?? 0,
        gaps:
          t.source === IMPORT_SOURCE
            ? []
            : findGaps({
                successes: successesBy.get(k) ?? [],
                from: f.fromUtc,
                to: f.toUtc,
                now: opts.now,
                thresholdMs,
              }),
      };
    });
}

/** `platform` as a condition on `source` (and on an import's "PLATFORM:file" target); `prefix` names the table. */
function platformFilter(platform: string | null, prefix: "" | "ps.") {
  if (platform === null) return sql`1 = 1`;
  const source = sql.raw(`${prefix}source`);
  const target = sql.raw(`${prefix}target`);
  const importPrefix = `${platform}:`;
  return sql`(${source} = ${platform} OR (${source} = ${IMPORT_SOURCE} AND substr(${target}, 1, ${importPrefix.length}) = ${importPrefix}))`;
}

/** Code-unit order, as SQLite's BINARY collation sorts: the same order on every machine. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
