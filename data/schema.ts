import type { Generated } from "kysely";

/**
 * The whole database in one interface. Column names are snake_case as stored;
 * timestamps are ISO-8601 UTC strings ("2017-04-20T09:30:00.000Z") so that
 * string order is time order.
 */
export interface Database {
  authors: AuthorsTable;
  posts: PostsTable;
  post_hashtags: PostHashtagsTable;
  post_sources: PostSourcesTable;
  collector_runs: CollectorRunsTable;
  source_cursors: SourceCursorsTable;
  clusters: ClustersTable;
  post_clusters: PostClustersTable;
  events: EventsTable;
  post_events: PostEventsTable;
  rollup_hours: RollupHoursTable;
  rollup_authors: RollupAuthorsTable;
  rollup_tags: RollupTagsTable;
  rollup_state: RollupStateTable;
  rollup_campaign_authors: RollupCampaignAuthorsTable;
  rollup_campaign_totals: RollupCampaignTotalsTable;
  rollup_sources: RollupSourcesTable;
  reports: ReportsTable;
  erasure_log: ErasureLogTable;
  share_links: ShareLinksTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  access_settings: AccessSettingsTable;
  login_failures: LoginFailuresTable;
}

/** Dimensions every rollup row has (see migration 0003). */
interface RollupDims {
  /** Campaign hashtags + timezone (data/rollups/family.ts). */
  family: string;
  /** "" | "c:<cluster>" | "s:<Land>" | "e:<event>". */
  scope: string;
  platform: string;
  /** "" when the language is not known. */
  lang: string;
}

export interface RollupHoursTable extends RollupDims {
  /** UTC hour "2017-04-20T23". */
  hour: string;
  posts: number;
  potential_reach: number;
  engagement: number;
  positive: number;
  neutral: number;
  negative: number;
  sentiment_sum: number;
}

export interface RollupAuthorsTable extends RollupDims {
  /** Calendar day in the family's timezone. */
  day: string;
  author_id: number;
  posts: number;
  max_followers: number;
}

export interface RollupTagsTable extends RollupDims {
  day: string;
  tag: string;
  posts: number;
}

export interface RollupStateTable {
  family: string;
  /** null: complete; a number: a rebuild has added posts up to this id so far. */
  built_up_to: number | null;
  updated_at: string;
  /** JSON: the campaign periods the campaign rows were built for (data/rollups/family.ts). */
  windows: Generated<string>;
}

/** Distinct authors over a campaign's whole period (migration 0009); lang "*" is any language. */
export interface RollupCampaignAuthorsTable extends RollupDims {
  campaign: string;
  author_id: number;
  posts: number;
  max_followers: number;
}

/** Per campaign, scope, platform and language (lang "*": all): distinct authors, unique reach and the hour sums. */
export interface RollupCampaignTotalsTable extends RollupDims {
  campaign: string;
  authors: number;
  unique_reach: number;
  posts: number;
  potential_reach: number;
  engagement: number;
  positive: number;
  neutral: number;
  negative: number;
  /** Σ sentiment score × 1,000,000, rounded per post: exact. */
  sentiment_micros: number;
}

/** What a collector target has seen: live posts and their time span (migration 0010, kept by triggers). */
export interface RollupSourcesTable {
  source: string;
  target: string;
  posts: number;
  first_created_at: string | null;
  last_created_at: string | null;
}

export interface ClustersTable {
  id: string;
  name: string;
  short_name: string | null;
  /** JSON list of ISO 3166-2 codes. */
  states: string;
  updated_at: string;
}

export interface PostClustersTable {
  post_id: number;
  cluster_id: string;
  matched_by: "handle" | "hashtag" | "domain" | "name";
  /** Copies of the post's created_at and likes + reposts + replies + quotes, kept by triggers (migration 0011). */
  created_at: Generated<string>;
  engagement: Generated<number>;
}

export interface EventsTable {
  id: string;
  title: string;
  start: string;
  end: string;
  city: string | null;
  state: string | null;
  cluster_id: string | null;
  hashtag: string | null;
}

export interface PostEventsTable {
  post_id: number;
  event_id: string;
}

export interface AuthorsTable {
  id: Generated<number>;
  platform: string;
  /** Canonical handle, e.g. "@user@social.bund.de". */
  handle: string;
  name: string | null;
  url: string | null;
  /** Followers when the author was first collected: never changed afterwards. */
  followers_first: number;
  /** Followers as last seen, for display only (metrics use the frozen per-post value). */
  followers_latest: number;
  first_seen_at: string;
  updated_at: string;
  /** Set when retention replaced handle, name and url with a pseudonym (migration 0006). */
  redacted_at: Generated<string | null>;
}

