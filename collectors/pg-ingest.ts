import { type Kysely, sql } from "kysely";
import type { PostAnalysis, PostAnalyzer } from "../data/analysis/analyze-post.ts";
import type { PgRollupMaintainer } from "../data/pg/rollup-maintainer.ts";
import { withWriteLock } from "../data/pg/write-lock.ts";
import type { Database } from "../data/schema.ts";
import {
  analysisKey,
  countsDiffer,
  type ExistingPost,
  mergeCounts,
  storedAnalysisKey,
  takesEdit,
} from "./ingest.ts";
import type { CollectorStore, IngestResult, NormalizedPost, RefreshCandidate, RunTotals } from "./types.ts";

type Db = Kysely<Database>;

export interface PgStoreDeps {
  /** The PostgreSQL database (data/pg/open.ts). */
  db: Db;
  now: () => Date;
  analyze: PostAnalyzer;
  /** Keeps the rollups in step with every change made here (data/pg/rollup-maintainer.ts). */
  rollups: PgRollupMaintainer;
}

/**
 * The collector store of ingest.ts on PostgreSQL: the same operations with
 * the same outcome, row for row (test/pg/ingest-differential.test.ts). Each
 * write is one transaction that takes the database-wide write lock first
 * (data/pg/write-lock.ts): writers from every process queue, as SQLite's
 * BEGIN IMMEDIATE makes them, and the rollup deltas stay exact.
 *
 * Ids come out as SQLite's for the same sequence of changes (posts are
 * inserted only when new; an author upsert takes an id on both databases).
 */
