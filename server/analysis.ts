import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { createPostAnalyzer, type PostAnalyzer } from "../data/analysis/analyze-post.ts";
import { compileMatcher } from "../data/analysis/attribution.ts";
import { type CampaignEvent, parseEvents } from "../data/analysis/events.ts";
import { createLanguageDetector } from "../data/analysis/language.ts";
import { type PrecomputedAnalyzer, withPrecomputed } from "../data/analysis/precomputed.ts";
import { loadRegistry, type Registry } from "../data/analysis/registry.ts";
import { createSentimentScorer, type LexiconFile, parseUserLexicon } from "../data/analysis/sentiment.ts";
import { type Config, ConfigError, PROJECT_ROOT } from "./config.ts";

/** The shipped registry and events, used when the config names none. */
export const DEFAULT_CLUSTERS_PATH = resolve(PROJECT_ROOT, "data/registry/clusters.json");
export const DEFAULT_EVENTS_PATH = resolve(PROJECT_ROOT, "data/registry/events.json");

export interface LoadedAnalysis {
  /** Takes an analysis made ahead in another thread when there is one (`precomputed`). */
  analyze: PostAnalyzer;
  /** Where analyses made ahead are handed in (server/analysis-ahead.ts). */
  precomputed: PrecomputedAnalyzer;
  registry: Registry;
  events: CampaignEvent[];
  /** The operator's extra sentiment lexicon, when the config names one. */
  lexicon: LexiconFile | Record<string, number> | null;
}

/**
 * The post analyzer from the config: language detection, sentiment, cluster
 * attribution from the registry, event links. A registry or events file that
 * cannot be read stops the start with the file named (exit 2), like a bad config;
 * single bad event entries are skipped (the count is returned for the log).
 */
export function loadAnalysis(config: Config): LoadedAnalysis & { skippedEvents: number } {
  const clustersPath = config.clusters ?? DEFAULT_CLUSTERS_PATH;
  const eventsPath = config.events ?? DEFAULT_EVENTS_PATH;
  let registry: Registry;
  try {
    registry = loadRegistry(clustersPath);
  } catch (err) {
    throw new ConfigError(`cluster registry ${clustersPath}: ${(err as Error).message}`);
  }
  let parsed: ReturnType<typeof parseEvents>;
  try {
    const format = eventsPath.endsWith(".ics") ? "ics" : eventsPath.endsWith(".csv") ? "csv" : "json";
    parsed = parseEvents(readFileSync(eventsPath, "utf8"), format);
  } catch (err) {
    throw new ConfigError(`events ${eventsPath}: ${(err as Error).message}`);
  }
  let lexicon: LoadedAnalysis["lexicon"] = null;
  if (config.sentimentLexicon) {
    try {
      lexicon = parseUserLexicon(JSON.parse(readFileSync(config.sentimentLexicon, "utf8")));
    } catch (err) {
      throw new ConfigError(`sentiment lexicon ${config.sentimentLexicon}: ${(err as Error).message}`);
    }
  }
  const campaignHashtags = config.campaigns.flatMap((c) => c.hashtags);
  const precomputed = withPrecomputed(
    createPostAnalyzer({
      sentiment: createSentimentScorer(lexicon ? { extraLexicon: lexicon } : {}),
      language: createLanguageDetector(),
      attribute: compileMatcher(registry, { campaignHashtags }),
      events: parsed.events,
      timezone: config.campaigns[0]?.timezone ?? "Europe/Berlin",
    }),
  );
  return {
    analyze: precomputed.analyze,
    precomputed,
    registry,
    events: parsed.events,
    lexicon,
    skippedEvents: parsed.errors.length,
  };
}
