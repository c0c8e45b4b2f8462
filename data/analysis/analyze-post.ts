import type { Campaign } from "../campaign.ts";
import { localDay } from "../time.ts";
import type { Attribute, Attribution } from "./attribution.ts";
import { type CampaignEvent, eventsOfPost } from "./events.ts";
import type { LanguageDetector } from "./language.ts";
import type { SentimentResult, SentimentScorer } from "./sentiment.ts";

/** What ingest stores about a post besides what the source said. */
export interface PostAnalysis {
  lang: string | null;
  sentiment: SentimentResult;
  clusters: Attribution[];
  /** Ids of the events the post belongs to. */
  events: string[];
}

export type PostAnalyzer = (post: {
  text: string;
  lang: string | null;
  hashtags: readonly string[];
  createdAt: string;
}) => PostAnalysis;

export interface AnalyzerParts {
  sentiment: SentimentScorer;
  /** Without it the platform's declared language is kept. */
  language?: LanguageDetector;
  /** Without it no post is attributed to a cluster. */
  attribute?: Attribute;
  events?: readonly CampaignEvent[];
  /** Event days are calendar days in this zone. */
  timezone?: Campaign["timezone"];
}

/**
 * One analysis per post at ingest, in a fixed order: the language first (the
 * sentiment lexicon depends on it), then the clusters (events link by them).
 * Pure given its parts, so `npm run analyze` and re-attribution use the same.
 */
export function createPostAnalyzer(parts: AnalyzerParts): PostAnalyzer {
  const timezone = parts.timezone ?? "Europe/Berlin";
  return (post) => {
    const lang = parts.language ? parts.language(post.text, post.lang) : post.lang;
    const clusters = parts.attribute
      ? parts.attribute({ text: post.text, hashtags: [...post.hashtags] })
      : [];
    const events = parts.events?.length
      ? eventsOfPost(
          {
            day: localDay(post.createdAt, timezone),
            hashtags: post.hashtags,
            clusters: clusters.map((c) => c.id),
          },
          parts.events,
        )
      : [];
    return { lang, sentiment: parts.sentiment(post.text, lang), clusters, events };
  };
}
