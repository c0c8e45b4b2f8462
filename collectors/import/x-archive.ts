import { stripBom } from "./decode.ts";
import { hashtagsOf, parseCount, parseDateCell, parseLang, parseTextCell } from "./fields.ts";
import { makePost, ParseCollector, RowProblems } from "./rows.ts";
import { ImportFormatError, type ParseOptions, type ParseResult } from "./types.ts";
import { xAuthor, xPostUrl } from "./x-author.ts";

/** `window.YTD.tweets.part0 = [` (older archives: `window.YTD.tweet.part0`). */
const ASSIGNMENT = /^window\.YTD\.[\w.]+\s*=\s*/;

type Json = Record<string, unknown>;

/**
 * The X/Twitter data archive's `data/tweets.js`: a JavaScript assignment of a
 * JSON array of `{ "tweet": { … } }` (older archives: the tweet objects
 * themselves). Counts are strings there. `line` in errors is the tweet's
 * position in the list. The archive names no author: `opts.author` does.
 */
export function parseXArchive(input: string, opts: ParseOptions = {}): ParseResult {
  const json = stripBom(input).trim().replace(ASSIGNMENT, "");
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (err) {
    throw new ImportFormatError(
      `not an X archive: tweets.js must be 'window.YTD.tweets.part0 = [ … ]' with a JSON list (${(err as Error).message})`,
    );
  }
  if (!Array.isArray(data))
    throw new ImportFormatError("not an X archive: tweets.js must hold a JSON list of tweets");

  const out = new ParseCollector();
  for (const [i, entry] of data.entries()) {
    const line = i + 1;
    const tweet = asObject(asObject(entry)?.tweet) ?? asObject(entry);
    if (!tweet) {
      out.reject(line, "not a tweet object");
      continue;
    }
    const p = new RowProblems();
    const id = tweetId(tweet);
    if (!id) p.add("has no id_str");
    const rawText = typeof tweet.full_text === "string" ? tweet.full_text : tweet.text;
    const text = expandLinks(unescapeX(p.take(parseTextCell(str(rawText), "full_text"), "")), tweet);
    if (/^RT @\w{1,15}:/.test(text))
      p.add("a retweet of someone else's post: reposts are not posts, skipped");
    const createdAt = p.take(parseDateCell(str(tweet.created_at), "created_at"), "");
    const counts = {
      likes: p.take(parseCount(countValue(tweet.favorite_count), "favorite_count"), 0),
      reposts: p.take(parseCount(countValue(tweet.retweet_count), "retweet_count"), 0),
      replies: p.take(parseCount(countValue(tweet.reply_count), "reply_count"), 0),
      quotes: p.take(parseCount(countValue(tweet.quote_count), "quote_count"), 0),
    };
    if (id) p.about = `tweet ${id}`;
    out.row(line, p, () =>
      makePost("x", {
        key: id as string,
        remoteId: id as string,
        url: xPostUrl(opts.author, id as string),
        createdAt,
        text,
        lang: parseLang(str(tweet.lang)),
        author: xAuthor(opts.author),
        counts,
        hashtags: hashtagsOf(text, listedHashtags(tweet)),
      }),
    );
  }
  return out.result();
}

function asObject(value: unknown): Json | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : null;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function countValue(value: unknown): string | number | undefined {
  return typeof value === "string" || typeof value === "number" ? value : undefined;
}

function tweetId(tweet: Json): string | null {
  const id = str(tweet.id_str) ?? str(tweet.id);
  return id && /^\d{1,20}$/.test(id) ? id : null;
}

function listedHashtags(tweet: Json): string[] {
  const tags = asObject(tweet.entities)?.hashtags;
  return Array.isArray(tags) ? tags.flatMap((h) => str(asObject(h)?.text) ?? []) : [];
}

/** X escapes &, < and > in tweet text (and only those). */
function unescapeX(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** t.co short links back to the links the author wrote, as the entities list them. */
function expandLinks(text: string, tweet: Json): string {
  const urls = asObject(tweet.entities)?.urls;
  if (!Array.isArray(urls)) return text;
  let out = text;
  for (const u of urls) {
    const short = str(asObject(u)?.url);
    const long = str(asObject(u)?.expanded_url);
    if (short && long && /^https?:\/\//i.test(long)) out = out.split(short).join(long);
  }
  return out;
}
