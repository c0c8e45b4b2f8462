import type SQLite from "better-sqlite3";
import type { Logger } from "pino";
import type { Awaitable } from "../awaitable.ts";
import { type Campaign, tagMatchesCampaign } from "../campaign.ts";
import { ValidationError } from "../errors.ts";
import { PLATFORMS } from "../filters.ts";
import type { RollupMaintainer } from "../rollups/maintainer.ts";
import { DEFAULT_TIMEZONE, dayRangeUtc } from "../time.ts";
import { erasureLogHash, normalizeHandle, redactedHandle } from "./pseudonym.ts";

/**
 * Erasure of one author's data (GDPR Art. 17): their posts go from every
 * table (posts, hashtags, clusters, events, sources), from the full-text
 * index (the delete trigger of migration 0001) and from the hourly rollups
 * (through the rollup maintainer, so every aggregate stays exact); the author
 * row goes too. Archived reports whose period held one of the posts still
 * contain them: they are flagged (`reports.erasure_pending_at`) and, when a
 * `regenerate` callback is given, made again. Exports are generated live from
 * the tables and stop containing the posts at once.
 *
 * The erasure is logged with a keyed hash of the handle, never the handle, so
 * the operator can show that (and when) it happened without keeping whom it
 * concerned.
 */
export interface ErasureDeps {
  sqlite: SQLite.Database;
  rollups: RollupMaintainer;
  campaigns: readonly Campaign[];
  /** The install's secret: keys the log's hash and finds authors retention already pseudonymised. */
  secret: string;
  now: () => Date;
  log?: Logger | undefined;
  /**
   * Makes a flagged report again from the current data, replacing the old
   * file (server/privacy-jobs.ts `createReportRegenerator`). Without it,
   * reports are only flagged.
   */
  regenerate?: ((report: FlaggedReport) => Promise<unknown>) | undefined;
}

export interface ErasureRequest {
  /** One platform, or every platform when absent. */
  platform?: string | null | undefined;
  handle: string;
  /** Count what would be removed, remove nothing. */
  dryRun?: boolean | undefined;
  trigger?: "cli" | "http" | "api" | undefined;
}

export interface FlaggedReport {
  id: number;
  kind: "digest" | "final" | "manual";
  campaign: string;
  lang: "de" | "en";
  period_from: string;
  period_to: string;
  trigger: "schedule" | "request";
}

export interface ErasureResult {
  dryRun: boolean;
  platform: string | null;
  /** The log's keyed hash of the handle (what the operator can quote as proof). */
  handleHash: string;
  authors: number;
  posts: number;
  hashtags: number;
  clusters: number;
  events: number;
  sources: number;
  /** Archived reports that covered a period with the author's posts. */
  reportsFlagged: number;
  reportIds: number[];
  reportsRegenerated: number;
  reportsRegenerationFailed: number;
  /** Earlier erasures of the same handle in the log. */
  previousErasures: number;
  /** The erasure log row; null in a dry run. */
  logId: number | null;
}

const MAX_HANDLE = 300;

/** Checks the request's fields; throws ValidationError naming the field. */
export function validateErasureRequest(req: { platform?: unknown; handle?: unknown }): {
  platform: string | null;
  handle: string;
} {
  const handle = typeof req.handle === "string" ? req.handle.trim() : "";
  if (normalizeHandle(handle) === "" || handle.length > MAX_HANDLE)
    throw new ValidationError(`invalid field 'handle': must be a handle such as @user@host`, "handle");
  const raw = req.platform;
  if (raw === undefined || raw === null || raw === "") return { platform: null, handle };
  if (typeof raw !== "string" || !(PLATFORMS as readonly string[]).includes(raw))
    throw new ValidationError(`invalid field 'platform': must be one of ${PLATFORMS.join(", ")}`, "platform");
  return { platform: raw, handle };
}

/** A post the erasure covers, as both databases read it. */
export interface ErasurePost {
  id: number;
  created_at: string;
  deleted: boolean;
  tags: readonly string[];
}

/** Whose rows an erasure looks for: lower-cased forms of the handle and the pseudonyms retention may have given it. */
export interface ErasureTarget {
  platform: string | null;
  /** The handle lower-cased, without and with "@". */
  handles: readonly string[];
  /** `redactedHandle` of every form on every platform asked for. */
  pseudonyms: readonly string[];
  handleHash: string;
}

/** What an erasure covers, read inside its write transaction. */
export interface ErasurePlan {
  authorIds: number[];
  posts: ErasurePost[];
  counts: { hashtags: number; clusters: number; events: number; sources: number };
  /** Every archived report (the covered ones are chosen by `coveredReports`, the same rule on both databases). */
  archived: FlaggedReport[];
  previousErasures: number;
}

