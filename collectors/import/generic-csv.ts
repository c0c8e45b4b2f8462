import { readCsv } from "./csv.ts";
import {
  cleanText,
  hashtagsOf,
  parseCount,
  parseDateCell,
  parseHttpUrl,
  parseLang,
  parseTextCell,
} from "./fields.ts";
import { makePost, ParseCollector, RowProblems } from "./rows.ts";
import type { ParseResult } from "./types.ts";

/** The documented columns, in the documented order (FORMATS.md). */
export const GENERIC_COLUMNS = [
  "id",
  "url",
  "created_at",
  "author_handle",
  "author_name",
  "author_followers",
  "text",
  "likes",
  "reposts",
  "replies",
  "quotes",
  "lang",
] as const;

// Header names are compared normalised ("created_at" → "created at").
const col = (name: (typeof GENERIC_COLUMNS)[number]) => name.replace(/_/g, " ");

/**
 * The documented generic CSV (FORMATS.md): one post per row; `id` or `url`,
 * `created_at`, `author_handle` and `text` are required, the rest optional.
 * Pure: text in, posts and row errors out.
 */
export function parseGenericCsv(text: string): ParseResult {
  const table = readCsv(text, {
    expected: `the columns ${GENERIC_COLUMNS.join(",")} (required: id or url, created_at, author_handle, text)`,
    isHeader: (c) =>
      (c.has("id") || c.has("url")) &&
      c.has(col("created_at")) &&
      c.has(col("author_handle")) &&
      c.has("text"),
  });
  const out = new ParseCollector(table.errors);
  for (const row of table.rows) {
    const p = new RowProblems();
    const id = row.get("id")?.trim() ?? "";
    const url = p.take(parseHttpUrl(row.get("url"), "url"), null);
    if (!id && !url && p.list.length === 0) p.add("needs an id or a url");
    const createdAt = p.take(parseDateCell(row.get(col("created_at")), "created_at"), "");
    const handle = row.get(col("author_handle"))?.trim() ?? "";
    if (!handle) p.add("author_handle is empty");
    const body = p.take(parseTextCell(row.get("text"), "text"), "");
    const followers = p.take(parseCount(row.get(col("author_followers")), "author_followers"), 0);
    const counts = {
      likes: p.take(parseCount(row.get("likes"), "likes"), 0),
      reposts: p.take(parseCount(row.get("reposts"), "reposts"), 0),
      replies: p.take(parseCount(row.get("replies"), "replies"), 0),
      quotes: p.take(parseCount(row.get("quotes"), "quotes"), 0),
    };
    out.row(row.line, p, () =>
      makePost("csv", {
        key: id || (url as string),
        remoteId: id || (url as string),
        url,
        createdAt,
        text: body,
        lang: parseLang(row.get("lang")),
        author: {
          handle,
          name: cleanText(row.get(col("author_name"))) || null,
          url: null,
          followers,
        },
        counts,
        hashtags: hashtagsOf(body),
      }),
    );
  }
  return out.result();
}
