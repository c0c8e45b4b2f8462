import type SQLite from "better-sqlite3";
import type { PostFacts } from "./contribution.ts";

type FactsRow = Omit<EncodedFactsRow<string>, "deleted"> & { deleted: number };

const SELECT_FACTS = `
  SELECT p.id, p.author_id, p.created_at, p.platform, p.lang,
    p.author_followers_at_collection AS followers,
    p.likes + p.reposts + p.replies + p.quotes AS engagement,
    p.sentiment_score, p.sentiment_label, p.deleted_at IS NOT NULL AS deleted,
    (SELECT json_group_array(tag) FROM post_hashtags WHERE post_id = p.id) AS tags,
    (SELECT json_group_array(cluster_id) FROM post_clusters WHERE post_id = p.id) AS clusters,
    (SELECT json_group_array(DISTINCT j.value) FROM post_clusters pc
       JOIN clusters c ON c.id = pc.cluster_id, json_each(c.states) j WHERE pc.post_id = p.id) AS states,
    (SELECT json_group_array(event_id) FROM post_events WHERE post_id = p.id) AS events
  FROM posts p`;

/**
 * Reads the rollup-relevant facts of stored posts, in batches of one statement
 * each, in id order: the order float sentiment sums are added in, the same on
 * PostgreSQL (data/pg/rollup-facts.ts), so both store the same bits.
 */
export function createFactsReader(sqlite: SQLite.Database) {
  const byIds = sqlite.prepare<[string], FactsRow>(
    `${SELECT_FACTS} WHERE p.id IN (SELECT value FROM json_each(?)) ORDER BY p.id`,
  );
  const afterId = sqlite.prepare<[number, number], FactsRow>(
    `${SELECT_FACTS} WHERE p.id > ? ORDER BY p.id LIMIT ?`,
  );
  const ofAuthor = sqlite.prepare<[number, string, string], FactsRow>(
    `${SELECT_FACTS} WHERE p.author_id = ? AND p.created_at >= ? AND p.created_at < ? ORDER BY p.id`,
  );
  return {
    byIds(ids: readonly number[]): PostFacts[] {
      return ids.length === 0 ? [] : byIds.all(JSON.stringify(ids)).map(toFacts);
    },
    afterId(id: number, limit: number): PostFacts[] {
      return afterId.all(id, limit).map(toFacts);
    },
    ofAuthor(authorId: number, fromUtc: string, toUtc: string): PostFacts[] {
      return ofAuthor.all(authorId, fromUtc, toUtc).map(toFacts);
    },
  };
}

function toFacts(r: FactsRow): PostFacts {
  return factsFromRow({ ...r, deleted: r.deleted === 1 }, (list) => JSON.parse(list) as string[]);
}

/** A facts row with its lists in some encoding (JSON text on SQLite, arrays on PostgreSQL). */
export interface EncodedFactsRow<L> {
  id: number;
  author_id: number;
  created_at: string;
  platform: string;
  lang: string | null;
  followers: number;
  engagement: number;
  sentiment_score: number;
  sentiment_label: PostFacts["sentimentLabel"];
  deleted: boolean;
  tags: L;
  clusters: L;
  states: L;
  events: L;
}

/** The one mapping from a facts row to PostFacts, for either database. */
export function factsFromRow<L>(r: EncodedFactsRow<L>, list: (encoded: L) => string[]): PostFacts {
  return {
    id: r.id,
    authorId: r.author_id,
    createdAt: r.created_at,
    platform: r.platform,
    lang: r.lang,
    followers: r.followers,
    engagement: r.engagement,
    sentimentScore: r.sentiment_score,
    sentimentLabel: r.sentiment_label,
    deleted: r.deleted,
    tags: list(r.tags),
    clusters: list(r.clusters),
    states: list(r.states),
    events: list(r.events),
  };
}
