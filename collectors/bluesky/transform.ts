import { canonicalUid, parseAtPostUri } from "../bridges.ts";
import type { NormalizedPost } from "../types.ts";
import {
  type Facet,
  type JetstreamEvent,
  POST_COLLECTION,
  type PostRecord,
  type PostView,
  type ProfileView,
  postRecordSchema,
  TAG_FEATURE,
} from "./schema.ts";

/** Decides whether a lower-cased tag (without "#") belongs to a campaign; built by the server from the config. */
export type TagMatcher = (tag: string) => boolean;

/** A create or update commit of an `app.bsky.feed.post` record, its record validated. */
export interface PostEvent {
  did: string;
  rkey: string;
  /** The canonical `at://{did}/app.bsky.feed.post/{rkey}` uri. */
  uri: string;
  timeUs: number;
  operation: "create" | "update";
  record: PostRecord;
}

export type ClassifiedEvent =
  | { type: "post"; post: PostEvent }
  /** A post was deleted at the source. */
  | { type: "delete"; uri: string }
  /** A post commit whose record is unusable. */
  | { type: "rejected"; uri: string; reason: string }
  /** Anything else: other collections, identity and account events. */
  | { type: "other" };

/** What the AppView told us about a post; either part may be missing (deleted, suspended, not yet indexed). */
export interface Enrichment {
  post?: PostView | undefined;
  profile?: ProfileView | undefined;
}

export function postUri(did: string, rkey: string): string {
  return `at://${did}/${POST_COLLECTION}/${rkey}`;
}

/** Sorts a Jetstream event into what the collector does with it. Pure. */
export function classifyEvent(event: JetstreamEvent): ClassifiedEvent {
  const commit = event.commit;
  if (event.kind !== "commit" || !commit || commit.collection !== POST_COLLECTION) return { type: "other" };
  const uri = postUri(event.did, commit.rkey);
  if (commit.operation === "delete") return { type: "delete", uri };
  const parsed = postRecordSchema.safeParse(commit.record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { type: "rejected", uri, reason: `record.${issue?.path.join(".") ?? ""}: ${issue?.message}` };
  }
  return {
    type: "post",
    post: {
      did: event.did,
      rkey: commit.rkey,
      uri,
      timeUs: event.time_us,
      operation: commit.operation,
      record: parsed.data,
    },
  };
}

/** True for a post create/update that carries at least one tag the matcher accepts. */
export function isCampaignPost(event: JetstreamEvent, matcher: TagMatcher): boolean {
  const c = classifyEvent(event);
  return c.type === "post" && campaignTagsOf(c.post.record).some(matcher);
}

/**
 * Every hashtag of a post record, lower-cased NFC without "#", deduplicated:
 * from `#tag` facets, from `record.tags` (tags not shown in the text), and
 * from `#words` in the text, because not every client writes facets.
 */
export function campaignTagsOf(record: PostRecord): string[] {
  const out = new Set<string>();
  const add = (raw: string | null | undefined) => {
    const tag = raw ? normalizeTag(raw) : null;
    if (tag) out.add(tag);
  };
  for (const facet of record.facets ?? []) {
    for (const feature of facet.features) {
      if (feature.$type !== TAG_FEATURE) continue;
      // The feature carries the tag; the text span is the fallback for clients that leave it empty.
      add(feature.tag?.trim() ? feature.tag : facetText(record.text, facet));
    }
  }
  for (const tag of record.tags ?? []) add(tag);
  for (const tag of hashtagsInText(record.text)) add(tag);
  return [...out];
}

/**
 * `#words` in plain text: "#" or the full-width "＃" not glued to a word, URL
 * path or another "#" (so "https://x.de/#top" and "C#" are no tags), then
 * Unicode letters, digits, marks and "_", with at least one letter ("#2019" is
 * no tag).
 */
