import type SQLite from "better-sqlite3";
import type { Logger } from "pino";
import type { Awaitable } from "../awaitable.ts";
import { type Campaign, tagMatchesCampaign } from "../campaign.ts";
import type { RollupMaintainer } from "../rollups/maintainer.ts";
import { dayRangeUtc } from "../time.ts";
import { REDACTED_PREFIX, redactedHandle, redactedRemoteId, redactedUid } from "./pseudonym.ts";

/**
 * Retention (GDPR Art. 5(1)(c) and (e)): stored posts are public, but they are
 * personal data and kept only as long as the campaign's analysis needs them.
 *
 * - Text and identity: `retentionDays` after the end of the campaign a post
 *   belongs to, its text is emptied (which also empties its full-text entry:
 *   the update trigger of migration 0001 rewrites it), its uid, url and remote
 *   ids become keyed pseudonyms, and once none of an author's posts is left
 *   unredacted, the author's handle becomes "entfernt-<hash>" (name and url
 *   go). The rows stay, with counts, frozen followers, language, sentiment,
 *   clusters, events, hashtags and the author id: nothing the rollups or the
 *   raw-post queries count changes, so every number stays the same.
 * - Posts deleted at the source (already out of every number, their text
 *   already gone) are removed entirely `deletedAtSourceDays` after the deletion.
 */
export interface RetentionPolicy {
  /** Days after the end of a post's campaign; undefined: text and identity are kept. */
  retentionDays?: number | undefined;
  /** Days after a deletion at the source until the row goes (default 30). */
  deletedAtSourceDays?: number | undefined;
}

export const DEFAULT_DELETED_AT_SOURCE_DAYS = 30;
export const RETENTION_SOURCE = "privacy";
export const RETENTION_TARGET = "retention";

const DAY_MS = 86_400_000;

/**
 * When a post's text and identity are due to go (UTC ISO). A post belongs to
 * each campaign whose hashtags it carries and whose days (start to end, the
 * campaign's zone) it was written in; its period runs from the latest end of
 * those. A post in no campaign's days (before or after a campaign, or another
 * hashtag) counts from its own time. So all posts of a campaign go together,
 * `days` after the campaign's last day, and nothing waits for a later edition
 * that shares the hashtag.
 */
export function retentionDeadline(
  post: { createdAt: string; tags: readonly string[] },
  campaigns: readonly Pick<Campaign, "hashtags" | "start" | "end" | "timezone">[],
  days: number,
): string {
  let base = post.createdAt;
  for (const c of campaigns) {
    const { fromUtc, toUtc } = dayRangeUtc(c.start, c.end, c.timezone);
    if (post.createdAt < fromUtc || post.createdAt >= toUtc) continue;
    if (!post.tags.some((t) => tagMatchesCampaign(t, c.hashtags))) continue;
    if (toUtc > base) base = toUtc;
  }
  return new Date(Date.parse(base) + days * DAY_MS).toISOString();
}

export interface RetentionDeps {
  sqlite: SQLite.Database;
  /** Removals go through the rollup maintainer, as every change to stored posts does. */
  rollups: RollupMaintainer;
  campaigns: readonly Campaign[];
  /** The install's secret: pseudonyms are keyed with it. */
  secret: string;
  now: () => Date;
  log?: Logger | undefined;
  /** Posts per transaction (default 500); the event loop is yielded between batches. */
  batchSize?: number | undefined;
}

export interface RetentionResult {
  /** Posts looked at (candidates by age). */
  examined: number;
  /** Posts whose text and identity were removed. */
  redacted: number;
  /** Author rows given a pseudonym. */
  authorsRedacted: number;
  /** Rows deleted at the source that were removed entirely. */
  purged: number;
  /** Author rows removed because none of their posts is left. */
  authorsRemoved: number;
  status: "ok" | "aborted" | "failed";
}

/** One batch of redactions: candidates by id after `afterId`, written before `createdBefore`. */
export interface RedactQuery {
  afterId: number;
  createdBefore: string;
  now: string;
  days: number;
  limit: number;
}

export interface RedactBatch {
  examined: number;
  redacted: number;
  authorsRedacted: number;
  /** The last candidate's id; null when there was none (the run is done). */
  lastId: number | null;
}

/**
 * The database side of a retention run, one implementation per dialect
 * (SQLite below, PostgreSQL in data/pg/retention-steps.ts): each batch is one
 * write transaction, decided with the shared rules (`dueRedactions`,
 * `retentionDeadline`) so both remove exactly the same.
 */
export interface RetentionSteps {
  startRun(startedAt: string): Awaitable<number>;
  finishRun(
    runId: number,
    run: { finishedAt: string; status: string; fetched: number; updated: number; error: string | null },
  ): Awaitable<void>;
  /** Removes up to `limit` rows deleted at the source before `before`, with their author rows when orphaned. */
  purge(before: string, limit: number): Awaitable<{ purged: number; authorsRemoved: number }>;
  redact(q: RedactQuery): Awaitable<RedactBatch>;
}

/** What the steps need to decide (the campaigns' periods) and to pseudonymise (the secret). */
export interface RetentionContext {
  campaigns: readonly Campaign[];
  secret: string;
}

