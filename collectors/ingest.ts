import type { PostAnalysis, PostAnalyzer } from "../data/analysis/analyze-post.ts";
import type { OpenedDatabase } from "../data/db.ts";
import type { RollupMaintainer } from "../data/rollups/maintainer.ts";
import type {
  IngestResult,
  NormalizedPost,
  RefreshCandidate,
  RunTotals,
  SyncCollectorStore,
} from "./types.ts";

export interface StoreDeps {
  database: OpenedDatabase;
  now: () => Date;
  /** Language, sentiment, clusters and events of a post, computed once when it is stored or edited. */
  analyze: PostAnalyzer;
  /** Keeps the hourly rollups in step with every change made here. */
  rollups: RollupMaintainer;
}

export interface ExistingPost {
  id: number;
  deleted_at: string | null;
  author_followers_at_collection: number;
  text: string;
  likes: number;
  reposts: number;
  replies: number;
  quotes: number;
  counts_from: "origin" | "remote";
}

/**
 * The only door from collectors into storage. Ingest is idempotent on the
 * post's canonical uid: re-ingesting updates text and counts, never adds a row.
 * Statements are synchronous better-sqlite3 calls so a batch and its cursor
 * commit in one transaction: the cursor moves only when the posts are stored.
 */
export function createCollectorStore(deps: StoreDeps): SyncCollectorStore {
  const s = deps.database.sqlite;
  // BEGIN IMMEDIATE, not better-sqlite3's default deferred BEGIN: a deferred
  // transaction starts as a reader and, when another process (the server, an
  // import, a second collector) committed meanwhile, its first write fails at
  // once with SQLITE_BUSY_SNAPSHOT, which busy_timeout cannot wait out. Taking
  // the write lock up front makes it wait its turn instead (test/faults/load).
  const transaction = <A extends unknown[], R>(fn: (...args: A) => R) => s.transaction(fn).immediate;
  const upsertAuthor = s.prepare<
    [string, string, string | null, string | null, number, number, string, string],
    { id: number }
  >(
    `INSERT INTO authors (platform, handle, name, url, followers_first, followers_latest, first_seen_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (platform, handle) DO UPDATE SET
       name = excluded.name, url = excluded.url,
       followers_latest = excluded.followers_latest, updated_at = excluded.updated_at
     RETURNING id`,
  );
  const findPost = s.prepare<[string], ExistingPost>(
    `SELECT id, text, likes, reposts, replies, quotes, counts_from, deleted_at, author_followers_at_collection
     FROM posts WHERE uid = ?`,
  );
  const insertPost = s.prepare(
    `INSERT INTO posts (uid, platform, origin_instance, url, author_id, created_at, text, lang,
       sentiment_score, sentiment_label, likes, reposts, replies, quotes, counts_from,
       author_followers_at_collection, first_seen_at, refreshed_at, edited_at)
     VALUES (@uid, @platform, @origin, @url, @author, @createdAt, @text, @lang, @score, @label,
       @likes, @reposts, @replies, @quotes, @countsFrom, @followers, @now, @now, @editedAt)`,
  );
  // Two statements: a count refresh must not touch `text`, whose trigger rewrites the search index.
  const updateCounts = s.prepare(
    `UPDATE posts SET likes = @likes, reposts = @reposts, replies = @replies, quotes = @quotes,
       counts_from = @countsFrom, refreshed_at = @now WHERE id = @id`,
  );
  const updateText = s.prepare(
    `UPDATE posts SET text = @text, sentiment_score = @score, sentiment_label = @label,
       edited_at = COALESCE(@editedAt, edited_at), refreshed_at = @now WHERE id = @id`,
  );
  const insertTag = s.prepare("INSERT OR IGNORE INTO post_hashtags (post_id, tag) VALUES (?, ?)");
  const insertCluster = s.prepare(
    "INSERT OR IGNORE INTO post_clusters (post_id, cluster_id, matched_by) VALUES (?, ?, ?)",
  );
  const deleteClusters = s.prepare("DELETE FROM post_clusters WHERE post_id = ?");
  const insertEvent = s.prepare("INSERT OR IGNORE INTO post_events (post_id, event_id) VALUES (?, ?)");
  const deleteEvents = s.prepare("DELETE FROM post_events WHERE post_id = ?");
  const updateLang = s.prepare("UPDATE posts SET lang = ? WHERE id = ?");
  const postsAfter = s.prepare<
    [number, number],
    {
      id: number;
      text: string;
      lang: string | null;
      created_at: string;
      sentiment_score: number;
      sentiment_label: string;
    }
  >(
    // Posts whose text retention removed keep the analysis they had: an empty text would lose
    // their clusters and sentiment, and with them numbers the aggregates still show.
    `SELECT id, text, lang, created_at, sentiment_score, sentiment_label FROM posts
     WHERE id > ? AND deleted_at IS NULL AND redacted_at IS NULL ORDER BY id LIMIT ?`,
  );
  const updateSentiment = s.prepare("UPDATE posts SET sentiment_score = ?, sentiment_label = ? WHERE id = ?");
  const tagsOf = s.prepare<[number], { tag: string }>("SELECT tag FROM post_hashtags WHERE post_id = ?");
  const clustersOfPost = s.prepare<[number], { cluster_id: string; matched_by: string }>(
    "SELECT cluster_id, matched_by FROM post_clusters WHERE post_id = ? ORDER BY cluster_id",
  );
  const eventsOfPostStmt = s.prepare<[number], { event_id: string }>(
    "SELECT event_id FROM post_events WHERE post_id = ? ORDER BY event_id",
  );
  const deleteTags = s.prepare("DELETE FROM post_hashtags WHERE post_id = ?");
  const insertSource = s.prepare(
    "INSERT OR IGNORE INTO post_sources (post_id, source, target, remote_id, seen_at) VALUES (?, ?, ?, ?, ?)",
  );
  const upsertCursor = s.prepare(
    `INSERT INTO source_cursors (source, target, cursor, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (source, target) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`,
  );
  const getCursor = s.prepare<[string, string], { cursor: string }>(
    "SELECT cursor FROM source_cursors WHERE source = ? AND target = ?",
  );
  const markDeleted = s.prepare(
    "UPDATE posts SET deleted_at = @now, text = '', refreshed_at = @now WHERE uid = @uid AND deleted_at IS NULL",
  );
  const deleteTagsByUid = s.prepare(
    "DELETE FROM post_hashtags WHERE post_id = (SELECT id FROM posts WHERE uid = ?)",
  );
  const refreshCandidates = s.prepare<
    { platform: string; createdFrom: string; createdTo: string; refreshedBefore: string; limit: number },
    RefreshCandidate
  >(
    `SELECT p.uid, p.origin_instance AS originInstance,
       (SELECT ps.remote_id FROM post_sources ps
         WHERE ps.post_id = p.id AND ps.source IN ('mastodon', 'mastodon-refresh')
           AND (ps.target = p.origin_instance OR ps.target LIKE p.origin_instance || '#%')
         LIMIT 1) AS originId
     FROM posts p
     WHERE p.platform = @platform AND p.deleted_at IS NULL AND p.redacted_at IS NULL
       AND p.created_at >= @createdFrom AND p.created_at < @createdTo AND p.refreshed_at < @refreshedBefore
     ORDER BY p.refreshed_at, p.id LIMIT @limit`,
  );
  const touch = s.prepare("UPDATE posts SET refreshed_at = ? WHERE uid = ?");
  // 0 at first sighting means "not known then" (an enrichment that failed): the first
  // known count is the frozen one.
  const fillFollowers = s.prepare(
    "UPDATE posts SET author_followers_at_collection = ? WHERE id = ? AND author_followers_at_collection = 0",
  );
  const progressRun = s.prepare(
    `UPDATE collector_runs SET fetched = @fetched, inserted = @inserted, updated = @updated,
       rate_limit_wait_ms = @wait WHERE id = @id AND status = 'running'`,
  );
  const startRun = s.prepare(
    "INSERT INTO collector_runs (source, target, started_at, status) VALUES (?, ?, ?, 'running')",
  );
  const finishRun = s.prepare(
    `UPDATE collector_runs SET finished_at = @now, status = @status, fetched = @fetched, inserted = @inserted,
       updated = @updated, rate_limit_wait_ms = @wait, error = @error WHERE id = @id`,
  );

  function storeAnalysis(postId: number, a: PostAnalysis): void {
    for (const c of a.clusters) insertCluster.run(postId, c.id, c.matchedBy);
    for (const e of a.events) insertEvent.run(postId, e);
  }

  function ingestOne(
    p: NormalizedPost,
    source: string,
    target: string,
    now: string,
  ): { outcome: keyof IngestResult; postId: number | null } {
    const author = upsertAuthor.get(
      p.platform,
      p.author.handle,
      p.author.name,
      p.author.url,
      p.author.followers,
      p.author.followers,
      now,
      now,
    );
    if (!author) throw new Error(`could not store author ${p.author.handle}`);
    const existing = findPost.get(p.uid);
    // Deleted at the source: a copy seen later (a stale instance, a feed) does not bring it back.
    if (existing?.deleted_at) return { outcome: "unchanged", postId: null };
    let outcome: keyof IngestResult;
    let postId: number;
    if (!existing) {
      const analysis = deps.analyze(p);
      const sentiment = analysis.sentiment;
      const res = insertPost.run({
        uid: p.uid,
        platform: p.platform,
        origin: p.originInstance,
        url: p.url,
        author: author.id,
        createdAt: p.createdAt,
        text: p.text,
        lang: analysis.lang,
        score: sentiment.score,
        label: sentiment.label,
        ...p.counts,
        countsFrom: p.countsFromOrigin ? "origin" : "remote",
        followers: p.author.followers,
        now,
        editedAt: p.editedAt,
      });
      postId = Number(res.lastInsertRowid);
      for (const tag of p.hashtags) insertTag.run(postId, tag);
      storeAnalysis(postId, analysis);
      outcome = "inserted";
    } else {
      postId = existing.id;
      const counts = mergeCounts(existing, p);
      const textChanged = takesEdit(existing, p);
      const countsChanged = countsDiffer(existing, counts);
      if (countsChanged) {
        updateCounts.run({
          id: existing.id,
          likes: counts.likes,
          reposts: counts.reposts,
          replies: counts.replies,
          quotes: counts.quotes,
          countsFrom: counts.from,
          now,
        });
      }
      if (textChanged) {
        const analysis = deps.analyze(p);
        const sentiment = analysis.sentiment;
        updateText.run({
          id: existing.id,
          text: p.text,
          score: sentiment.score,
          label: sentiment.label,
          editedAt: p.editedAt,
          now,
        });
        deleteTags.run(existing.id);
        for (const tag of p.hashtags) insertTag.run(existing.id, tag);
        updateLang.run(analysis.lang, existing.id);
        deleteClusters.run(existing.id);
        deleteEvents.run(existing.id);
        storeAnalysis(existing.id, analysis);
      }
      const followersLearned = existing.author_followers_at_collection === 0 && p.author.followers > 0;
      if (followersLearned) fillFollowers.run(p.author.followers, existing.id);
      if (textChanged || countsChanged || followersLearned) {
        outcome = "updated";
      } else {
        outcome = "unchanged";
      }
    }
    insertSource.run(postId, source, target, p.remoteId, now);
    return { outcome, postId: outcome === "unchanged" ? null : postId };
  }

  return {
    ingestBatch: transaction((batch: Parameters<SyncCollectorStore["ingestBatch"]>[0]) => {
      const now = deps.now().toISOString();
      const result: IngestResult = { inserted: 0, updated: 0, unchanged: 0 };
      const existing = batch.posts.flatMap((p) => findPost.get(p.uid)?.id ?? []);
      deps.rollups.track(existing, () => {
        const touched: number[] = [];
        for (const p of batch.posts) {
          const r = ingestOne(p, batch.source, batch.target, now);
          result[r.outcome]++;
          if (r.postId !== null) touched.push(r.postId);
        }
        return { result, touched };
      });
      if (batch.cursor !== undefined) upsertCursor.run(batch.source, batch.target, batch.cursor, now);
      return result;
    }),
    markDeleted: transaction((uids: readonly string[]) => {
      const now = deps.now().toISOString();
      const ids = uids.flatMap((uid) => findPost.get(uid)?.id ?? []);
      return deps.rollups.track(ids, () => {
        let n = 0;
        for (const uid of uids) {
          deleteTagsByUid.run(uid);
          n += markDeleted.run({ uid, now }).changes;
        }
        return { result: n, touched: ids };
      });
    }),
    refreshCandidates(q) {
      return refreshCandidates.all(q);
    },
    touchRefreshed: transaction((uids: readonly string[]) => {
      const now = deps.now().toISOString();
      for (const uid of uids) touch.run(now, uid);
    }),
    reattribute: transaction((afterId: number, limit: number) => {
      const rows = postsAfter.all(afterId, limit);
      const changedIds: number[] = [];
      for (const r of rows) {
        const a = deps.analyze({
          text: r.text,
          lang: r.lang,
          hashtags: tagsOf.all(r.id).map((t) => t.tag),
          createdAt: r.created_at,
        });
        const before = storedAnalysisKey(clustersOfPost.all(r.id), eventsOfPostStmt.all(r.id), r);
        if (before === analysisKey(a)) continue;
        changedIds.push(r.id);
        deps.rollups.track([r.id], () => {
          deleteClusters.run(r.id);
          deleteEvents.run(r.id);
          storeAnalysis(r.id, { ...a, lang: r.lang });
          updateSentiment.run(a.sentiment.score, a.sentiment.label, r.id);
          return { result: null, touched: [r.id] };
        });
      }
      return { lastId: rows.at(-1)?.id ?? null, done: rows.length, changed: changedIds.length };
    }),
    progressRun(runId, totals) {
      progressRun.run({
        id: runId,
        fetched: totals.fetched,
        inserted: totals.inserted,
        updated: totals.updated,
        wait: Math.round(totals.rateLimitWaitMs),
      });
    },
    getCursor(source, target) {
      return getCursor.get(source, target)?.cursor ?? null;
    },
    startRun(source, target) {
      return Number(startRun.run(source, target, deps.now().toISOString()).lastInsertRowid);
    },
    finishRun(runId, status, totals: RunTotals, error = null) {
      finishRun.run({
        id: runId,
        now: deps.now().toISOString(),
        status,
        fetched: totals.fetched,
        inserted: totals.inserted,
        updated: totals.updated,
        wait: Math.round(totals.rateLimitWaitMs),
        error,
      });
    },
  };
}