export interface PostsTable {
  id: Generated<number>;
  /** Canonical key: platform + ActivityPub uri / at:// uri / feed guid. */
  uid: string;
  platform: string;
  origin_instance: string | null;
  url: string | null;
  author_id: number;
  created_at: string;
  text: string;
  lang: string | null;
  sentiment_score: number;
  sentiment_label: "positive" | "neutral" | "negative";
  likes: number;
  reposts: number;
  replies: number;
  quotes: number;
  /** "origin" once counts came from the post's own instance, else "remote". */
  counts_from: "origin" | "remote";
  /** The author's follower count when this post was first collected (frozen: reach is reproducible). */
  author_followers_at_collection: number;
  first_seen_at: string;
  refreshed_at: string;
  edited_at: string | null;
  deleted_at: string | null;
  /**
   * Set when retention removed the text and what identifies the post (uid,
   * url, remote ids) after the campaign's retention period (migration 0006);
   * counts, followers, clusters and hashtags stay for the aggregates.
   */
  redacted_at: Generated<string | null>;
}

export interface PostHashtagsTable {
  post_id: number;
  /** Lower-cased tag without "#". */
  tag: string;
}

/** Where a post was seen: one row per source target and remote id (federated copies). */
export interface PostSourcesTable {
  post_id: number;
  source: string;
  target: string;
  remote_id: string;
  seen_at: string;
}

export interface CollectorRunsTable {
  id: Generated<number>;
  source: string;
  target: string;
  started_at: string;
  finished_at: string | null;
  status: "running" | "ok" | "failed" | "aborted";
  fetched: number;
  inserted: number;
  updated: number;
  rate_limit_wait_ms: number;
  error: string | null;
}

export interface SourceCursorsTable {
  source: string;
  target: string;
  /** Source-specific JSON state (e.g. newest id seen, backfill position). */
  cursor: string;
  updated_at: string;
}

/** The report archive (migration 0004): one row per generated report file. */
export interface ReportsTable {
  id: Generated<number>;
  kind: "digest" | "final" | "manual";
  /** Campaign id from the config. */
  campaign: string;
  /** The report's language. */
  lang: "de" | "en";
  /** Calendar days in the campaign's timezone, both inclusive. */
  period_from: string;
  period_to: string;
  /** Path relative to the archive directory; null when generation failed. */
  file: string | null;
  bytes: number | null;
  /** Lower-case hex SHA-256 of the file, checked before every download. */
  sha256: string | null;
  created_at: string;
  trigger: "schedule" | "request";
  status: "archived" | "failed";
  error: string | null;
  /** E-mail delivery of a scheduled report: null when none was attempted. */
  mail_status: "sent" | "failed" | null;
  mail_error: string | null;
  mailed_at: string | null;
  /**
   * Set when an erasure (Art. 17) removed posts from the period this report
   * covers: the file still holds them and is to be made again (migration 0006).
   */
  erasure_pending_at: Generated<string | null>;
}

/**
 * One erasure of an author (migration 0006): proof that it happened without
 * keeping whom it concerned. `handle_hash` is a keyed hash (HMAC-SHA-256 with
 * the install's secret) of the normalised handle: recomputable from the handle
 * by the operator, not reversible from the table.
 */
export interface ErasureLogTable {
  id: Generated<number>;
  erased_at: string;
  /** The platform asked for; null: every platform. */
  platform: string | null;
  handle_hash: string;
  posts: number;
  authors: number;
  reports_flagged: number;
  reports_regenerated: Generated<number>;
  trigger: "cli" | "http" | "api";
}

/** Share links (migration 0005): read access to one campaign or one cluster of it, until expiry or revocation. */
export interface ShareLinksTable {
  id: Generated<number>;
  /** Lower-case hex SHA-256 of the link's token; the token itself is shown once and never stored. */
  token_hash: string;
  campaign: string;
  /** null: the whole campaign. */
  cluster: string | null;
  label: string | null;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  /** The audit actor that created it ("admin:1a2b3c4d"). */
  created_by: string;
}

/** Login and share sessions (migration 0005), keyed by the SHA-256 of the cookie's token. */
export interface SessionsTable {
  token_hash: string;
  role: "admin" | "viewer" | "share";
  /** Set exactly when role is "share". */
  share_link_id: number | null;
  created_at: string;
  last_seen_at: string;
  /** Sliding: moved forward on use. */
  expires_at: string;
}

/** Every admin action and login attempt (migration 0005). Never holds a password or a token. */
/** Failed logins the limiter counts (migration 0012), shared by every web instance. */
export interface LoginFailuresTable {
  id: Generated<number>;
  /** Keyed hash of the client address (server/access/rate-limit.ts), never the address. */
  key: string;
  /** Milliseconds since the epoch. */
  failed_at: number;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  /** Role and session id prefix ("admin:1a2b3c4d"), or "anonymous". */
  actor: string;
  action: string;
  target: string | null;
  outcome: "ok" | "failed" | "denied";
  detail: string | null;
}

/** Key–value settings of the access layer (migration 0005): the generated server secret. */
export interface AccessSettingsTable {
  key: string;
  value: string;
}