/**
 * The database side of an erasure, one per dialect (SQLite below, PostgreSQL
 * in data/pg/erasure-store.ts). `erase` plans, removes, flags and logs in one
 * write transaction, so a post stored meanwhile is not missed.
 */
export interface ErasureStore {
  plan(target: ErasureTarget): Awaitable<ErasurePlan>;
  erase(
    target: ErasureTarget,
    write: { at: string; trigger: string; covered: (plan: ErasurePlan) => FlaggedReport[] },
  ): Awaitable<{ plan: ErasurePlan; covered: FlaggedReport[]; logId: number }>;
  setRegenerated(logId: number, regenerated: number): Awaitable<void>;
}

export type ErasureContext = Omit<ErasureDeps, "sqlite" | "rollups">;

/** An erasure on SQLite (the dashboard's route and `resonanz erase` on PostgreSQL use `eraseAuthorWith`). */
export function eraseAuthor(deps: ErasureDeps, request: ErasureRequest): Promise<ErasureResult> {
  return eraseAuthorWith(createSqliteErasureStore(deps.sqlite, deps.rollups), deps, request);
}

/** The erasure itself, the same on both databases. */
export async function eraseAuthorWith(
  store: ErasureStore,
  deps: ErasureContext,
  request: ErasureRequest,
): Promise<ErasureResult> {
  const { platform, handle } = validateErasureRequest(request);
  const target = erasureTarget(deps.secret, platform, handle);
  const covered = (plan: ErasurePlan) => coveredReports(deps.campaigns, plan.posts, plan.archived);
  const resultOf = (plan: ErasurePlan, reports: FlaggedReport[]): ErasureResult => ({
    dryRun: request.dryRun === true,
    platform,
    handleHash: target.handleHash,
    authors: plan.authorIds.length,
    posts: plan.posts.length,
    ...plan.counts,
    reportsFlagged: reports.length,
    reportIds: reports.map((r) => r.id),
    reportsRegenerated: 0,
    reportsRegenerationFailed: 0,
    previousErasures: plan.previousErasures,
    logId: null,
  });
  if (request.dryRun === true) {
    const plan = await store.plan(target);
    return resultOf(plan, covered(plan));
  }

  const erased = await store.erase(target, {
    at: deps.now().toISOString(),
    trigger: request.trigger ?? "api",
    covered,
  });
  const reports = erased.covered;
  const result = resultOf(erased.plan, reports);
  result.logId = erased.logId;
  deps.log?.info(
    { erasure: result.logId, posts: result.posts, authors: result.authors, reports: result.reportIds },
    "author erased",
  );

  if (deps.regenerate) {
    for (const r of reports) {
      try {
        await deps.regenerate(r);
        result.reportsRegenerated++;
      } catch (err) {
        result.reportsRegenerationFailed++;
        deps.log?.error(
          { err, report: r.id },
          "report could not be made again after an erasure; it stays flagged",
        );
      }
    }
    await store.setRegenerated(erased.logId, result.reportsRegenerated);
  }
  return result;
}

/**
 * The author rows of the handle: as typed, with or without "@", in any case;
 * also one that retention already gave a pseudonym (its posts are still
 * counted, and an erasure removes them all the same).
 */
export function erasureTarget(secret: string, platform: string | null, handle: string): ErasureTarget {
  const norm = normalizeHandle(handle);
  const forms = [...new Set([handle, norm, `@${norm}`])];
  const platforms = platform ? [platform] : [...PLATFORMS];
  return {
    platform,
    handles: [norm, `@${norm}`],
    pseudonyms: platforms.flatMap((p) => forms.map((f) => redactedHandle(secret, p, f))),
    handleHash: erasureLogHash(secret, handle),
  };
}

interface PostRow {
  id: number;
  created_at: string;
  deleted: number;
  tags: string;
}

