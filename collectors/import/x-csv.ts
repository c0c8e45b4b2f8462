import { pickColumn, readCsv } from "./csv.ts";
import { hashtagsOf, parseCount, parseDateCell, parseHttpUrl, parseLang, parseTextCell } from "./fields.ts";
import { makePost, ParseCollector, RowProblems } from "./rows.ts";
import type { ParseOptions, ParseResult } from "./types.ts";
import { parsePermalink, xAuthor, xPostUrl } from "./x-author.ts";

/** Column names (normalised) of X's analytics export and of third-party tools, first match wins. */
const COLUMNS = {
  id: ["tweet id", "id", "tweet id str", "id str", "post id"],
  permalink: ["tweet permalink", "permalink", "tweet url", "post url", "url", "link"],
  text: ["tweet text", "text", "full text", "post text", "tweet"],
  time: ["time", "created at", "date", "timestamp", "tweet time", "datum"],
  likes: ["likes", "favorites", "favourites", "like count", "favorite count"],
  reposts: ["retweets", "reposts", "retweet count", "repost count"],
  replies: ["replies", "reply count"],
  quotes: ["quotes", "quote tweets", "quote count"],
  author: ["author", "username", "screen name", "author handle", "handle", "user"],
  lang: ["lang", "language"],
} as const;

/**
 * A CSV of tweets: X's analytics export (`Tweet id, Tweet permalink, Tweet
 * text, time, impressions, …, retweets, replies, likes`) or a third-party
 * tool's with similar columns. The id is taken from the permalink when there
 * is one: a spreadsheet may have rounded the id column (8.55E+17), never the
 * link. The author is the permalink's handle, else an author column, else
 * `opts.author`.
 */
export function parseXCsv(text: string, opts: ParseOptions = {}): ParseResult {
  const table = readCsv(text, {
    expected: "the columns Tweet id or Tweet permalink, Tweet text and time",
    isHeader: (c) =>
      (pickColumn(c, COLUMNS.id) ?? pickColumn(c, COLUMNS.permalink)) !== undefined &&
      pickColumn(c, COLUMNS.text) !== undefined &&
      pickColumn(c, COLUMNS.time) !== undefined,
  });
  const column = (names: readonly string[]) => pickColumn(table.columns, names);
  const c = {
    id: column(COLUMNS.id),
    permalink: column(COLUMNS.permalink),
    text: column(COLUMNS.text) as string,
    time: column(COLUMNS.time) as string,
    likes: column(COLUMNS.likes),
    reposts: column(COLUMNS.reposts),
    replies: column(COLUMNS.replies),
    quotes: column(COLUMNS.quotes),
    author: column(COLUMNS.author),
    lang: column(COLUMNS.lang),
  };
  const get = (row: { get(c: string): string | undefined }, name: string | undefined) =>
    name === undefined ? undefined : row.get(name);

  const out = new ParseCollector(table.errors);
  for (const row of table.rows) {
    const p = new RowProblems();
    const permalink = p.take(parseHttpUrl(get(row, c.permalink), "Tweet permalink"), null);
    const fromLink = parsePermalink(permalink);
    if (permalink && !fromLink)
      p.add(`Tweet permalink is not a link to a tweet: '${permalink.slice(0, 60)}'`);
    const idCell = get(row, c.id)?.trim() ?? "";
    const id = fromLink?.id ?? (/^\d{1,20}$/.test(idCell) ? idCell : null);
    if (!id && !p.any) {
      p.add(
        idCell
          ? `Tweet id '${idCell.slice(0, 30)}' is not a tweet id (rounded by a spreadsheet?) and there is no permalink`
          : "needs a Tweet id or a Tweet permalink",
      );
    }
    if (id) p.about = `tweet ${id}`;
    const body = p.take(parseTextCell(row.get(c.text), "Tweet text"), "");
    const createdAt = p.take(parseDateCell(row.get(c.time), "time"), "");
    const counts = {
      likes: p.take(parseCount(get(row, c.likes), "likes"), 0),
      reposts: p.take(parseCount(get(row, c.reposts), "retweets"), 0),
      replies: p.take(parseCount(get(row, c.replies), "replies"), 0),
      quotes: p.take(parseCount(get(row, c.quotes), "quotes"), 0),
    };
    const handle = fromLink?.handle ?? (get(row, c.author)?.trim() || opts.author);
    out.row(row.line, p, () =>
      makePost("x", {
        key: id as string,
        remoteId: id as string,
        url: permalink ?? xPostUrl(handle, id as string),
        createdAt,
        text: body,
        lang: parseLang(get(row, c.lang)),
        author: xAuthor(handle),
        counts,
        hashtags: hashtagsOf(body),
      }),
    );
  }
  return out.result();
}
