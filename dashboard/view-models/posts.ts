import type { SentimentLabel } from "../../data/analysis/metrics.ts";
import type { Campaign } from "../../data/campaign.ts";
import { languageName, platformName } from "../../data/format.ts";
import type { PostCount } from "../../data/queries/post-count.ts";
import type { PostItem, PostPage, PostQuery } from "../../data/queries/posts.ts";
import { exploreMessages } from "../i18n/explore.ts";
import { MESSAGES, type UiLang } from "../i18n/index.ts";
import { pageHref, type Query, sharedQuery } from "../urls.ts";
import type { Option } from "./filter-form.ts";
import { createFormatter, type Formatter } from "./format.ts";
import { safeHttpUrl } from "./overview.ts";

/**
 * The posts explorer (Beiträge): search, sentiment, filters and keyset pages.
 * Pure: every string is formatted here, every link built here, so the page
 * component only places them.
 */
export interface ExplorePostInput {
  lang: UiLang;
  campaign: Campaign;
  from: string;
  to: string;
  /** The request's query (page parameter names: `lang` is the UI language). */
  query: Query;
  postQuery: PostQuery;
  page: PostPage;
  count: PostCount;
  /** The registry's clusters, for names. */
  clusters: readonly { id: string; name: string }[];
}

export interface ClusterLink {
  id: string;
  name: string;
  href: string;
}

export interface CountModel {
  key: "likes" | "reposts" | "replies" | "quotes";
  label: string;
  value: string;
}

export interface ExplorePostModel {
  uid: string;
  handle: string;
  name: string | null;
  platform: string;
  time: string;
  timeIso: string;
  text: string;
  /** Only http(s) links survive: a feed could carry `javascript:` URLs. */
  url: string | null;
  /** The post language's name, or null when unknown. */
  language: string | null;
  sentiment: { key: SentimentLabel; label: string };
  clusters: ClusterLink[];
  hashtags: string[];
  counts: CountModel[];
}

/** The filter form's option: one shape for every select. */
export type SelectOption = Option;

export interface PostsModel {
  lang: UiLang;
  title: string;
  heading: string;
  campaignName: string;
  period: string;
  search: {
    q: string;
    sentiments: SelectOption[];
    /** The filters and UI language the search form must not drop (never `cursor`: a new search starts at page 1). */
    hidden: { name: string; value: string }[];
    /** Same page without search and sentiment; null when neither is set. */
    resetHref: string | null;
  };
  resultSentence: string;
  /** How many this page shows; null when nothing matched. */
  pageSentence: string | null;
  posts: ExplorePostModel[];
  empty: { text: string; hint: string } | null;
  nextHref: string | null;
  /** Shown on later pages only. */
  firstHref: string | null;
  /** Said on the last page of a result that needed paging. */
  lastPageNote: string | null;
}

const SENTIMENTS: readonly SentimentLabel[] = ["positive", "neutral", "negative"];

/** Parameters the search form carries as hidden fields: the filters, the UI language and the page size. */
const KEPT = ["campaign", "from", "to", "platform", "cluster", "state", "postLang", "lang", "limit"] as const;

export function sentimentName(label: SentimentLabel, lang: UiLang): string {
  const m = MESSAGES[lang];
  return label === "positive"
    ? m.sentimentPositive
    : label === "negative"
      ? m.sentimentNegative
      : m.sentimentNeutral;
}

export function buildPostsModel(input: ExplorePostInput): PostsModel {
  const { lang, query, postQuery: pq, page, count } = input;
  const m = MESSAGES[lang];
  const x = exploreMessages[lang];
  const fmt = createFormatter(lang);
  const names = new Map(input.clusters.map((c) => [c.id, c.name]));
  const hidden = KEPT.flatMap((name) => {
    const value = query[name];
    return value ? [{ name, value }] : [];
  });
  const later = pq.cursor !== null;
  const posts = page.items.map((p) =>
    buildExplorePost(p, { lang, fmt, tz: input.campaign.timezone, names, query }),
  );
  return {
    lang,
    title: `${x.postsTitle} – ${input.campaign.name} – ${m.appName}`,
    heading: x.postsTitle,
    campaignName: input.campaign.name,
    period: fmt.period(input.from, input.to),
    search: {
      q: query.q ?? "",
      sentiments: [
        { value: "", label: x.sentimentAll, selected: pq.sentiment === null },
        ...SENTIMENTS.map((s) => ({ value: s, label: sentimentName(s, lang), selected: s === pq.sentiment })),
      ],
      hidden,
      resetHref:
        pq.q !== null || pq.sentiment !== null
          ? pageHref("/posts", query, { q: undefined, sentiment: undefined, cursor: undefined })
          : null,
    },
    resultSentence: x.resultSentence({
      count: fmt.integer(count.n),
      n: count.n,
      capped: count.capped,
      q: pq.q,
      sentiment: pq.sentiment ? sentimentName(pq.sentiment, lang) : null,
    }),
    pageSentence: posts.length > 0 ? x.pageSentence(fmt.integer(posts.length), posts.length, later) : null,
    posts,
    empty: posts.length === 0 ? { text: x.postsNone, hint: x.postsNoneHint } : null,
    nextHref: page.nextCursor ? pageHref("/posts", query, { cursor: page.nextCursor }) : null,
    firstHref: later ? pageHref("/posts", query, { cursor: undefined }) : null,
    lastPageNote: later && page.nextCursor === null ? x.lastPageNote : null,
  };
}

/** One post as the explorer and the wall print it; cluster links keep the filters and the UI language. */
export function buildExplorePost(
  p: PostItem,
  ctx: { lang: UiLang; fmt: Formatter; tz: string; names: ReadonlyMap<string, string>; query: Query },
): ExplorePostModel {
  const x = exploreMessages[ctx.lang];
  const shared = sharedQuery(ctx.query);
  return {
    uid: p.uid,
    handle: p.author.handle,
    name: p.author.name,
    platform: platformName(p.platform),
    time: ctx.fmt.dateTime(p.createdAt, ctx.tz),
    timeIso: p.createdAt,
    text: p.text,
    url: safeHttpUrl(p.url),
    language: p.lang ? languageName(p.lang, ctx.lang) : null,
    sentiment: { key: p.sentiment.label, label: sentimentName(p.sentiment.label, ctx.lang) },
    clusters: p.clusters.map((id) => ({
      id,
      name: ctx.names.get(id) ?? id,
      href: pageHref(`/clusters/${encodeURIComponent(id)}`, shared),
    })),
    hashtags: p.hashtags.map((t) => `#${t}`),
    counts: (["likes", "reposts", "replies", "quotes"] as const).map((key) => ({
      key,
      label: x[key],
      value: ctx.fmt.integer(p[key]),
    })),
  };
}
