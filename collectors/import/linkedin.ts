import { pickColumn, readCsv } from "./csv.ts";
import { hashtagsOf, parseCount, parseDateCell, parseHttpUrl, parseTextCell } from "./fields.ts";
import { makePost, ParseCollector, RowProblems } from "./rows.ts";
import type { ParseOptions, ParseResult } from "./types.ts";

export const LINKEDIN_DEFAULT_AUTHOR = "linkedin-page";

/**
 * Column names (normalised) of the company page's "updates" export, English
 * and German UI, older ("Update …") and newer ("Post …") wording; first match wins.
 */
const COLUMNS = {
  text: [
    "update title",
    "post title",
    "beitragstitel",
    "titel des beitrags",
    "post text",
    "beitragstext",
    "update",
  ],
  link: ["update link", "post link", "link zum beitrag", "beitragslink", "link zum update", "link", "url"],
  id: ["update id", "post id", "beitrags id", "id"],
  date: ["created date", "erstellungsdatum", "erstellt am", "date", "datum", "veröffentlichungsdatum"],
  likes: ["likes", "reactions", "reaktionen", "gefällt mir", "gefällt mir angaben"],
  comments: ["comments", "kommentare"],
  reposts: ["reposts", "shares", "geteilt", "geteilte inhalte", "weiterverbreitungen"],
} as const;

/**
 * The LinkedIn company page "updates" export, saved as CSV. The export lists
 * the page's own posts and does not name the page: the author is `opts.author`
 * (default "linkedin-page"). A title line above the header is skipped. Posts
 * are keyed by their link (else an id column), so a re-export updates counts.
 * LinkedIn has no quotes; its reactions are the likes.
 */
export function parseLinkedIn(text: string, opts: ParseOptions = {}): ParseResult {
  const table = readCsv(text, {
    expected:
      "the columns Update title/Post title (Beitragstitel), Update link/Post link (Link zum Beitrag) and Created date (Erstellungsdatum)",
    isHeader: (c) =>
      pickColumn(c, COLUMNS.text) !== undefined &&
      pickColumn(c, COLUMNS.date) !== undefined &&
      (pickColumn(c, COLUMNS.link) ?? pickColumn(c, COLUMNS.id)) !== undefined,
  });
  const column = (names: readonly string[]) => pickColumn(table.columns, names);
  const c = {
    text: column(COLUMNS.text) as string,
    link: column(COLUMNS.link),
    id: column(COLUMNS.id),
    date: column(COLUMNS.date) as string,
    likes: column(COLUMNS.likes),
    comments: column(COLUMNS.comments),
    reposts: column(COLUMNS.reposts),
  };
  const get = (row: { get(c: string): string | undefined }, name: string | undefined) =>
    name === undefined ? undefined : row.get(name);
  const name = opts.author?.trim() || LINKEDIN_DEFAULT_AUTHOR;

  const out = new ParseCollector(table.errors);
  for (const row of table.rows) {
    const p = new RowProblems();
    const link = p.take(parseHttpUrl(get(row, c.link), "link"), null);
    const id = get(row, c.id)?.trim() ?? "";
    if (!link && !id && !p.any) p.add("needs a post link or an id");
    const body = p.take(parseTextCell(row.get(c.text), "title (post text)"), "");
    const createdAt = p.take(parseDateCell(row.get(c.date), "created date"), "");
    const counts = {
      likes: p.take(parseCount(get(row, c.likes), "likes/reactions"), 0),
      reposts: p.take(parseCount(get(row, c.reposts), "reposts"), 0),
      replies: p.take(parseCount(get(row, c.comments), "comments"), 0),
      quotes: 0,
    };
    out.row(row.line, p, () =>
      makePost("linkedin", {
        // The activity URN is stable; the link's query string and slashes differ between exports.
        key: activityUrn(link) ?? link ?? id,
        remoteId: activityUrn(link) ?? (id || (link as string)),
        url: link,
        createdAt,
        text: body,
        lang: null,
        author: { handle: name, name, url: null, followers: 0 },
        counts,
        hashtags: hashtagsOf(body),
      }),
    );
  }
  return out.result();
}

/** "urn:li:activity:6260…" from a post link: the post's stable id. */
function activityUrn(link: string | null): string | null {
  if (!link) return null;
  let decoded = link;
  try {
    decoded = decodeURIComponent(link);
  } catch {
    // a stray "%" in the link: search it as it is
  }
  return /urn:li:(?:activity|share|ugcPost):\d+/.exec(decoded)?.[0] ?? null;
}
