import { canonicalUid } from "../bridges.ts";
import { htmlToPlainText } from "../html-text.ts";
import type { NormalizedPost } from "../types.ts";
import { type MastodonStatus, mastodonStatusSchema } from "./schema.ts";

export interface TransformedPage {
  posts: NormalizedPost[];
  /** Statuses that were not posts of their own (boosts) and are deliberately not counted. */
  skipped: number;
  rejected: { index: number; reason: string }[];
}

/**
 * A tag timeline page fetched from `instance` (e.g. "https://mastodon.social")
 * to normalized posts. Pure: no I/O, tested on recorded real payloads.
 */
export function transformTimeline(statuses: readonly unknown[], instance: string): TransformedPage {
  const out: TransformedPage = { posts: [], skipped: 0, rejected: [] };
  statuses.forEach((raw, index) => {
    const parsed = mastodonStatusSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      out.rejected.push({ index, reason: `${issue?.path.join(".") || "status"}: ${issue?.message}` });
      return;
    }
    const post = transformStatus(parsed.data, instance);
    if (post === "boost") out.skipped++;
    else if (typeof post === "string") out.rejected.push({ index, reason: post });
    else out.posts.push(post);
  });
  return out;
}

/** A status to a post; "boost" for boosts (not posts, per the metric definitions); an error text when unusable. */
export function transformStatus(s: MastodonStatus, instance: string): NormalizedPost | "boost" | string {
  if (s.reblog) return "boost";
  const instanceHost = hostOf(instance);
  const originHost = hostOf(s.uri);
  if (!instanceHost) return `invalid instance URL ${instance}`;
  if (!originHost) return `uri is not a URL: ${s.uri.slice(0, 100)}`;
  const createdAt = toUtc(s.created_at);
  if (!createdAt) return `created_at is not a timestamp: ${s.created_at.slice(0, 40)}`;

  const body = htmlToPlainText(s.content);
  const warning = s.spoiler_text?.trim();
  return {
    // A Bluesky post bridged into the fediverse (bsky.brid.gy) is the Bluesky post: one uid for both.
    uid: canonicalUid("mastodon", s.uri),
    platform: "mastodon",
    originInstance: originHost,
    url: s.url ?? s.uri,
    remoteId: s.id,
    createdAt,
    editedAt: s.edited_at ? toUtc(s.edited_at) : null,
    text: warning ? `${warning}\n\n${body}` : body,
    lang: s.language ? s.language.toLowerCase() : null,
    author: {
      // `acct` is relative to the instance that served it: local users have no domain.
      handle:
        `@${s.account.acct.includes("@") ? s.account.acct : `${s.account.acct}@${instanceHost}`}`.toLowerCase(),
      name: s.account.display_name?.trim() || null,
      url: s.account.url ?? null,
      followers: s.account.followers_count,
    },
    counts: {
      likes: s.favourites_count,
      reposts: s.reblogs_count,
      replies: s.replies_count,
      quotes: s.quotes_count,
    },
    countsFromOrigin: originHost === instanceHost,
    hashtags: [...new Set(s.tags.map((t) => t.name.normalize("NFC").toLowerCase()))],
  };
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return null;
  }
}

function toUtc(value: string): string | null {
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