/** SQLite's side: synchronous statements in one IMMEDIATE transaction, as ingest's. */
export function createSqliteErasureStore(s: SQLite.Database, rollups: RollupMaintainer): ErasureStore {
  function plan(target: ErasureTarget): ErasurePlan {
    const authorIds = findAuthors(s, target);
    const posts = postsOf(s, authorIds);
    const postIds = posts.map((p) => p.id);
    const archived = s
      .prepare<[], FlaggedReport>(
        `SELECT id, kind, campaign, lang, period_from, period_to, "trigger" FROM reports
         WHERE status = 'archived' ORDER BY id`,
      )
      .all();
    const previousErasures =
      s
        .prepare<[string], { n: number }>("SELECT count(*) AS n FROM erasure_log WHERE handle_hash = ?")
        .get(target.handleHash)?.n ?? 0;
    return { authorIds, posts, counts: countRows(s, postIds), archived, previousErasures };
  }
  return {
    plan,
    erase(target, write) {
      const remove = [
        "DELETE FROM post_hashtags WHERE post_id = ?",
        "DELETE FROM post_clusters WHERE post_id = ?",
        "DELETE FROM post_events WHERE post_id = ?",
        "DELETE FROM post_sources WHERE post_id = ?",
        // The FTS delete trigger takes the post's index entry with it.
        "DELETE FROM posts WHERE id = ?",
      ].map((q) => s.prepare(q));
      const removeAuthor = s.prepare("DELETE FROM authors WHERE id = ?");
      const flag = s.prepare(
        "UPDATE reports SET erasure_pending_at = coalesce(erasure_pending_at, ?) WHERE id = ? AND status = 'archived'",
      );
      const log = s.prepare(
        `INSERT INTO erasure_log (erased_at, platform, handle_hash, posts, authors, reports_flagged, "trigger")
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      // IMMEDIATE, as ingest's transactions: the write lock is taken before the
      // plan is read, so a collector in another process cannot commit in between.
      return s
        .transaction(() => {
          const p = plan(target);
          const postIds = p.posts.map((x) => x.id);
          const covered = write.covered(p);
          // Before and after facts: the maintainer subtracts each post's exact contribution.
          rollups.track(postIds, () => {
            for (const id of postIds) for (const stmt of remove) stmt.run(id);
            return { result: null, touched: [] };
          });
          for (const id of p.authorIds) removeAuthor.run(id);
          for (const r of covered) flag.run(write.at, r.id);
          const logId = Number(
            log.run(
              write.at,
              target.platform,
              target.handleHash,
              postIds.length,
              p.authorIds.length,
              covered.length,
              write.trigger,
            ).lastInsertRowid,
          );
          return { plan: p, covered, logId };
        })
        .immediate();
    },
    setRegenerated(logId, regenerated) {
      s.prepare("UPDATE erasure_log SET reports_regenerated = ? WHERE id = ?").run(regenerated, logId);
    },
  };
}

function findAuthors(s: SQLite.Database, target: ErasureTarget): number[] {
  const rows = s
    .prepare<[string, string, string | null, string | null], { id: number }>(
      `SELECT id FROM authors
       WHERE (lower(handle) IN (SELECT value FROM json_each(?)) OR handle IN (SELECT value FROM json_each(?)))
         AND (? IS NULL OR platform = ?)
       ORDER BY id`,
    )
    .all(JSON.stringify(target.handles), JSON.stringify(target.pseudonyms), target.platform, target.platform);
  return rows.map((r) => r.id);
}

function postsOf(s: SQLite.Database, authorIds: readonly number[]): ErasurePost[] {
  if (authorIds.length === 0) return [];
  return s
    .prepare<[string], PostRow>(
      `SELECT p.id, p.created_at, p.deleted_at IS NOT NULL AS deleted,
         (SELECT json_group_array(tag) FROM post_hashtags WHERE post_id = p.id) AS tags
       FROM posts p WHERE p.author_id IN (SELECT value FROM json_each(?)) ORDER BY p.id`,
    )
    .all(JSON.stringify(authorIds))
    .map((p) => ({ ...p, deleted: p.deleted === 1, tags: JSON.parse(p.tags) as string[] }));
}

function countRows(s: SQLite.Database, postIds: readonly number[]) {
  const ids = JSON.stringify(postIds);
  const count = (table: string) =>
    s
      .prepare<[string], { n: number }>(
        `SELECT count(*) AS n FROM ${table} WHERE post_id IN (SELECT value FROM json_each(?))`,
      )
      .get(ids)?.n ?? 0;
  return {
    hashtags: count("post_hashtags"),
    clusters: count("post_clusters"),
    events: count("post_events"),
    sources: count("post_sources"),
  };
}

/**
 * Archived reports whose period (days in the campaign's zone) holds one of the
 * posts and whose campaign hashtags the post carries. A post deleted at the
 * source has lost its hashtags, and a report of an unconfigured campaign has
 * none to compare: those count on the period alone (a report made before the
 * deletion may hold the post). Pure.
 */
export function coveredReports(
  campaigns: readonly Campaign[],
  posts: readonly ErasurePost[],
  reports: readonly FlaggedReport[],
): FlaggedReport[] {
  if (posts.length === 0) return [];
  return reports.filter((r) => {
    const campaign = campaigns.find((c) => c.id === r.campaign);
    const { fromUtc, toUtc } = dayRangeUtc(
      r.period_from,
      r.period_to,
      campaign?.timezone ?? DEFAULT_TIMEZONE,
    );
    return posts.some(
      (p) =>
        p.created_at >= fromUtc &&
        p.created_at < toUtc &&
        (!campaign || p.deleted || p.tags.some((t) => tagMatchesCampaign(t, campaign.hashtags))),
    );
  });
}
