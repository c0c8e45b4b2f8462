import { XMLParser, XMLValidator } from "fast-xml-parser";
import { htmlToPlainText } from "../html-text.ts";
import { parseFeedDate } from "./dates.ts";
import type { FeedFormat, FeedItem, ParsedFeed } from "./schema.ts";
import { safeEntityDecoder } from "./xml-entities.ts";
import {
  attr,
  first,
  firstNode,
  firstText,
  isNode,
  list,
  type Node,
  oneLine,
  text,
  unique,
} from "./xml-nodes.ts";

export type { FeedItem, ParsedFeed } from "./schema.ts";

/** A document that is not a readable feed. The message says why; the collector records it as the run's error. */
export class FeedParseError extends Error {
  override name = "FeedParseError";
}

export const MAX_FEED_ITEMS = 1000;
/** Bigger documents are refused before parsing: no news feed is anywhere near this. */
export const MAX_FEED_CHARS = 20_000_000;

/**
 * An RSS 2.0 (and 0.9x), Atom 1.0 or RSS 1.0/RDF document to its items. Pure.
 * `baseUrl` (the feed's own URL) resolves relative links. Only the first
 * `maxItems` items are kept (feeds list newest first).
 */
export function parseFeed(xml: string, opts: { baseUrl?: string; maxItems?: number } = {}): ParsedFeed {
  const source = xml.replace(/^\uFEFF/, "");
  if (!source.trim()) throw new FeedParseError("empty document, not a feed");
  if (source.length > MAX_FEED_CHARS)
    throw new FeedParseError(`document of ${source.length} characters is too large for a feed`);
  if (/^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html[\s>])/i.test(source))
    throw new FeedParseError("got an HTML page, not an RSS or Atom feed");
  const valid = XMLValidator.validate(source);
  if (valid !== true)
    throw new FeedParseError(
      `not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`,
    );

  let doc: Node;
  try {
    doc = parser().parse(source) as Node;
  } catch (err) {
    throw new FeedParseError(`not a readable feed: ${err instanceof Error ? err.message : String(err)}`);
  }
  const maxItems = opts.maxItems ?? MAX_FEED_ITEMS;
  const base = opts.baseUrl;

  let format: FeedFormat;
  let head: Node;
  let raw: unknown[];
  if ("rss" in doc) {
    format = "rss";
    head = firstNode(firstNode(doc.rss)?.channel) ?? {};
    raw = list(head.item);
  } else if ("feed" in doc) {
    format = "atom";
    head = firstNode(doc.feed) ?? {};
    raw = list(head.entry);
  } else if ("rdf:RDF" in doc) {
    format = "rdf";
    const rdf = firstNode(doc["rdf:RDF"]) ?? {};
    head = firstNode(rdf.channel) ?? {};
    raw = list(rdf.item);
  } else {
    const root = Object.keys(doc).find((k) => !k.startsWith("?") && !k.startsWith("#"));
    throw new FeedParseError(
      root ? `not an RSS or Atom feed: the root element is <${root}>` : "no root element, not a feed",
    );
  }

  const feedBase = resolveUrl(attr(head, "xml:base"), base) ?? base;
  const items: FeedItem[] = [];
  for (const entry of raw.slice(0, maxItems)) {
    if (!isNode(entry)) continue;
    items.push(format === "atom" ? atomItem(entry, head, feedBase) : rssItem(entry, feedBase));
  }
  const title = format === "atom" ? atomText(head.title) : oneLine(text(head.title));
  const link = format === "atom" ? atomLink(head, feedBase) : httpUrl(firstText(head.link) || null, feedBase);
  return { format, title: title || null, link, items, truncated: Math.max(0, raw.length - maxItems) };
}

function parser(): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@_",
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    processEntities: true,
    entityDecoder: safeEntityDecoder,
    // Inline XHTML stays markup, read raw, instead of becoming nested objects.
    stopNodes: ["..content[type=xhtml]", "..summary[type=xhtml]", "..title[type=xhtml]"],
  });
}

