import { type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool, sql } from "kysely";
import { z } from "zod";
import type { SentimentLabel } from "../analysis/metrics.ts";
import type { DB } from "../db.ts";
import { ValidationError } from "../errors.ts";
import type { Filters } from "../filters.ts";
import type { Database } from "../schema.ts";
import { fts5PrefixQuery, postsTextHasWords, unindexed } from "../sql-dialect.ts";
import { scopedClusterPosts, scopedPosts } from "./scope.ts";

export interface PostItem {
  uid: string;
  platform: string;
  url: string | null;
  author: { handle: string; name: string | null; followers: number };
  createdAt: string;
  text: string;
  lang: string | null;
  sentiment: { score: number; label: SentimentLabel };
  likes: number;
  reposts: number;
  replies: number;
  quotes: number;
  clusters: string[];
  hashtags: string[];
}

export interface PostPage {
  items: PostItem[];
  nextCursor: string | null;
}

export interface PostQuery {
  q: string | null;
  sentiment: SentimentLabel | null;
  limit: number;
  cursor: { createdAt: string; id: number } | null;
}

const postQuerySchema = z.object({
  q: z.string().max(500, "must be at most 500 characters").optional(),
  sentiment: z.enum(["positive", "neutral", "negative"]).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  cursor: z.string().max(200).optional(),
});

/** Reads `q`, `sentiment`, `limit`, `cursor`; throws ValidationError on bad values. */
export function parsePostQuery(query: Record<string, string | undefined>): PostQuery {
  const cleaned = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== "" && v !== undefined));
  const parsed = postQuerySchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path.join(".") || undefined;
    throw new ValidationError(`invalid parameter '${name ?? "query"}': ${issue?.message ?? "invalid"}`, name);
  }
  const p = parsed.data;
  return {
    q: p.q?.trim() ? p.q.trim() : null,
    sentiment: p.sentiment ?? null,
    limit: p.limit ?? 50,
    cursor: p.cursor ? decodeCursor(p.cursor) : null,
  };
}

export function encodeCursor(createdAt: string, id: number): string {
  return Buffer.from(`${createdAt}|${id}`, "utf8").toString("base64url");
}

export function decodeCursor(cursor: string): { createdAt: string; id: number } {
  const raw = Buffer.from(cursor, "base64url").toString("utf8");
  const m = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)\|(\d{1,15})$/.exec(raw);
  if (!m?.[1] || !m[2])
    throw new ValidationError("invalid parameter 'cursor': not a cursor from this API", "cursor");
  return { createdAt: m[1], id: Number(m[2]) };
}

/**
 * The words of a search (letters, digits, `_`; at most 20), each of which a
 * post must contain as a word prefix; a ValidationError when there is none.
 */
export function searchWords(q: string): string[] {
  const words = q.match(/[\p{L}\p{N}_]+/gu) ?? [];
  if (words.length === 0)
    throw new ValidationError("invalid parameter 'q': contains no searchable word", "q");
  return words.slice(0, 20);
}

/**
 * Turns free text into an FTS5 query that cannot be a syntax error: every word
 * becomes a quoted prefix term, all of which must match.
 */
export function toFtsQuery(q: string): string {
  return fts5PrefixQuery(searchWords(q));
}

/** Posts whose text has every word of the search: FTS5 on SQLite, the German index on PostgreSQL. */
export function postsMatchingSearch(
  db: DB,
  q: string,
  opts: { newestFirst?: boolean; fromId?: number } = {},
): RawBuilder<boolean> {
  return postsTextHasWords(db, searchWords(q), opts);
}

/**
 * Newest first, keyset-paginated so deep pages cost the same as the first.
 * One cluster's posts are walked on its own rows (scopedClusterPosts): the
 * same order, spelled on `pc`'s copies of created_at and the post id. A
 * search looks among the window's newest posts first (searchRecentFirst).
 */
