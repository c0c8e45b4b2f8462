import { engagementOf, type SentimentLabel } from "../../data/analysis/metrics.ts";
import { exportAuthorPseudonym, exportUidPseudonym, maskMentions } from "../../data/privacy/pseudonym.ts";
import type { Bilingual, Column } from "./columns.ts";

/** One post as exported: the API's post item, flattened where a sheet needs it. */
export interface PostRecord {
  uid: string;
  platform: string;
  url: string | null;
  /** Stored UTC ISO instant. */
  createdAt: string;
  author: ExportAuthor;
  text: string;
  lang: string | null;
  sentimentLabel: SentimentLabel;
  sentimentScore: number;
  likes: number;
  reposts: number;
  replies: number;
  quotes: number;
  /** Registry ids, sorted. */
  clusters: string[];
  /** Lower-cased, without "#", sorted. */
  hashtags: string[];
}

export interface ExportAuthor {
  handle: string;
  name: string | null;
  /** Frozen at first collection: the reach the reports count. */
  followers: number;
}

/** Lists inside one cell: a character that is neither a CSV separator nor in ids and tags. */
export const LIST_SEPARATOR = "|";

/**
 * Every column that identifies a person, in one place: pseudonymising authors
 * (a later issue) swaps this list, or maps `ExportAuthor`, and nothing else.
 */
export const AUTHOR_COLUMNS: readonly Column<PostRecord>[] = [
  {
    key: "authorHandle",
    header: { de: "Autor:in (Handle)", en: "Author handle" },
    kind: "text",
    width: 28,
    value: (r) => r.author.handle,
  },
  {
    key: "authorName",
    header: { de: "Autor:in (Name)", en: "Author name" },
    kind: "text",
    width: 24,
    value: (r) => r.author.name,
  },
  {
    key: "followers",
    header: { de: "Follower:innen (bei Erfassung)", en: "Followers (at collection)" },
    kind: "integer",
    width: 14,
    value: (r) => r.author.followers,
  },
];

/**
 * A post as a pseudonymised export shows it (`?pseudonymise=1`): the author's
 * handle and name become one stable pseudonym ("autor-<hash>", keyed with the
 * server secret, the same in every export), so an analyst can still count per
 * author without learning who it is. The uid becomes a stable pseudonym too
 * and the url goes (both carry the handle); in the text, mentions of people
 * ("@user@host", "@name.bsky.social", "@name") become "@…", the rest of the
 * text stays. Follower counts stay: the reach figures need them.
 */
export function pseudonymiseRecord(secret: string): (r: PostRecord) => PostRecord {
  return (r) => {
    const pseudonym = exportAuthorPseudonym(secret, r.platform, r.author.handle);
    return {
      ...r,
      uid: exportUidPseudonym(secret, r.uid),
      url: null,
      author: { handle: pseudonym, name: pseudonym, followers: r.author.followers },
      text: maskMentions(r.text),
    };
  };
}

/** The posts sheet's columns; times are shown in UTC and in the campaign's zone (Europe/Berlin). */
export function postColumns(zone: string): Column<PostRecord>[] {
  return [
    { key: "uid", header: { de: "UID", en: "UID" }, kind: "text", width: 30, value: (r) => r.uid },
    {
      key: "platform",
      header: { de: "Plattform", en: "Platform" },
      kind: "text",
      width: 11,
      value: (r) => r.platform,
    },
    { key: "url", header: { de: "URL", en: "URL" }, kind: "text", width: 40, value: (r) => r.url },
    {
      key: "createdAtUtc",
      header: { de: "Zeitpunkt (UTC)", en: "Created at (UTC)" },
      kind: "instant",
      zone: "UTC",
      width: 20,
      value: (r) => r.createdAt,
    },
    {
      key: "createdAtLocal",
      header: { de: `Ortszeit (${zone})`, en: `Local time (${zone})` },
      kind: "instant",
      zone,
      width: 20,
      value: (r) => r.createdAt,
    },
    ...AUTHOR_COLUMNS,
    { key: "text", header: { de: "Text", en: "Text" }, kind: "text", width: 60, value: (r) => r.text },
    { key: "lang", header: { de: "Sprache", en: "Language" }, kind: "text", width: 8, value: (r) => r.lang },
    {
      key: "sentimentLabel",
      header: { de: "Stimmung", en: "Sentiment" },
      kind: "text",
      width: 10,
      value: (r) => r.sentimentLabel,
    },
    {
      key: "sentimentScore",
      header: { de: "Stimmungswert", en: "Sentiment score" },
      kind: "decimal",
      width: 10,
      value: (r) => r.sentimentScore,
    },
    { key: "likes", header: { de: "Likes", en: "Likes" }, kind: "integer", width: 8, value: (r) => r.likes },
    {
      key: "reposts",
      header: { de: "Reposts", en: "Reposts" },
      kind: "integer",
      width: 8,
      value: (r) => r.reposts,
    },
    {
      key: "replies",
      header: { de: "Antworten", en: "Replies" },
      kind: "integer",
      width: 8,
      value: (r) => r.replies,
    },
    {
      key: "quotes",
      header: { de: "Zitate", en: "Quotes" },
      kind: "integer",
      width: 8,
      value: (r) => r.quotes,
    },
    {
      key: "engagement",
      header: { de: "Interaktionen", en: "Engagement" },
      kind: "integer",
      width: 10,
      value: (r) => engagementOf(r),
    },
    {
      key: "clusters",
      header: { de: "Cluster", en: "Clusters" },
      kind: "text",
      width: 24,
      value: (r) => r.clusters.join(LIST_SEPARATOR),
    },
    {
      key: "hashtags",
      header: { de: "Hashtags", en: "Hashtags" },
      kind: "text",
      width: 24,
      value: (r) => r.hashtags.join(LIST_SEPARATOR),
    },
  ];
}

export const POSTS_SHEET: Bilingual = { de: "Beiträge", en: "Posts" };