/** RSS 2.0/0.9x `item` and RSS 1.0 `item` (Dublin Core fields, `rdf:about`). */
function rssItem(item: Node, base: string | undefined): FeedItem {
  const guidNode = first(item.guid);
  const guid = oneLine(text(guidNode)) || attr(item, "rdf:about") || null;
  // A guid is a permalink unless it says isPermaLink="false"; many omit the attribute on
  // non-URL guids ("12345"), so only an absolute URL stands in for a missing link.
  const permalink = isNode(guidNode) ? attr(guidNode, "isPermaLink")?.toLowerCase() !== "false" : true;
  const link =
    httpUrl(firstText(item.link) || null, base) ??
    (permalink ? httpUrl(guid, undefined) : null) ??
    httpUrl(attr(item, "rdf:about"), undefined);
  const author = authorName(firstText(item.author) || firstText(item["dc:creator"]));
  const categories = [...list(item.category), ...list(item["dc:subject"])].map((c) => oneLine(text(c)));
  return {
    guid,
    link,
    title: oneLine(text(item.title)),
    html: text(first(item["content:encoded"])) || text(first(item.description)),
    published: parseFeedDate(firstText(item.pubDate) || firstText(item["dc:date"])),
    author,
    categories: unique(categories),
  };
}

function atomItem(entry: Node, feed: Node, feedBase: string | undefined): FeedItem {
  const base = resolveUrl(attr(entry, "xml:base"), feedBase) ?? feedBase;
  const names = (node: unknown) =>
    list(node)
      .map((a) => (isNode(a) ? oneLine(text(a.name)) : ""))
      .filter(Boolean)
      .join(", ");
  const categories = list(entry.category).map((c) =>
    isNode(c) ? oneLine(attr(c, "term") || attr(c, "label") || "") : "",
  );
  return {
    guid: oneLine(text(entry.id)) || null,
    link: atomLink(entry, base),
    title: atomText(entry.title),
    html: atomHtml(first(entry.content)) || atomHtml(first(entry.summary)),
    published: parseFeedDate(
      firstText(entry.published) ||
        firstText(entry.updated) ||
        firstText(entry.issued) ||
        firstText(entry.modified),
    ),
    author: names(entry.author) || names(feed.author) || null,
    categories: unique(categories),
  };
}

/** `link rel="alternate"` (rel absent means alternate), preferring an HTML one. */
function atomLink(node: Node, base: string | undefined): string | null {
  const alternates = list(node.link).filter(
    (l): l is Node => isNode(l) && (attr(l, "rel") ?? "alternate") === "alternate" && !!attr(l, "href"),
  );
  const html = alternates.find((l) => /html/i.test(attr(l, "type") ?? "text/html")) ?? alternates[0];
  return html ? httpUrl(attr(html, "href"), base) : null;
}

/** An Atom text construct as plain text. */
function atomText(node: unknown): string {
  const n = first(node);
  const type = isNode(n) ? (attr(n, "type") ?? "text") : "text";
  const value = text(n);
  return oneLine(type === "html" || type === "xhtml" ? htmlToPlainText(value) : value);
}

/** Atom content/summary as HTML: text bodies are escaped so they stay text; out-of-line and binary content is skipped. */
function atomHtml(node: unknown): string {
  if (node === undefined) return "";
  const type = (isNode(node) ? attr(node, "type") : null)?.toLowerCase() ?? "text";
  if (isNode(node) && attr(node, "src")) return "";
  const value = text(node);
  if (type === "html" || type === "text/html" || type === "xhtml" || type === "application/xhtml+xml")
    return value;
  if (type === "text" || type.startsWith("text/")) return escapeHtml(value);
  return "";
}

/** "jane@example.org (Jane Doe)" → "Jane Doe"; a bare e-mail address is not a name and is not kept. */
function authorName(raw: string): string | null {
  const value = oneLine(raw);
  const paren = /\(([^)]+)\)\s*$/.exec(value);
  if (paren?.[1]?.trim()) return paren[1].trim();
  const angle = /^(.+?)\s*<[^>]*@[^>]*>$/.exec(value);
  if (angle?.[1]) return angle[1].trim();
  if (/^\S+@\S+$/.test(value)) return null;
  return value || null;
}

function httpUrl(value: string | null | undefined, base: string | undefined): string | null {
  const url = resolveUrl(value, base);
  return url && /^https?:/.test(url) ? url : null;
}

function resolveUrl(value: string | null | undefined, base: string | undefined): string | null {
  const v = value?.trim();
  if (!v) return null;
  try {
    return new URL(v, base).href;
  } catch {
    return null;
  }
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