export async function listPosts(
  db: DB,
  f: Filters,
  pq: PostQuery,
  opts: { recentSpan?: number } = {},
): Promise<PostPage> {
  const take = pq.limit + 1;
  const conditions = (eb: ExpressionBuilder<Database, "posts">, at: KeysetColumns, region: Region | null) => {
    const all: Expression<SqlBool>[] = [];
    if (pq.sentiment) all.push(eb("posts.sentiment_label", "=", pq.sentiment));
    if (pq.q && region) {
      // Walked by time from the newest down to the region's oldest post; the id (unindexed: it must not
      // drive the walk) narrows the set of matches the search collects.
      all.push(sql<SqlBool>`${sql.ref(at.createdAt)} >= ${region.oldest}`);
      all.push(sql<SqlBool>`${unindexed(db, "posts.id")} >= ${region.fromId}`);
      all.push(postsMatchingSearch(db, pq.q, { newestFirst: true, fromId: region.fromId }));
    } else if (pq.q) {
      // The full search, walked by time too: driven by its matches instead, a common word under a narrow
      // filter (a small cluster) would sort every post of the word (1 s at 1M posts).
      all.push(postsMatchingSearch(db, pq.q, { newestFirst: true }));
    }
    const c = pq.cursor;
    if (c) {
      const createdAt = sql.ref(at.createdAt);
      const id = sql.ref(at.id);
      all.push(
        sql<SqlBool>`(${createdAt} < ${c.createdAt} OR (${createdAt} = ${c.createdAt} AND ${id} < ${c.id}))`,
      );
    }
    return eb.and(all);
  };
  const page = (region: Region | null) =>
    f.cluster
      ? scopedClusterPosts(db, { ...f, cluster: f.cluster }, "newest")
          .innerJoin("authors as a", "a.id", "posts.author_id")
          .where((eb) => conditions(eb as ExpressionBuilder<Database, "posts">, CLUSTER_KEYSET, region))
          .select(ITEM_COLUMNS)
          .orderBy("pc.created_at", "desc")
          .orderBy("pc.post_id", "desc")
          .limit(take)
          .execute()
      : joinAuthors(db, f)
          .where((eb) => conditions(eb, POSTS_KEYSET, region))
          .select(ITEM_COLUMNS)
          .orderBy("posts.created_at", "desc")
          .orderBy("posts.id", "desc")
          .limit(take)
          .execute();
  const rows =
    (pq.q ? await searchRecentFirst(db, f, pq, opts.recentSpan ?? RECENT_SPAN, page) : null) ??
    (await page(null));
  const items = rows.slice(0, pq.limit);
  const last = items.at(-1);
  return {
    items: await toItems(db, items),
    nextCursor: rows.length > pq.limit && last ? encodeCursor(last.created_at, last.id) : null,
  };
}

/** How many of the window's newest posts a search looks among first (tests pass fewer). */
const RECENT_SPAN = 20_000;

/** The window's `span` newest posts: the lowest id among them and the oldest's time. */
interface Region {
  fromId: number;
  oldest: string;
}

/**
 * A search's page from among the window's `span` newest posts, when that is
 * provably the page: else null, and the caller searches all posts. A word in
 * nearly every post (the campaign hashtag) made SQLite collect every match
 * before the first page (150 ms at 1M posts). Here the page is walked by time
 * down to the oldest of those posts only, and the matches are collected only
 * from the lowest id among them on: posts are stored about in the order they
 * are written, so that is a small set. Every post created after the oldest
 * one's time is among them, so a page that fills with posts created after it
 * is exact (posts of that very second may lie outside). A rarer word, or a
 * narrow filter, whose page does not fill there falls back to the full search.
 */
async function searchRecentFirst(
  db: DB,
  f: Filters,
  pq: PostQuery,
  span: number,
  page: (region: Region | null) => Promise<ItemRow[]>,
): Promise<ItemRow[] | null> {
  // By the time index alone, up to the cursor; no other filter, so a superset of the posts asked for.
  const newest = db
    .selectFrom("posts")
    .select(["posts.id", "posts.created_at"])
    .where("posts.created_at", ">=", f.fromUtc)
    .where("posts.created_at", pq.cursor ? "<=" : "<", pq.cursor ? pq.cursor.createdAt : f.toUtc)
    .orderBy("posts.created_at", "desc")
    .limit(span);
  const region = await db
    .selectFrom(newest.as("n"))
    .select([
      sql<number>`min(n.id)`.as("fromId"),
      sql<string>`min(n.created_at)`.as("oldest"),
      sql<number>`count(*)`.as("n"),
    ])
    .executeTakeFirst();
  // Fewer posts in the window: the full search is as cheap.
  if (!region || region.n < span) return null;
  const rows = await page({ fromId: region.fromId, oldest: region.oldest });
  const last = rows.at(-1);
  return rows.length === pq.limit + 1 && last && last.created_at > region.oldest ? rows : null;
}

