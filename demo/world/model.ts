/**
 * The demo world: a synthetic but realistic Clusterwoche week. Platform-neutral
 * facts only; the replay servers render them in each API's own shape (ids,
 * URLs and HTML depend on the loopback address a server runs on).
 */
export type WorldPlatform = "mastodon" | "bluesky" | "rss";
export type Tone = "positive" | "neutral" | "negative";

export interface WorldAuthor {
  id: number;
  platform: WorldPlatform;
  /** Mastodon username / Bluesky handle prefix / feed slug. */
  username: string;
  displayName: string;
  followers: number;
  /** Institutional accounts (ministries, clusters, trade fairs) post more and reach more. */
  institutional: boolean;
  /** Mastodon: index of the home instance. */
  home: number;
  /** Bluesky: the account's DID. */
  did: string | null;
}

export interface WorldPost {
  id: number;
  platform: WorldPlatform;
  author: number;
  /** UTC milliseconds. */
  createdAt: number;
  /** Plain text as the author wrote it, hashtags included as "#Tag". */
  text: string;
  /** Hashtags in the text, as written (without "#"). */
  tags: string[];
  lang: "de" | "en";
  tone: Tone;
  likes: number;
  reposts: number;
  replies: number;
  quotes: number;
  /** Ground truth: clusters the text mentions, and how. */
  clusters: { id: string; by: "handle" | "hashtag" | "name" | "website" }[];
  event: string | null;
  /** Mastodon: other instances this post was federated to. */
  federatedTo: number[];
  /** Bluesky: record key. RSS: feed index. */
  rkey: string | null;
  feed: number | null;
  /** RSS: item title. */
  title: string | null;
  /** Deliberately hostile content (injection, formulas, RTL, zero-width…). */
  hostile: boolean;
}

export interface WorldEvent {
  id: string;
  title: string;
  day: string;
  city: string | null;
  state: string | null;
  cluster: string | null;
  /** A hashtag people use for this event, e.g. "HM17". */
  hashtag: string | null;
}

export interface WorldFeed {
  slug: string;
  title: string;
  kind: "rss" | "atom";
}

export interface World {
  seed: number;
  /** First and last UTC millisecond the world has posts for. */
  start: number;
  end: number;
  instances: string[];
  feeds: WorldFeed[];
  authors: WorldAuthor[];
  /** Campaign posts, sorted by createdAt. */
  posts: WorldPost[];
  /** Bluesky posts without a campaign hashtag: the firehose's noise, which collectors must drop. */
  noise: WorldPost[];
  events: WorldEvent[];
  /** Demo-only social handles of clusters (the real registry has none verified). */
  clusterHandles: Record<string, string>;
}
