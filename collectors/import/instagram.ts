import { pickColumn, readCsv } from "./csv.ts";
import { fixMojibake, stripBom } from "./decode.ts";
import {
  bareHandle,
  cleanText,
  hashtagsOf,
  parseCount,
  parseDateCell,
  parseHttpUrl,
  parseTextCell,
} from "./fields.ts";
import { makePost, ParseCollector, RowProblems } from "./rows.ts";
import { ImportFormatError, type ParseOptions, type ParseResult } from "./types.ts";

export const INSTAGRAM_DEFAULT_AUTHOR = "instagram-account";

type Json = Record<string, unknown>;

/**
 * The account data download's `content/posts_1.json` (older downloads:
 * `posts_1.json`): a list of `{ media: [{ uri, creation_timestamp, title }] }`,
 * with title and timestamp on the post itself for multi-photo posts. Texts
 * are mojibake (UTF-8 bytes as "\u00c3\u00bc") and are repaired. The download
 * has no counts and no permalinks: posts are keyed by their media path and the
 * author is `opts.author`. `line` in errors is the post's position in the list.
 */
export function parseInstagramJson(input: string, opts: ParseOptions = {}): ParseResult {
  let data: unknown;
  try {
    data = JSON.parse(stripBom(input));
  } catch (err) {
    throw new ImportFormatError(`not an Instagram posts_1.json: not valid JSON (${(err as Error).message})`);
  }
  const list = Array.isArray(data) ? data : singleList(data);
  if (!list) throw new ImportFormatError("not an Instagram posts_1.json: expected a JSON list of posts");

  const author = instagramAuthor(opts.author);
  const out = new ParseCollector();
  for (const [i, entry] of list.entries()) {
    const line = i + 1;
    const post = asObject(entry);
    const media = Array.isArray(post?.media) ? post.media.map(asObject).filter((m) => m !== null) : [];
    if (!post || media.length === 0) {
      out.reject(line, "not a post: no media list");
      continue;
    }
    const p = new RowProblems();
    const uri = [post, ...media].map((m) => str(m.uri)?.trim()).find(Boolean);
    if (!uri) p.add("has no media uri");
    else p.about = `post ${uri.length > 60 ? `${uri.slice(0, 60)}…` : uri}`;
    const title = [post, ...media].map((m) => fixMojibake(str(m.title) ?? "")).find((t) => cleanText(t));
    const text = p.take(parseTextCell(title, "title (caption)"), "");
    const seconds = [post, ...media].map((m) => m.creation_timestamp).find((t) => t !== undefined);
    let createdAt = "";
    if (typeof seconds === "number" || typeof seconds === "string")
      createdAt = p.take(parseDateCell(String(seconds), "creation_timestamp"), "");
    else p.add("has no creation_timestamp");
    out.row(line, p, () =>
      makePost("instagram", {
        key: uri as string,
        remoteId: uri as string,
        url: /^https?:\/\//i.test(uri as string) ? (uri as string) : null,
        createdAt,
        text,
        lang: null,
        author,
        counts: { likes: 0, reposts: 0, replies: 0, quotes: 0 },
        hashtags: hashtagsOf(text),
      }),
    );
  }
  return out.result();
}

const COLUMNS = {
  permalink: ["permalink", "post url", "post link", "link", "url"],
  id: ["id", "post id", "media id", "beitrags id"],
  caption: ["caption", "description", "beschreibung", "bildunterschrift", "text", "post text"],
  time: ["timestamp", "publish time", "veröffentlichungszeitpunkt", "created at", "date", "datum"],
  likes: ["like count", "likes", "gefällt mir angaben", "gefällt mir"],
  comments: ["comments count", "comments", "kommentare"],
  shares: ["shares", "shares count", "geteilte inhalte"],
  username: ["username", "account username", "benutzername", "author"],
} as const;

/**
 * A CSV of Instagram posts (`Permalink, Caption, Timestamp, Like count,
 * Comments count`, as Graph-API tools write it; Meta Business Suite's
 * `Description, Publish time, Likes, Comments, Shares` also fits). Keyed by
 * the permalink without its tracking query, else an id column.
 */
export function parseInstagramCsv(text: string, opts: ParseOptions = {}): ParseResult {
  const table = readCsv(text, {
    expected: "the columns Permalink, Caption and Timestamp",
    isHeader: (c) =>
      (pickColumn(c, COLUMNS.permalink) ?? pickColumn(c, COLUMNS.id)) !== undefined &&
      pickColumn(c, COLUMNS.caption) !== undefined &&
      pickColumn(c, COLUMNS.time) !== undefined,
  });
  const column = (names: readonly string[]) => pickColumn(table.columns, names);
  const c = {
    permalink: column(COLUMNS.permalink),
    id: column(COLUMNS.id),
    caption: column(COLUMNS.caption) as string,
    time: column(COLUMNS.time) as string,
    likes: column(COLUMNS.likes),
    comments: column(COLUMNS.comments),
    shares: column(COLUMNS.shares),
    username: column(COLUMNS.username),
  };
  const get = (row: { get(c: string): string | undefined }, name: string | undefined) =>
    name === undefined ? undefined : row.get(name);

  const out = new ParseCollector(table.errors);
  for (const row of table.rows) {
    const p = new RowProblems();
    const permalink = withoutQuery(p.take(parseHttpUrl(get(row, c.permalink), "Permalink"), null));
    const id = get(row, c.id)?.trim() ?? "";
    if (!permalink && !id && !p.any) p.add("needs a Permalink or an id");
    const body = p.take(parseTextCell(row.get(c.caption), "Caption"), "");
    const createdAt = p.take(parseDateCell(row.get(c.time), "Timestamp"), "");
    const counts = {
      likes: p.take(parseCount(get(row, c.likes), "Like count"), 0),
      reposts: p.take(parseCount(get(row, c.shares), "Shares"), 0),
      replies: p.take(parseCount(get(row, c.comments), "Comments count"), 0),
      quotes: 0,
    };
    const author = instagramAuthor(get(row, c.username)?.trim() || opts.author);
    out.row(row.line, p, () =>
      makePost("instagram", {
        key: permalink ?? id,
        remoteId: id || (permalink as string),
        url: permalink,
        createdAt,
        text: body,
        lang: null,
        author,
        counts,
        hashtags: hashtagsOf(body),
      }),
    );
  }
  return out.result();
}

/** "@handle" with its profile URL; a name that is no Instagram handle is kept as the author's name. */
function instagramAuthor(name: string | undefined) {
  const bare = bareHandle(name);
  if (!bare) return { handle: INSTAGRAM_DEFAULT_AUTHOR, name: null, url: null, followers: 0 };
  if (!/^[A-Za-z0-9._]{1,30}$/.test(bare)) return { handle: bare, name: bare, url: null, followers: 0 };
  return {
    handle: `@${bare.toLowerCase()}`,
    name: null,
    url: `https://www.instagram.com/${bare}/`,
    followers: 0,
  };
}

/** Shared links carry tracking parameters (?igsh=…); the post is the path. */
function withoutQuery(url: string | null): string | null {
  if (!url) return null;
  const u = new URL(url);
  u.search = "";
  u.hash = "";
  return u.href;
}

function asObject(value: unknown): Json | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : null;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** Some downloads wrap the list in an object (`{ "ig_posts": [ … ] }`). */
function singleList(data: unknown): unknown[] | null {
  const obj = asObject(data);
  const lists = obj ? Object.values(obj).filter(Array.isArray) : [];
  return lists.length === 1 ? (lists[0] as unknown[]) : null;
}
