import { htmlToPlainText } from "../html-text.ts";
import type { NormalizedPost } from "../types.ts";
import type { FeedItem } from "./schema.ts";

export const PLATFORM = "rss";

/** The feed an item came from: `url` is the configured feed URL, its host stands for the author. */
export interface FeedSource {
  url: string;
  title: string | null;
  link: string | null;
}

export interface RelevanceOptions {
  /** True for a campaign hashtag (lower-cased, without "#"), year-suffixed variants included. */
  isCampaignTag: (tag: string) => boolean;
  /** Words that make an item relevant without a hashtag; case-insensitive, whole words. */
  keywords: readonly string[];
  /** createdAt of items without a readable date. */
  now: Date;
}

/**
 * A feed item to a post, or null when it is not about the campaign (no
 * campaign hashtag among its `#words` and categories, no keyword in title or
 * text) or has neither guid nor link to deduplicate on. Pure.
 *
 * Feeds have no follower counts or interactions: reach and engagement are 0,
 * and the counts are "from origin" because no other copy can know better.
 */
export function itemToPost(item: FeedItem, feed: FeedSource, opts: RelevanceOptions): NormalizedPost | null {
  const feedHost = hostOf(feed.url);
  if (!feedHost) return null;
  const uid = itemUid(item, feedHost);
  if (!uid) return null;

  const title = item.title.trim();
  const body = htmlToPlainText(item.html);
  const text = title && body && body !== title ? `${title}\n\n${body}` : title || body;
  const tags = new Set([...extractHashtags(text), ...item.categories.flatMap(categoryTag)].map(normalizeTag));
  // News and press items rarely use hashtags. A keyword that is itself a campaign
  // hashtag ("Clusterwoche") counts as that hashtag, so the item counts for the
  // campaign like a post would; other keywords only make it relevant.
  const keywordHits = matchedKeywords(text.normalize("NFC"), opts.keywords);
  for (const k of keywordHits) if (opts.isCampaignTag(normalizeTag(k))) tags.add(normalizeTag(k));
  const hashtags = [...tags];
  const relevant = hashtags.some((t) => opts.isCampaignTag(t)) || keywordHits.length > 0;
  if (!relevant) return null;

  return {
    uid,
    platform: PLATFORM,
    originInstance: (item.link && hostOf(item.link)) || feedHost,
    url: item.link,
    remoteId: item.guid ?? (item.link as string),
    createdAt: item.published ?? opts.now.toISOString(),
    editedAt: null,
    text,
    lang: null,
    author: {
      handle: `@${feedHost}`,
      name: item.author ?? feed.title ?? null,
      url: feed.link ?? new URL("/", feed.url).href,
      followers: 0,
    },
    counts: { likes: 0, reposts: 0, replies: 0, quotes: 0 },
    countsFromOrigin: true,
    hashtags,
  };
}

/**
 * "rss:" + the guid, else the link. A guid that is a URI (URL, tag:, urn:) is
 * globally unique; a bare one ("12345", Google News' article keys) is only
 * unique within its publisher, so it is qualified with the feed's host —
 * otherwise two press feeds numbering their items would merge posts.
 */
export function itemUid(item: Pick<FeedItem, "guid" | "link">, feedHost: string): string | null {
  if (item.guid)
    return /^[a-z][a-z0-9+.-]*:/i.test(item.guid) ? `rss:${item.guid}` : `rss:${feedHost}/${item.guid}`;
  return item.link ? `rss:${item.link}` : null;
}

/** `#words` in plain text: not inside a word or URL fragment (example.org/page#top), at least one letter. */
const HASHTAG = /(?<![\p{L}\p{M}\p{N}_&#/])#([\p{L}\p{M}\p{N}_]{1,100})(?![\p{L}\p{M}\p{N}_])/gu;

export function extractHashtags(text: string): string[] {
  const tags: string[] = [];
  for (const m of text.matchAll(HASHTAG)) {
    const tag = m[1] as string;
    if (/\p{L}/u.test(tag)) tags.push(tag);
  }
  return tags;
}

/** A category counts as a hashtag when it is one token ("Clusterwoche", "#clusterwoche2019"), not a phrase. */
function categoryTag(category: string): string[] {
  const tag = category.trim().replace(/^#+/, "");
  return /^[\p{L}\p{M}\p{N}_]{1,100}$/u.test(tag) && /\p{L}/u.test(tag) ? [tag] : [];
}

function normalizeTag(tag: string): string {
  return tag.normalize("NFC").toLowerCase();
}

function matchedKeywords(text: string, keywords: readonly string[]): string[] {
  return keywords.filter((k) => keywordPattern([k])?.test(text) === true);
}

export function keywordPattern(keywords: readonly string[]): RegExp | null {
  const words = keywords.map((k) => k.trim()).filter(Boolean);
  if (words.length === 0) return null;
  const alternatives = words.map((w) => w.normalize("NFC").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
  return new RegExp(`(?<![\\p{L}\\p{M}\\p{N}_])(?:${alternatives})(?![\\p{L}\\p{M}\\p{N}_])`, "iu");
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host.toLowerCase() || null;
  } catch {
    return null;
  }
}
