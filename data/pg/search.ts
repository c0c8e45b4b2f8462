import { type RawBuilder, sql } from "kysely";

/**
 * Full-text search over post text on PostgreSQL, matching the GIN expression
 * index `posts_fts_german` (data/pg/migrations/0001-initial.ts). The index is
 * used only when a query repeats its expression: `to_tsvector('german', text)`
 * with the configuration written inline, never bound as a parameter.
 *
 * SQLite's `posts_fts` (FTS5, unicode61, diacritics removed) matches word
 * prefixes without stemming or stop words. The German configuration stems
 * ("Cluster" finds "Clustern"), folds ä/ö/ü/ß while stemming ("Kuste" finds
 * "Küste", but "cafe" not "Café") and drops German stop words: a search made
 * only of them ("über", "in der") finds nothing, where SQLite finds the word.
 */
export const postsTextVector: RawBuilder<unknown> = sql`to_tsvector('german', ${sql.ref("posts.text")})`;

/**
 * `posts.text` matches what a person typed, in web-search syntax: words are
 * ANDed, "quoted phrases", `or`, `-excluded`. Use as a where condition:
 * `q.where(postsTextMatches(input))`.
 */
export function postsTextMatches(input: string): RawBuilder<boolean> {
  return sql<boolean>`${postsTextVector} @@ websearch_to_tsquery('german', ${input})`;
}

/**
 * `posts.text` has every word as a (stemmed) prefix: the closest match to
 * SQLite's `"word"*` queries (data/queries/posts.ts toFtsQuery). `words` are
 * letters, digits and `_` only (toFtsQuery's split), so nothing of tsquery's
 * own syntax can get in.
 */
export function postsTextHasPrefixes(words: readonly string[]): RawBuilder<boolean> {
  if (words.length === 0 || !words.every((w) => /^[\p{L}\p{N}_]+$/u.test(w)))
    throw new Error("postsTextHasPrefixes: words are letters, digits and _ only, at least one");
  const query = words.map((w) => `${w}:*`).join(" & ");
  return sql<boolean>`${postsTextVector} @@ to_tsquery('german', ${query})`;
}