const TEXT_TAG = /(?<![\p{L}\p{M}\p{N}_/&#＃])[#＃]([\p{L}\p{N}_][\p{L}\p{M}\p{N}_]*)/gu;

export function hashtagsInText(text: string): string[] {
  const tags: string[] = [];
  for (const m of text.matchAll(TEXT_TAG)) {
    const word = m[1] as string;
    if (/\p{L}/u.test(word)) tags.push(word);
  }
  return tags;
}

/** "#Grüße" (NFC or NFD) → "grüße"; null when nothing is left. */
export function normalizeTag(raw: string): string | null {
  const tag = raw
    .trim()
    .replace(/^[#＃]+/u, "")
    .normalize("NFC")
    .toLowerCase();
  return tag.length > 0 ? tag : null;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * The part of `text` between two UTF-8 byte offsets, as facets address it.
 * JavaScript strings index UTF-16 code units, so `text.slice` is wrong as soon
 * as an umlaut or emoji precedes the range. Null for a range outside the text
 * or one that cuts a character in half.
 */
export function sliceUtf8(text: string, byteStart: number, byteEnd: number): string | null {
  const bytes = encoder.encode(text);
  if (byteStart < 0 || byteEnd > bytes.length || byteStart > byteEnd) return null;
  try {
    return decoder.decode(bytes.subarray(byteStart, byteEnd));
  } catch {
    return null;
  }
}

/** The text a facet covers, e.g. "#Clusterwoche" for a tag facet. */
export function facetText(text: string, facet: Facet): string | null {
  return sliceUtf8(text, facet.index.byteStart, facet.index.byteEnd);
}

/**
 * A post event to a normalized post. Without enrichment the author is known
 * only by DID and the counts are 0; with the AppView's PostView the counts
 * are authoritative (the AppView is the only place that counts them) and with
 * the profile come the handle, name and follower count.
 */
export function eventToPost(event: PostEvent, enrichment: Enrichment = {}): NormalizedPost {
  const { did, uri } = event;
  // Guard against a view for another post or author: better un-enriched than wrong.
  const view = enrichment.post?.uri === uri ? enrichment.post : undefined;
  const profile = enrichment.profile?.did === did ? enrichment.profile : undefined;
  const seenAt = new Date(Math.floor(event.timeUs / 1000)).toISOString();
  return buildPost(event, view, profile, {
    createdAt: toUtc(event.record.createdAt) ?? seenAt,
    editedAt: event.operation === "update" ? seenAt : null,
  });
}

/**
 * A PostView (as searchPosts and getPosts answer it) to a normalized post:
 * counts, handle and name come with the view; the follower count needs the
 * author's profile. An error text when the view does not name a post.
 */
export function postViewToPost(view: PostView, profile?: ProfileView): NormalizedPost | string {
  const parts = parseAtPostUri(view.uri);
  if (!parts) return `uri is not a post: ${view.uri.slice(0, 120)}`;
  if (parts.did !== view.author.did) return `uri ${view.uri.slice(0, 120)} is not by ${view.author.did}`;
  const createdAt = toUtc(view.record.createdAt) ?? toUtc(view.indexedAt);
  if (!createdAt) return `neither createdAt nor indexedAt is a timestamp: ${view.indexedAt.slice(0, 40)}`;
  const post = { ...parts, uri: view.uri, record: view.record };
  return buildPost(post, view, profile?.did === parts.did ? profile : undefined, {
    createdAt,
    editedAt: null,
  });
}

function buildPost(
  post: { did: string; rkey: string; uri: string; record: PostRecord },
  view: PostView | undefined,
  profile: ProfileView | undefined,
  times: { createdAt: string; editedAt: string | null },
): NormalizedPost {
  const { did, rkey, uri, record } = post;
  const handle = usableHandle(view?.author.handle) ?? usableHandle(profile?.handle);
  const name = (profile?.displayName ?? view?.author.displayName)?.trim() || null;
  const lang = record.langs?.[0]?.trim();
  // A post Bridgy Fed mirrored in from Mastodon is that Mastodon post: same uid, the origin's address.
  const uid = canonicalUid("bluesky", uri, { handle, originalUrl: record.bridgyOriginalUrl });
  const bridged = !uid.startsWith("bluesky:");
  const original = bridged ? (record.bridgyOriginalUrl as string).trim() : null;
  return {
    uid,
    platform: "bluesky",
    originInstance: original ? new URL(original).host.toLowerCase() : "bsky.app",
    url: original ?? `https://bsky.app/profile/${did}/post/${rkey}`,
    remoteId: uri,
    createdAt: times.createdAt,
    editedAt: times.editedAt,
    text: record.text,
    // Primary subtag, lower-cased, like Mastodon's codes: "en-US" filters as "en".
    lang: lang ? (lang.split("-")[0] as string).toLowerCase() : null,
    author: {
      handle: `@${handle ?? did}`,
      name,
      url: `https://bsky.app/profile/${did}`,
      followers: profile?.followersCount ?? 0,
    },
    counts: view
      ? {
          likes: view.likeCount,
          reposts: view.repostCount,
          replies: view.replyCount,
          quotes: view.quoteCount,
        }
      : { likes: 0, reposts: 0, replies: 0, quotes: 0 },
    // The AppView counts the Bluesky copy only; a bridged post's own counts live at its origin.
    countsFromOrigin: view !== undefined && !bridged,
    hashtags: campaignTagsOf(record),
  };
}

/** Handles are case-insensitive; "handle.invalid" marks one that failed verification. */
function usableHandle(handle: string | undefined): string | null {
  const h = handle?.trim().toLowerCase();
  return h && h !== "handle.invalid" ? h : null;
}

function toUtc(value: string): string | null {
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