interface KeysetColumns {
  createdAt: string;
  id: string;
}
const POSTS_KEYSET: KeysetColumns = { createdAt: "posts.created_at", id: "posts.id" };
const CLUSTER_KEYSET: KeysetColumns = { createdAt: "pc.created_at", id: "pc.post_id" };

/**
 * Posts stored after post `afterId` (by storage order, not creation time) that
 * match the filters, oldest first: what the live stream sends. `lastId` is
 * where the next call continues, also when none matched.
 */
export async function postsAfterId(
  db: DB,
  f: Filters,
  afterId: number,
  limit: number,
): Promise<{ items: PostItem[]; lastId: number }> {
  // Read up to the newest id first: a post stored meanwhile is left for the next call, never skipped.
  const newest = await latestPostId(db);
  const rows = await selectItems(
    joinAuthors(db, f).where("posts.id", ">", afterId).where("posts.id", "<=", newest),
  )
    .orderBy("posts.id")
    .limit(limit)
    .execute();
  // Posts outside the filters also move the position, so they are not scanned again.
  const lastId = rows.length === limit ? (rows.at(-1)?.id ?? afterId) : Math.max(afterId, newest);
  return { items: await toItems(db, rows), lastId };
}

/** The id of the newest stored post (0 when there is none): where a live stream starts. */
export async function latestPostId(db: DB): Promise<number> {
  const r = await db
    .selectFrom("posts")
    .select(sql<number>`coalesce(max(id), 0)`.as("id"))
    .executeTakeFirst();
  return r?.id ?? 0;
}

const ITEM_COLUMNS = [
  "posts.id",
  "posts.uid",
  "posts.platform",
  "posts.url",
  "posts.created_at",
  "posts.text",
  "posts.lang",
  "posts.sentiment_score",
  "posts.sentiment_label",
  "posts.likes",
  "posts.reposts",
  "posts.replies",
  "posts.quotes",
  "posts.author_followers_at_collection",
  "a.handle",
  "a.name",
] as const;

function selectItems(q: ReturnType<typeof joinAuthors>) {
  return q.select(ITEM_COLUMNS);
}

function joinAuthors(db: DB, f: Filters) {
  return scopedPosts(db, f).innerJoin("authors as a", "a.id", "posts.author_id");
}

type ItemRow = Awaited<ReturnType<ReturnType<typeof selectItems>["execute"]>>[number];

async function toItems(db: DB, rows: readonly ItemRow[]): Promise<PostItem[]> {
  const ids = rows.map((r) => r.id);
  const [tags, clusters] = await Promise.all([hashtagsOf(db, ids), clustersOf(db, ids)]);
  return rows.map((r) => ({
    uid: r.uid,
    platform: r.platform,
    url: r.url,
    author: { handle: r.handle, name: r.name, followers: r.author_followers_at_collection },
    createdAt: r.created_at,
    text: r.text,
    lang: r.lang,
    sentiment: { score: r.sentiment_score, label: r.sentiment_label },
    likes: r.likes,
    reposts: r.reposts,
    replies: r.replies,
    quotes: r.quotes,
    clusters: clusters.get(r.id) ?? [],
    hashtags: tags.get(r.id) ?? [],
  }));
}

async function clustersOf(db: DB, ids: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom("post_clusters")
    .select(["post_id", "cluster_id"])
    .where("post_id", "in", ids)
    .orderBy("cluster_id")
    .execute();
  for (const r of rows) out.set(r.post_id, [...(out.get(r.post_id) ?? []), r.cluster_id]);
  return out;
}

async function hashtagsOf(db: DB, ids: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom("post_hashtags")
    .select(["post_id", "tag"])
    .where("post_id", "in", ids)
    .orderBy("tag")
    .execute();
  for (const r of rows) {
    const list = out.get(r.post_id) ?? [];
    list.push(r.tag);
    out.set(r.post_id, list);
  }
  return out;
}