/**
 * An edit is taken from the origin, or from any copy while the origin is
 * unseen: a stale remote copy must not undo the author's edit.
 */
export function takesEdit(existing: ExistingPost, p: NormalizedPost): boolean {
  return existing.text !== p.text && (p.countsFromOrigin || existing.counts_from !== "origin");
}

export function countsDiffer(existing: ExistingPost, counts: ReturnType<typeof mergeCounts>): boolean {
  return (
    counts.likes !== existing.likes ||
    counts.reposts !== existing.reposts ||
    counts.replies !== existing.replies ||
    counts.quotes !== existing.quotes ||
    counts.from !== existing.counts_from
  );
}

/**
 * What re-attribution compares: a post's stored clusters (by cluster id),
 * events (sorted) and sentiment, as one string.
 */
export function storedAnalysisKey(
  clusters: readonly { cluster_id: string; matched_by: string }[],
  events: readonly { event_id: string }[],
  sentiment: { sentiment_score: number; sentiment_label: string },
): string {
  return JSON.stringify([
    clusters.map((c) => ({ cluster_id: c.cluster_id, matched_by: c.matched_by })),
    events.map((e) => ({ event_id: e.event_id })),
    [sentiment.sentiment_score, sentiment.sentiment_label],
  ]);
}

/** The same key of a fresh analysis. */
export function analysisKey(a: PostAnalysis): string {
  return storedAnalysisKey(
    a.clusters
      .map((c) => ({ cluster_id: c.id, matched_by: c.matchedBy }))
      .sort((x, y) => (x.cluster_id < y.cluster_id ? -1 : 1)),
    [...a.events].sort().map((event_id) => ({ event_id })),
    { sentiment_score: a.sentiment.score, sentiment_label: a.sentiment.label },
  );
}

/**
 * Counts differ per instance. The origin's counts are authoritative and always
 * win; until the origin has been seen, keep the largest count any copy showed.
 */
export function mergeCounts(existing: ExistingPost, p: NormalizedPost) {
  if (p.countsFromOrigin) return { ...p.counts, from: "origin" as const };
  if (existing.counts_from === "origin") return { ...existing, from: "origin" as const };
  return {
    likes: Math.max(existing.likes, p.counts.likes),
    reposts: Math.max(existing.reposts, p.counts.reposts),
    replies: Math.max(existing.replies, p.counts.replies),
    quotes: Math.max(existing.quotes, p.counts.quotes),
    from: "remote" as const,
  };
}