/**
 * One retention run on SQLite, recorded in `collector_runs` (source "privacy", target
 * "retention") like the other background jobs, so the sources page shows it.
 * Resumable: every batch is its own transaction and a stopped run continues
 * at the next one.
 */
export function runRetention(
  deps: RetentionDeps,
  policy: RetentionPolicy,
  signal?: AbortSignal,
): Promise<RetentionResult> {
  return runRetentionSteps(createRetentionSteps(deps), deps, policy, signal);
}

/** The run itself, the same on both databases: which batches, in which order, what is counted and recorded. */
export async function runRetentionSteps(
  steps: RetentionSteps,
  deps: Pick<RetentionDeps, "now" | "log" | "batchSize">,
  policy: RetentionPolicy,
  signal?: AbortSignal,
): Promise<RetentionResult> {
  const batch = deps.batchSize ?? 500;
  const runId = await steps.startRun(deps.now().toISOString());
  const result: RetentionResult = {
    examined: 0,
    redacted: 0,
    authorsRedacted: 0,
    purged: 0,
    authorsRemoved: 0,
    status: "ok",
  };
  const finish = async (status: RetentionResult["status"], error: string | null) => {
    result.status = status;
    await steps.finishRun(runId, {
      finishedAt: deps.now().toISOString(),
      status,
      fetched: result.examined,
      updated: result.redacted + result.purged,
      error,
    });
  };
  const abort = async (): Promise<RetentionResult> => {
    await finish("aborted", "stopped before the retention run was finished");
    deps.log?.info({ ...result }, "retention run stopped; it continues at the next run");
    return result;
  };
  try {
    const purgeDays = policy.deletedAtSourceDays ?? DEFAULT_DELETED_AT_SOURCE_DAYS;
    const purgeBefore = new Date(deps.now().getTime() - purgeDays * DAY_MS).toISOString();
    for (;;) {
      if (signal?.aborted) return await abort();
      const r = await steps.purge(purgeBefore, batch);
      result.purged += r.purged;
      result.authorsRemoved += r.authorsRemoved;
      if (r.purged < batch) break;
      await yieldLoop();
    }
    if (policy.retentionDays !== undefined) {
      const days = policy.retentionDays;
      const now = deps.now();
      // A deadline is never earlier than the post's own time plus `days`: older posts are the candidates.
      const createdBefore = new Date(now.getTime() - days * DAY_MS).toISOString();
      let afterId = 0;
      for (;;) {
        if (signal?.aborted) return await abort();
        const r = await steps.redact({ afterId, createdBefore, now: now.toISOString(), days, limit: batch });
        result.examined += r.examined;
        result.redacted += r.redacted;
        result.authorsRedacted += r.authorsRedacted;
        if (r.lastId === null) break;
        afterId = r.lastId;
        await yieldLoop();
      }
    }
    await finish("ok", null);
    deps.log?.info({ ...result }, "retention run finished");
    return result;
  } catch (err) {
    await finish("failed", err instanceof Error ? err.message.slice(0, 1000) : String(err));
    throw err;
  }
}

/** A candidate for redaction as both databases read it. */
export interface RedactCandidate {
  id: number;
  uid: string;
  author_id: number;
  created_at: string;
  tags: readonly string[];
}

/** The candidates whose deadline has passed, with the pseudonymous uid each gets. Pure. */
export function dueRedactions(
  rows: readonly RedactCandidate[],
  ctx: RetentionContext,
  q: Pick<RedactQuery, "now" | "days">,
): { id: number; authorId: number; uid: string }[] {
  return rows
    .filter(
      (r) => retentionDeadline({ createdAt: r.created_at, tags: r.tags }, ctx.campaigns, q.days) <= q.now,
    )
    .map((r) => ({ id: r.id, authorId: r.author_id, uid: redactedUid(ctx.secret, r.uid) }));
}

/** The pseudonym of a post source's remote id, or null when retention already gave it one. */
export function redactedSourceId(secret: string, remoteId: string): string | null {
  return remoteId.startsWith(`${REDACTED_PREFIX}:`) ? null : redactedRemoteId(secret, remoteId);
}

function yieldLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

interface Candidate {
  id: number;
  uid: string;
  author_id: number;
  created_at: string;
  tags: string;
}

/** SQLite's steps: synchronous better-sqlite3 transactions, as ingest's. */
export function createRetentionSteps(
  deps: Pick<RetentionDeps, "sqlite" | "rollups" | "campaigns" | "secret">,
): RetentionSteps {
  const s = deps.sqlite;
  const steps = createRetentionTransactions(deps);
  return {
    startRun: (startedAt) =>
      Number(
        s
          .prepare(
            "INSERT INTO collector_runs (source, target, started_at, status) VALUES (?, ?, ?, 'running')",
          )
          .run(RETENTION_SOURCE, RETENTION_TARGET, startedAt).lastInsertRowid,
      ),
    finishRun: (runId, r) => {
      s.prepare(
        `UPDATE collector_runs SET finished_at = ?, status = ?, fetched = ?, updated = ?, error = ? WHERE id = ?`,
      ).run(r.finishedAt, r.status, r.fetched, r.updated, r.error, runId);
    },
    purge: (before, limit) => steps.purge.immediate(before, limit),
    redact: (q) => steps.redact.immediate(q),
  };
}