export function createPgCollectorStore(deps: PgStoreDeps): CollectorStore {
  const { db } = deps;

  async function findPost(q: Db, uid: string): Promise<ExistingPost | undefined> {
    return q
      .selectFrom("posts")
      .select([
        "id",
        "text",
        "likes",
        "reposts",
        "replies",
        "quotes",
        "counts_from",
        "deleted_at",
        "author_followers_at_collection",
      ])
      .where("uid", "=", uid)
      .executeTakeFirst();
  }

  async function idsOf(q: Db, uids: readonly string[]): Promise<number[]> {
    if (uids.length === 0) return [];
    const rows = await q
      .selectFrom("posts")
      .select(["id", "uid"])
      .where("uid", "in", [...uids])
      .execute();
    const byUid = new Map(rows.map((r) => [r.uid, r.id]));
    return uids.flatMap((u) => byUid.get(u) ?? []);
  }

  async function upsertAuthor(q: Db, p: NormalizedPost, now: string): Promise<number> {
    const a = p.author;
    // As on SQLite, every sighting takes the next id even when it ends in an update (AUTOINCREMENT
    // there, the identity sequence here): so both give an author the same id.
    const row = await q
      .insertInto("authors")
      .values({
        platform: p.platform,
        handle: a.handle,
        name: a.name,
        url: a.url,
        followers_first: a.followers,
        followers_latest: a.followers,
        first_seen_at: now,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.columns(["platform", "handle"]).doUpdateSet((eb) => ({
          name: eb.ref("excluded.name"),
          url: eb.ref("excluded.url"),
          followers_latest: eb.ref("excluded.followers_latest"),
          updated_at: eb.ref("excluded.updated_at"),
        })),
      )
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async function insertTags(q: Db, postId: number, tags: readonly string[]): Promise<void> {
    if (tags.length === 0) return;
    await q
      .insertInto("post_hashtags")
      .values(tags.map((tag) => ({ post_id: postId, tag })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async function storeAnalysis(q: Db, postId: number, a: Pick<PostAnalysis, "clusters" | "events">) {
    if (a.clusters.length > 0)
      await q
        .insertInto("post_clusters")
        .values(a.clusters.map((c) => ({ post_id: postId, cluster_id: c.id, matched_by: c.matchedBy })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    if (a.events.length > 0)
      await q
        .insertInto("post_events")
        .values(a.events.map((e) => ({ post_id: postId, event_id: e })))
        .onConflict((oc) => oc.doNothing())
        .execute();
  }

  async function clearAnalysis(q: Db, postId: number): Promise<void> {
    await q.deleteFrom("post_clusters").where("post_id", "=", postId).execute();
    await q.deleteFrom("post_events").where("post_id", "=", postId).execute();
  }

  async function ingestOne(
    q: Db,
    p: NormalizedPost,
    source: string,
    target: string,
    now: string,
  ): Promise<{ outcome: keyof IngestResult; postId: number | null }> {
    const authorId = await upsertAuthor(q, p, now);
    const existing = await findPost(q, p.uid);
    // Deleted at the source: a copy seen later (a stale instance, a feed) does not bring it back.
    if (existing?.deleted_at) return { outcome: "unchanged", postId: null };
    let outcome: keyof IngestResult;
    let postId: number;
    if (!existing) {
      const analysis = deps.analyze(p);
      const row = await q
        .insertInto("posts")
        .values({
          uid: p.uid,
          platform: p.platform,
          origin_instance: p.originInstance,
          url: p.url,
          author_id: authorId,
          created_at: p.createdAt,
          text: p.text,
          lang: analysis.lang,
          sentiment_score: analysis.sentiment.score,
          sentiment_label: analysis.sentiment.label,
          ...p.counts,
          counts_from: p.countsFromOrigin ? "origin" : "remote",
          author_followers_at_collection: p.author.followers,
          first_seen_at: now,
          refreshed_at: now,
          edited_at: p.editedAt,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      postId = row.id;
      await insertTags(q, postId, p.hashtags);
      await storeAnalysis(q, postId, analysis);
      outcome = "inserted";
    } else {
      postId = existing.id;
      const counts = mergeCounts(existing, p);
      const textChanged = takesEdit(existing, p);
      const countsChanged = countsDiffer(existing, counts);
      if (countsChanged)
        await q
          .updateTable("posts")
          .set({
            likes: counts.likes,
            reposts: counts.reposts,
            replies: counts.replies,
            quotes: counts.quotes,
            counts_from: counts.from,
            refreshed_at: now,
          })
          .where("id", "=", postId)
          .execute();
      if (textChanged) {
        const analysis = deps.analyze(p);
        await q
          .updateTable("posts")
          .set((eb) => ({
            text: p.text,
            sentiment_score: analysis.sentiment.score,
            sentiment_label: analysis.sentiment.label,
            edited_at: p.editedAt ?? eb.ref("edited_at"),
            refreshed_at: now,
            lang: analysis.lang,
          }))
          .where("id", "=", postId)
          .execute();
        await q.deleteFrom("post_hashtags").where("post_id", "=", postId).execute();
        await insertTags(q, postId, p.hashtags);
        await clearAnalysis(q, postId);
        await storeAnalysis(q, postId, analysis);
      }
      // 0 at first sighting means "not known then" (an enrichment that failed): the first known count is the frozen one.
      const followersLearned = existing.author_followers_at_collection === 0 && p.author.followers > 0;
      if (followersLearned)
        await q
          .updateTable("posts")
          .set({ author_followers_at_collection: p.author.followers })
          .where("id", "=", postId)
          .where("author_followers_at_collection", "=", 0)
          .execute();
      outcome = textChanged || countsChanged || followersLearned ? "updated" : "unchanged";
    }
    await q
      .insertInto("post_sources")
      .values({ post_id: postId, source, target, remote_id: p.remoteId, seen_at: now })
      .onConflict((oc) => oc.doNothing())
      .execute();
    return { outcome, postId: outcome === "unchanged" ? null : postId };
  }

  return {
    ingestBatch(batch) {
      return withWriteLock(db, async (trx) => {
        const now = deps.now().toISOString();
        const result: IngestResult = { inserted: 0, updated: 0, unchanged: 0 };
        const existing = await idsOf(
          trx,
          batch.posts.map((p) => p.uid),
        );
        await deps.rollups.track(trx, existing, async () => {
          const touched: number[] = [];
          for (const p of batch.posts) {
            const r = await ingestOne(trx, p, batch.source, batch.target, now);
            result[r.outcome]++;
            if (r.postId !== null) touched.push(r.postId);
          }
          return { result, touched };
        });
        if (batch.cursor !== undefined)
          await trx
            .insertInto("source_cursors")
            .values({ source: batch.source, target: batch.target, cursor: batch.cursor, updated_at: now })
            .onConflict((oc) =>
              oc.columns(["source", "target"]).doUpdateSet((eb) => ({
                cursor: eb.ref("excluded.cursor"),
                updated_at: eb.ref("excluded.updated_at"),
              })),
            )
            .execute();
        return result;
      });
    },

    markDeleted(uids) {
      return withWriteLock(db, async (trx) => {
        const now = deps.now().toISOString();
        const ids = await idsOf(trx, uids);
        return deps.rollups.track(trx, ids, async () => {
          let n = 0;
          for (const uid of uids) {
            await trx
              .deleteFrom("post_hashtags")
              .where("post_id", "in", trx.selectFrom("posts").select("id").where("uid", "=", uid))
              .execute();
            const r = await trx
              .updateTable("posts")
              .set({ deleted_at: now, text: "", refreshed_at: now })
              .where("uid", "=", uid)
              .where("deleted_at", "is", null)
              .executeTakeFirst();
            n += Number(r.numUpdatedRows);
          }
          return { result: n, touched: ids };
        });
      });
    },

    async refreshCandidates(q) {
      // LIKE is case-sensitive here and ASCII-case-insensitive on SQLite: lower() on both sides
      // (ASCII only under COLLATE "C") gives SQLite's answer.
      const { rows } = await sql<RefreshCandidate>`
        SELECT p.uid, p.origin_instance AS "originInstance",
          (SELECT ps.remote_id FROM post_sources ps
            WHERE ps.post_id = p.id AND ps.source IN ('mastodon', 'mastodon-refresh')
              AND (ps.target = p.origin_instance OR lower(ps.target) LIKE lower(p.origin_instance) || '#%')
            LIMIT 1) AS "originId"
        FROM posts p
        WHERE p.platform = ${q.platform} AND p.deleted_at IS NULL AND p.redacted_at IS NULL
          AND p.created_at >= ${q.createdFrom} AND p.created_at < ${q.createdTo}
          AND p.refreshed_at < ${q.refreshedBefore}
        ORDER BY p.refreshed_at, p.id LIMIT ${q.limit}`.execute(db);
      return rows;
    },

    async touchRefreshed(uids) {
      if (uids.length === 0) return;
      const now = deps.now().toISOString();
      // Not a rollup fact, but the lock all the same: rows locked in another order than a
      // writer's could deadlock with it.
      await withWriteLock(db, (trx) =>
        trx
          .updateTable("posts")
          .set({ refreshed_at: now })
          .where("uid", "in", [...uids])
          .execute(),
      );
    },

    reattribute(afterId, limit) {
      return withWriteLock(db, async (trx) => {
        const rows = await trx
          .selectFrom("posts")
          .select(["id", "text", "lang", "created_at", "sentiment_score", "sentiment_label"])
          // Posts whose text retention removed keep the analysis they had (see ingest.ts).
          .where("id", ">", afterId)
          .where("deleted_at", "is", null)
          .where("redacted_at", "is", null)
          .orderBy("id")
          .limit(limit)
          .execute();
        let changed = 0;
        for (const r of rows) {
          const tags = await trx
            .selectFrom("post_hashtags")
            .select("tag")
            .where("post_id", "=", r.id)
            .orderBy("tag")
            .execute();
          const a = deps.analyze({
            text: r.text,
            lang: r.lang,
            hashtags: tags.map((t) => t.tag),
            createdAt: r.created_at,
          });
          const clusters = await trx
            .selectFrom("post_clusters")
            .select(["cluster_id", "matched_by"])
            .where("post_id", "=", r.id)
            .orderBy("cluster_id")
            .execute();
          const events = await trx
            .selectFrom("post_events")
            .select("event_id")
            .where("post_id", "=", r.id)
            .orderBy("event_id")
            .execute();
          if (storedAnalysisKey(clusters, events, r) === analysisKey(a)) continue;
          changed++;
          await deps.rollups.track(trx, [r.id], async () => {
            await clearAnalysis(trx, r.id);
            await storeAnalysis(trx, r.id, a);
            await trx
              .updateTable("posts")
              .set({ sentiment_score: a.sentiment.score, sentiment_label: a.sentiment.label })
              .where("id", "=", r.id)
              .execute();
            return { result: null, touched: [r.id] };
          });
        }
        return { lastId: rows.at(-1)?.id ?? null, done: rows.length, changed };
      });
    },

    async progressRun(runId, totals) {
      await db
        .updateTable("collector_runs")
        .set(runTotals(totals))
        .where("id", "=", runId)
        .where("status", "=", "running")
        .execute();
    },

    async getCursor(source, target) {
      const row = await db
        .selectFrom("source_cursors")
        .select("cursor")
        .where("source", "=", source)
        .where("target", "=", target)
        .executeTakeFirst();
      return row?.cursor ?? null;
    },

    async startRun(source, target) {
      const row = await db
        .insertInto("collector_runs")
        .values({
          source,
          target,
          started_at: deps.now().toISOString(),
          status: "running",
          ...runTotals({ fetched: 0, inserted: 0, updated: 0, rateLimitWaitMs: 0 }),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async finishRun(runId, status, totals, error = null) {
      await db
        .updateTable("collector_runs")
        .set({ finished_at: deps.now().toISOString(), status, ...runTotals(totals), error })
        .where("id", "=", runId)
        .execute();
    },
  };
}

function runTotals(totals: RunTotals) {
  return {
    fetched: totals.fetched,
    inserted: totals.inserted,
    updated: totals.updated,
    rate_limit_wait_ms: Math.round(totals.rateLimitWaitMs),
  };
}
