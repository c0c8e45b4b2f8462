import type { Campaign } from "../../data/campaign.ts";
import { PLATFORMS } from "../../data/filters.ts";
import { localeOf, platformName } from "../../data/format.ts";
import type { PostItem } from "../../data/queries/posts.ts";
import { exploreMessages } from "../i18n/explore.ts";
import type { UiLang } from "../i18n/index.ts";
import { pageHref } from "../urls.ts";
import { createFormatter } from "./format.ts";
import { safeHttpUrl } from "./overview.ts";

/**
 * The embeddable social wall: the newest posts of a campaign or of one
 * cluster, for a cluster's website or a screen at an event. The server renders
 * the first cards; public/wall.js then refreshes them from /api/posts with the
 * settings in `config`, building the same card markup with textContent only.
 */
export interface WallInput {
  lang: UiLang;
  campaign: Campaign;
  /** The cluster whose posts are shown; null for the whole campaign. */
  cluster: { id: string; name: string } | null;
  /** listPosts' items, newest first. */
  posts: readonly PostItem[];
  clusters: readonly { id: string; name: string }[];
  limit: number;
  /** The time the page was made, for "Zuletzt aktualisiert". */
  now: Date;
}

export interface WallCard {
  uid: string;
  name: string | null;
  handle: string;
  platform: string;
  time: string;
  timeIso: string;
  text: string;
  url: string | null;
  /** Cluster names (no links: an embed must not navigate its frame into the dashboard). */
  clusters: string;
}

/** What public/wall.js needs; serialised into a JSON element (no inline script). */
export interface WallConfig {
  /** Same-origin API URL: campaign, cluster, limit (`lang` there is the post language, so never the UI's). */
  api: string;
  intervalMs: number;
  locale: string;
  timeZone: string;
  /** Intl.DateTimeFormat options that print what the server's formatter prints. */
  dateOptions: Intl.DateTimeFormatOptions;
  timeSuffix: string;
  labels: { live: string; offline: string; newPosts: { one: string; many: string } };
  platforms: Record<string, string>;
  clusters: Record<string, string>;
}

export interface WallModel {
  lang: UiLang;
  title: string;
  /** The campaign's hashtag(s), as big as the wall allows. */
  heading: string;
  /** The campaign's or the cluster's name. */
  subheading: string;
  live: string;
  liveHint: string;
  updatedLabel: string;
  updated: string;
  updatedIso: string;
  postsLabel: string;
  empty: string;
  cards: WallCard[];
  config: WallConfig;
}

/** Posts are refreshed this often. */
export const WALL_INTERVAL_MS = 30_000;
export const WALL_DEFAULT_LIMIT = 12;

const DATE_OPTIONS: Record<UiLang, Intl.DateTimeFormatOptions> = {
  de: {
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  },
  en: {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  },
};

export function buildWallModel(input: WallInput): WallModel {
  const { lang, campaign } = input;
  const x = exploreMessages[lang];
  const fmt = createFormatter(lang);
  const tz = campaign.timezone;
  const names = new Map(input.clusters.map((c) => [c.id, c.name]));
  const subheading = input.cluster ? input.cluster.name : campaign.name;
  const nowIso = input.now.toISOString();
  return {
    lang,
    title: x.wallTitle(subheading),
    heading: campaign.hashtags.map((h) => `#${h}`).join(" "),
    subheading,
    live: x.wallLive,
    liveHint: x.wallLiveHint,
    updatedLabel: x.wallUpdated,
    updated: `${fmt.time(nowIso, tz)}${x.wallTimeSuffix}`,
    updatedIso: nowIso,
    postsLabel: x.wallPostsLabel,
    empty: x.wallEmpty,
    cards: input.posts.map((p) => ({
      uid: p.uid,
      name: p.author.name,
      handle: p.author.handle,
      platform: platformName(p.platform),
      time: fmt.dateTime(p.createdAt, tz),
      timeIso: p.createdAt,
      text: p.text,
      url: safeHttpUrl(p.url),
      clusters: p.clusters.map((id) => names.get(id) ?? id).join(", "),
    })),
    config: {
      api: pageHref("/api/posts", {
        campaign: campaign.id,
        cluster: input.cluster?.id,
        limit: String(input.limit),
      }),
      intervalMs: WALL_INTERVAL_MS,
      locale: localeOf(lang),
      timeZone: tz,
      dateOptions: DATE_OPTIONS[lang],
      timeSuffix: x.wallTimeSuffix,
      labels: {
        live: x.wallLive,
        offline: x.wallOffline,
        // The one/many split is the only plural both languages need.
        newPosts: { one: x.wallNewPostsOne, many: x.wallNewPostsMany },
      },
      platforms: Object.fromEntries(PLATFORMS.map((id) => [id, platformName(id)])),
      clusters: Object.fromEntries(names),
    },
  };
}