/**
 * The statements of a run, each batch in one transaction begun IMMEDIATE (as
 * ingest's are): a deferred one fails at its first write with
 * SQLITE_BUSY_SNAPSHOT when a collector in another process committed meanwhile.
 */
function createRetentionTransactions(
  deps: Pick<RetentionDeps, "sqlite" | "rollups" | "campaigns" | "secret">,
) {
  const s = deps.sqlite;
  const candidates = s.prepare<[number, string, number], Candidate>(
    `SELECT p.id, p.uid, p.author_id, p.created_at,
       (SELECT json_group_array(tag) FROM post_hashtags WHERE post_id = p.id) AS tags
     FROM posts p
     WHERE p.id > ? AND p.created_at < ? AND p.redacted_at IS NULL AND p.deleted_at IS NULL
     ORDER BY p.id LIMIT ?`,
  );
  // `text` changes: the FTS update trigger drops the post's index entry with it.
  const redactPost = s.prepare(
    "UPDATE posts SET text = '', url = NULL, uid = @uid, redacted_at = @now WHERE id = @id",
  );
  const sourcesOf = s.prepare<[number], { source: string; target: string; remote_id: string }>(
    "SELECT source, target, remote_id FROM post_sources WHERE post_id = ?",
  );
  const redactSource = s.prepare(
    "UPDATE post_sources SET remote_id = ? WHERE source = ? AND target = ? AND remote_id = ?",
  );
  const authorStillNeeded = s.prepare<[number], { one: number }>(
    `SELECT 1 AS one FROM posts WHERE author_id = ? AND redacted_at IS NULL AND deleted_at IS NULL LIMIT 1`,
  );
  const authorRow = s.prepare<[number], { platform: string; handle: string; redacted_at: string | null }>(
    "SELECT platform, handle, redacted_at FROM authors WHERE id = ?",
  );
  const redactAuthor = s.prepare(
    `UPDATE authors SET handle = @handle, name = NULL, url = NULL, redacted_at = @now, updated_at = @now
     WHERE id = @id`,
  );
  const deletedPosts = s.prepare<[string, number], { id: number; author_id: number }>(
    "SELECT id, author_id FROM posts WHERE deleted_at IS NOT NULL AND deleted_at < ? ORDER BY id LIMIT ?",
  );
  const removePostRows = [
    "DELETE FROM post_hashtags WHERE post_id = ?",
    "DELETE FROM post_clusters WHERE post_id = ?",
    "DELETE FROM post_events WHERE post_id = ?",
    "DELETE FROM post_sources WHERE post_id = ?",
    "DELETE FROM posts WHERE id = ?",
  ].map((q) => s.prepare(q));
  const removeOrphanAuthor = s.prepare(
    "DELETE FROM authors WHERE id = ? AND NOT EXISTS (SELECT 1 FROM posts WHERE author_id = ?)",
  );

  function redactAuthors(authorIds: Iterable<number>, now: string): number {
    let n = 0;
    for (const id of authorIds) {
      if (authorStillNeeded.get(id)) continue;
      const a = authorRow.get(id);
      if (!a || a.redacted_at !== null) continue;
      redactAuthor.run({ id, handle: redactedHandle(deps.secret, a.platform, a.handle), now });
      n++;
    }
    return n;
  }

  return {
    redact: s.transaction((q: RedactQuery): RedactBatch => {
      const rows = candidates
        .all(q.afterId, q.createdBefore, q.limit)
        .map((r) => ({ ...r, tags: JSON.parse(r.tags) as string[] }));
      const authors = new Set<number>();
      const due = dueRedactions(rows, deps, q);
      for (const r of due) {
        redactPost.run({ id: r.id, uid: r.uid, now: q.now });
        for (const src of sourcesOf.all(r.id)) {
          const pseudonym = redactedSourceId(deps.secret, src.remote_id);
          if (pseudonym !== null) redactSource.run(pseudonym, src.source, src.target, src.remote_id);
        }
        authors.add(r.authorId);
      }
      return {
        examined: rows.length,
        redacted: due.length,
        authorsRedacted: redactAuthors(authors, q.now),
        lastId: rows.at(-1)?.id ?? null,
      };
    }),
    purge: s.transaction((before: string, limit: number) => {
      const rows = deletedPosts.all(before, limit);
      const ids = rows.map((r) => r.id);
      // Deleted posts are out of the rollups already; tracking keeps that true whatever their state.
      deps.rollups.track(ids, () => {
        for (const id of ids) for (const stmt of removePostRows) stmt.run(id);
        return { result: null, touched: [] };
      });
      let authorsRemoved = 0;
      for (const a of new Set(rows.map((r) => r.author_id)))
        authorsRemoved += removeOrphanAuthor.run(a, a).changes;
      return { purged: ids.length, authorsRemoved };
    }),
  };
}
