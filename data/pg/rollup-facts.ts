import { type Kysely, sql } from "kysely";
import type { PostFacts } from "../rollups/contribution.ts";
import { type EncodedFactsRow, factsFromRow } from "../rollups/facts.ts";
import type { Database } from "../schema.ts";

type FactsRow = EncodedFactsRow<string[]>;

/** data/rollups/facts.ts on PostgreSQL: lists as text arrays instead of JSON, a Land list through json_array_elements_text. */
const SELECT_FACTS = sql`
  SELECT p.id, p.author_id, p.created_at, p.platform, p.lang,
    p.author_followers_at_collection AS followers,
    p.likes + p.reposts + p.replies + p.quotes AS engagement,
    p.sentiment_score, p.sentiment_label, p.deleted_at IS NOT NULL AS deleted,
    ARRAY(SELECT h.tag FROM post_hashtags h WHERE h.post_id = p.id) AS tags,
    ARRAY(SELECT pc.cluster_id FROM post_clusters pc WHERE pc.post_id = p.id) AS clusters,
    ARRAY(SELECT DISTINCT j.value FROM post_clusters pc
       JOIN clusters c ON c.id = pc.cluster_id
       CROSS JOIN LATERAL json_array_elements_text(c.states::json) AS j(value)
       WHERE pc.post_id = p.id) AS states,
    ARRAY(SELECT pe.event_id FROM post_events pe WHERE pe.post_id = p.id) AS events
  FROM posts p`;

/**
 * The rollup-relevant facts of stored posts, read with `db` (a transaction
 * while a change is tracked). In id order, as on SQLite: float sentiment sums
 * are added in the same order and come out the same.
 */
export function pgFactsReader(db: Kysely<Database>) {
  const run = async (where: ReturnType<typeof sql>) =>
    (await sql<FactsRow>`${SELECT_FACTS} ${where}`.execute(db)).rows.map(toFacts);
  return {
    byIds(ids: readonly number[]): Promise<PostFacts[]> {
      if (ids.length === 0) return Promise.resolve([]);
      return run(sql`WHERE p.id = ANY(${[...ids]}::bigint[]) ORDER BY p.id`);
    },
    afterId(id: number, limit: number): Promise<PostFacts[]> {
      return run(sql`WHERE p.id > ${id} ORDER BY p.id LIMIT ${limit}`);
    },
    ofAuthor(authorId: number, fromUtc: string, toUtc: string): Promise<PostFacts[]> {
      return run(
        sql`WHERE p.author_id = ${authorId} AND p.created_at >= ${fromUtc} AND p.created_at < ${toUtc} ORDER BY p.id`,
      );
    },
  };
}

function toFacts(r: FactsRow): PostFacts {
  return factsFromRow(r, (list) => list);
}
