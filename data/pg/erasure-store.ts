import { type Kysely, sql } from "kysely";
import type { ErasurePlan, ErasureStore, ErasureTarget, FlaggedReport } from "../privacy/erasure.ts";
import type { Database } from "../schema.ts";
import type { PgRollupMaintainer } from "./rollup-maintainer.ts";
import { withWriteLock } from "./write-lock.ts";

type Db = Kysely<Database>;

/**
 * data/privacy/erasure.ts's database side on PostgreSQL: the plan is read and
 * the rows removed, the reports flagged and the log row written in one
 * transaction under the write lock (write-lock.ts), so no collector stores a
 * post of the author in between; the rollups follow through the maintainer's
 * `track`. What is covered and what is answered is decided by the shared
 * `eraseAuthorWith`.
 */
export function createPgErasureStore(db: Db, rollups: PgRollupMaintainer): ErasureStore {
  return {
    plan: (target) => plan(db, target),
    erase: (target, write) =>
      withWriteLock(db, async (trx) => {
        const p = await plan(trx, target);
        const postIds = p.posts.map((x) => x.id);
        const covered = write.covered(p);
        await rollups.track(trx, postIds, async () => {
          if (postIds.length === 0) return { result: null, touched: [] };
          for (const table of ["post_hashtags", "post_clusters", "post_events"] as const)
            await trx.deleteFrom(table).where("post_id", "in", postIds).execute();
          // One sighting at a time: the coverage triggers (migration 0010) count a post out of a
          // target when its last sighting there goes. PostgreSQL runs row triggers after the whole
          // statement, so two sightings of a post removed by one statement would each look last.
          const sightings = await trx
            .selectFrom("post_sources")
            .select(["source", "target", "remote_id"])
            .where("post_id", "in", postIds)
            .orderBy("post_id")
            .orderBy("source")
            .orderBy("target")
            .orderBy("remote_id")
            .execute();
          for (const s of sightings)
            await trx
              .deleteFrom("post_sources")
              .where("source", "=", s.source)
              .where("target", "=", s.target)
              .where("remote_id", "=", s.remote_id)
              .execute();
          await trx.deleteFrom("posts").where("id", "in", postIds).execute();
          return { result: null, touched: [] };
        });
        if (p.authorIds.length > 0) await trx.deleteFrom("authors").where("id", "in", p.authorIds).execute();
        if (covered.length > 0)
          await trx
            .updateTable("reports")
            .set({ erasure_pending_at: sql<string>`coalesce(erasure_pending_at, ${write.at})` })
            .where(
              "id",
              "in",
              covered.map((r) => r.id),
            )
            .where("status", "=", "archived")
            .execute();
        const { id } = await trx
          .insertInto("erasure_log")
          .values({
            erased_at: write.at,
            platform: target.platform,
            handle_hash: target.handleHash,
            posts: postIds.length,
            authors: p.authorIds.length,
            reports_flagged: covered.length,
            trigger: write.trigger as "cli",
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        return { plan: p, covered, logId: id };
      }),
    async setRegenerated(logId, regenerated) {
      await db
        .updateTable("erasure_log")
        .set({ reports_regenerated: regenerated })
        .where("id", "=", logId)
        .execute();
    },
  };
}

async function plan(q: Db, target: ErasureTarget): Promise<ErasurePlan> {
  let authors = q
    .selectFrom("authors")
    .select("id")
    .where((eb) =>
      eb.or([
        eb(eb.fn("lower", ["handle"]), "in", [...target.handles]),
        eb("handle", "in", [...target.pseudonyms]),
      ]),
    );
  if (target.platform !== null) authors = authors.where("platform", "=", target.platform);
  const authorIds = (await authors.orderBy("id").execute()).map((r) => r.id);
  const posts =
    authorIds.length === 0
      ? []
      : await q
          .selectFrom("posts as p")
          .select((eb) => [
            "p.id",
            "p.created_at",
            eb("p.deleted_at", "is not", null).as("deleted"),
            sql<string[]>`coalesce((SELECT array_agg(h.tag) FROM post_hashtags h WHERE h.post_id = p.id),
              '{}')`.as("tags"),
          ])
          .where("p.author_id", "in", authorIds)
          .orderBy("p.id")
          .execute();
  const postIds = posts.map((p) => p.id);
  const count = async (table: "post_hashtags" | "post_clusters" | "post_events" | "post_sources") =>
    postIds.length === 0
      ? 0
      : Number(
          (
            await q
              .selectFrom(table)
              .select((eb) => eb.fn.countAll<number>().as("n"))
              .where("post_id", "in", postIds)
              .executeTakeFirstOrThrow()
          ).n,
        );
  const archived = (await q
    .selectFrom("reports")
    .select(["id", "kind", "campaign", "lang", "period_from", "period_to", "trigger"])
    .where("status", "=", "archived")
    .orderBy("id")
    .execute()) as FlaggedReport[];
  const previous = await q
    .selectFrom("erasure_log")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("handle_hash", "=", target.handleHash)
    .executeTakeFirstOrThrow();
  return {
    authorIds,
    posts: posts.map((p) => ({ ...p, deleted: Boolean(p.deleted) })),
    counts: {
      hashtags: await count("post_hashtags"),
      clusters: await count("post_clusters"),
      events: await count("post_events"),
      sources: await count("post_sources"),
    },
    archived,
    previousErasures: Number(previous.n),
  };
}
