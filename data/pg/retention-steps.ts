import { type Kysely, sql } from "kysely";
import { redactedHandle } from "../privacy/pseudonym.ts";
import {
  dueRedactions,
  RETENTION_SOURCE,
  RETENTION_TARGET,
  type RetentionContext,
  type RetentionSteps,
  redactedSourceId,
} from "../privacy/retention.ts";
import type { Database } from "../schema.ts";
import type { PgRollupMaintainer } from "./rollup-maintainer.ts";
import { withWriteLock } from "./write-lock.ts";

type Db = Kysely<Database>;

/**
 * data/privacy/retention.ts's batches on PostgreSQL. The run (what is due,
 * what is counted and recorded) is shared; here each batch is one
 * transaction under the write lock (write-lock.ts), since ingest may change
 * the same posts, and a batch's rows are written with one statement per
 * table (`unnest` of arrays) instead of one per row: every statement is a
 * round trip. test/pg/privacy-differential.test.ts runs both on one world.
 */
export function createPgRetentionSteps(
  db: Db,
  rollups: PgRollupMaintainer,
  ctx: RetentionContext,
): RetentionSteps {
  return {
    async startRun(startedAt) {
      // The counters keep their defaults (0), as on SQLite.
      const { rows } = await sql<{
        id: number;
      }>`INSERT INTO collector_runs (source, target, started_at, status)
        VALUES (${RETENTION_SOURCE}, ${RETENTION_TARGET}, ${startedAt}, 'running') RETURNING id`.execute(db);
      return Number(rows[0]?.id);
    },
    async finishRun(runId, r) {
      await db
        .updateTable("collector_runs")
        .set({
          finished_at: r.finishedAt,
          status: r.status as "ok" | "failed" | "aborted",
          fetched: r.fetched,
          updated: r.updated,
          error: r.error,
        })
        .where("id", "=", runId)
        .execute();
    },

    purge: (before, limit) =>
      withWriteLock(db, async (trx) => {
        const rows = await trx
          .selectFrom("posts")
          .select(["id", "author_id"])
          .where("deleted_at", "is not", null)
          .where("deleted_at", "<", before)
          .orderBy("id")
          .limit(limit)
          .execute();
        const ids = rows.map((r) => r.id);
        if (ids.length === 0) return { purged: 0, authorsRemoved: 0 };
        // Deleted posts are out of the rollups already; tracking keeps that true whatever their state.
        // Their sightings no longer count either (the coverage triggers skip deleted posts), so one
        // statement per table removes the same rows as SQLite's one per post.
        await rollups.track(trx, ids, async () => {
          for (const table of ["post_hashtags", "post_clusters", "post_events", "post_sources"] as const)
            await trx.deleteFrom(table).where("post_id", "in", ids).execute();
          await trx.deleteFrom("posts").where("id", "in", ids).execute();
          return { result: null, touched: [] };
        });
        const authors = [...new Set(rows.map((r) => r.author_id))];
        const removed = await trx
          .deleteFrom("authors")
          .where("id", "in", authors)
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(selectFrom("posts").select("posts.id").whereRef("posts.author_id", "=", "authors.id")),
            ),
          )
          .executeTakeFirst();
        return { purged: ids.length, authorsRemoved: Number(removed.numDeletedRows) };
      }),

    redact: (q) =>
      withWriteLock(db, async (trx) => {
        const rows = await trx
          .selectFrom("posts")
          .select(["id", "uid", "author_id", "created_at"])
          .where("id", ">", q.afterId)
          .where("created_at", "<", q.createdBefore)
          .where("redacted_at", "is", null)
          .where("deleted_at", "is", null)
          .orderBy("id")
          .limit(q.limit)
          .execute();
        const lastId = rows.at(-1)?.id ?? null;
        if (rows.length === 0) return { examined: 0, redacted: 0, authorsRedacted: 0, lastId };
        const tags = new Map<number, string[]>();
        for (const t of await trx
          .selectFrom("post_hashtags")
          .select(["post_id", "tag"])
          .where(
            "post_id",
            "in",
            rows.map((r) => r.id),
          )
          .execute())
          tags.set(t.post_id, [...(tags.get(t.post_id) ?? []), t.tag]);
        const due = dueRedactions(
          rows.map((r) => ({ ...r, tags: tags.get(r.id) ?? [] })),
          ctx,
          q,
        );
        if (due.length === 0) return { examined: rows.length, redacted: 0, authorsRedacted: 0, lastId };
        const ids = due.map((d) => d.id);
        await sql`UPDATE posts AS p SET text = '', url = NULL, uid = v.uid, redacted_at = ${q.now}
          FROM unnest(${ids}::bigint[], ${due.map((d) => d.uid)}::text[]) AS v(id, uid)
          WHERE p.id = v.id`.execute(trx);
        const sightings = (
          await trx
            .selectFrom("post_sources")
            .select(["source", "target", "remote_id"])
            .where("post_id", "in", ids)
            .execute()
        ).flatMap((s) => {
          const pseudonym = redactedSourceId(ctx.secret, s.remote_id);
          return pseudonym === null ? [] : [{ ...s, pseudonym }];
        });
        if (sightings.length > 0)
          await sql`UPDATE post_sources AS s SET remote_id = v.pseudonym
            FROM unnest(${sightings.map((s) => s.source)}::text[], ${sightings.map((s) => s.target)}::text[],
              ${sightings.map((s) => s.remote_id)}::text[], ${sightings.map((s) => s.pseudonym)}::text[])
              AS v(source, target, remote_id, pseudonym)
            WHERE s.source = v.source AND s.target = v.target AND s.remote_id = v.remote_id`.execute(trx);
        // An author's identity goes once none of their posts is left unredacted.
        const authors = await trx
          .selectFrom("authors as a")
          .select(["a.id", "a.platform", "a.handle"])
          .where("a.id", "in", [...new Set(due.map((d) => d.authorId))])
          .where("a.redacted_at", "is", null)
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom("posts as p")
                  .select("p.id")
                  .whereRef("p.author_id", "=", "a.id")
                  .where("p.redacted_at", "is", null)
                  .where("p.deleted_at", "is", null),
              ),
            ),
          )
          .execute();
        if (authors.length > 0)
          await sql`UPDATE authors AS a SET handle = v.handle, name = NULL, url = NULL,
              redacted_at = ${q.now}, updated_at = ${q.now}
            FROM unnest(${authors.map((a) => a.id)}::bigint[],
              ${authors.map((a) => redactedHandle(ctx.secret, a.platform, a.handle))}::text[]) AS v(id, handle)
            WHERE a.id = v.id`.execute(trx);
        return { examined: rows.length, redacted: due.length, authorsRedacted: authors.length, lastId };
      }),
  };
}
