import { DuckDBInstance } from "@duckdb/node-api";
import type SQLite from "better-sqlite3";
import { campaignTagGlobs } from "../../data/campaign.ts";

/** The campaign summary's core numbers, as an analyst would compute them from the raw posts. */
export interface RawSummary {
  posts: number;
  authors: number;
  potentialReach: number;
  uniqueReach: number;
  engagement: number;
}

export interface SideBySide {
  /** Seconds to copy the raw posts and their hashtags from SQLite into DuckDB (not part of the query time). */
  loadSeconds: number;
  /** Median milliseconds of the summary query in DuckDB, and on the raw rows in SQLite (no rollups). */
  duckdbMs: number;
  sqliteRawMs: number;
  duckdb: RawSummary;
  sqliteRaw: RawSummary;
}

/**
 * The summary of one campaign window computed two ways an analyst might instead
 * of Resonanz: DuckDB over a copy of the raw posts (columnar, vectorised) and a
 * plain SQL query over SQLite's raw rows. Both apply the same scope as the
 * dashboard: not deleted, inside the window, carrying a campaign hashtag.
 */
export async function summarizeElsewhere(
  sqlite: SQLite.Database,
  window: { fromUtc: string; toUtc: string; hashtags: readonly string[] },
  runs = 5,
): Promise<SideBySide> {
  const globs = campaignTagGlobs(window.hashtags);
  const tagCondition = globs.map(() => "h.tag GLOB ?").join(" OR ");
  const summarySql = `
    WITH scoped AS (
      SELECT p.author_id, p.followers, p.engagement FROM posts_raw p
      WHERE p.created_at >= ? AND p.created_at < ?
        AND EXISTS (SELECT 1 FROM tags_raw h WHERE h.post_id = p.id AND (${tagCondition}))
    )
    SELECT count(*) AS posts, count(DISTINCT author_id) AS authors,
      coalesce(sum(followers), 0) AS potentialReach, coalesce(sum(engagement), 0) AS engagement,
      (SELECT coalesce(sum(m), 0) FROM (SELECT max(followers) AS m FROM scoped GROUP BY author_id)) AS uniqueReach
    FROM scoped`;
  const params = [window.fromUtc, window.toUtc, ...globs];

  const instance = await DuckDBInstance.create(":memory:");
  const duck = await instance.connect();
  try {
    const t0 = performance.now();
    await duck.run(
      `CREATE TABLE posts_raw (id BIGINT, author_id BIGINT, created_at VARCHAR, followers BIGINT, engagement BIGINT)`,
    );
    await duck.run("CREATE TABLE tags_raw (post_id BIGINT, tag VARCHAR)");
    const posts = await duck.createAppender("posts_raw");
    for (const r of sqlite
      .prepare<
        [],
        { id: number; author_id: number; created_at: string; followers: number; engagement: number }
      >(
        `SELECT id, author_id, created_at, author_followers_at_collection AS followers,
           likes + reposts + replies + quotes AS engagement FROM posts WHERE deleted_at IS NULL`,
      )
      .iterate()) {
      posts.appendBigInt(BigInt(r.id));
      posts.appendBigInt(BigInt(r.author_id));
      posts.appendVarchar(r.created_at);
      posts.appendBigInt(BigInt(r.followers));
      posts.appendBigInt(BigInt(r.engagement));
      posts.endRow();
    }
    posts.closeSync();
    const tags = await duck.createAppender("tags_raw");
    for (const r of sqlite
      .prepare<[], { post_id: number; tag: string }>("SELECT post_id, tag FROM post_hashtags")
      .iterate()) {
      tags.appendBigInt(BigInt(r.post_id));
      tags.appendVarchar(r.tag);
      tags.endRow();
    }
    tags.closeSync();
    const loadSeconds = (performance.now() - t0) / 1000;

    const duckTimes: number[] = [];
    let duckdb: RawSummary | null = null;
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const reader = await duck.runAndReadAll(summarySql, params);
      duckTimes.push(performance.now() - t);
      duckdb = toSummary(reader.getRowObjects()[0] ?? {});
    }

    // The same query on SQLite's raw rows, through views with the same names.
    sqlite.exec(`CREATE TEMP VIEW IF NOT EXISTS posts_raw AS
      SELECT id, author_id, created_at, author_followers_at_collection AS followers,
        likes + reposts + replies + quotes AS engagement FROM posts WHERE deleted_at IS NULL`);
    sqlite.exec("CREATE TEMP VIEW IF NOT EXISTS tags_raw AS SELECT post_id, tag FROM post_hashtags");
    const stmt = sqlite.prepare(summarySql);
    const sqliteTimes: number[] = [];
    let sqliteRaw: RawSummary | null = null;
    for (let i = 0; i < Math.min(runs, 3); i++) {
      const t = performance.now();
      sqliteRaw = toSummary(stmt.get(...params) as Record<string, unknown>);
      sqliteTimes.push(performance.now() - t);
    }
    return {
      loadSeconds,
      duckdbMs: median(duckTimes),
      sqliteRawMs: median(sqliteTimes),
      duckdb: duckdb as RawSummary,
      sqliteRaw: sqliteRaw as RawSummary,
    };
  } finally {
    duck.closeSync();
    instance.closeSync();
  }
}

function toSummary(row: Record<string, unknown>): RawSummary {
  const n = (v: unknown) => Number(v ?? 0);
  return {
    posts: n(row.posts),
    authors: n(row.authors),
    potentialReach: n(row.potentialReach ?? row.potentialreach),
    uniqueReach: n(row.uniqueReach ?? row.uniquereach),
    engagement: n(row.engagement),
  };
}

export function median(values: readonly number[]): number {
  return percentile(values, 0.5);
}

/** Nearest-rank percentile of `values` (0 for none). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1] as number;
}
