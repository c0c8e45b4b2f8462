import Sentiment from "sentiment";
import { type SentimentLabel, sentimentLabel } from "./metrics.ts";

export interface SentimentResult {
  /** The `comparative` score: lexicon sum ÷ tokens, comparable across post lengths. */
  score: number;
  label: SentimentLabel;
}

export type SentimentScorer = (text: string, lang: string | null) => SentimentResult;

const NEUTRAL: SentimentResult = { score: 0, label: "neutral" };

/**
 * Lexicon sentiment with the `sentiment` package's English AFINN list, for
 * English posts only. Applied to German it misreads the article "die" as the
 * verb (-3) and knows no German words, so German and unknown-language posts
 * stay neutral until the German lexicon ships (analysis issue); reports say so.
 */
export function createSentimentScorer(): SentimentScorer {
  const analyzer = new Sentiment();
  return (text, lang) => {
    if (!lang?.toLowerCase().startsWith("en")) return NEUTRAL;
    // Curly quotes and guillemets would otherwise stick to words.
    const cleaned = text.replace(/[„“”‚‘’«»]/g, " ");
    const { score, comparative } = analyzer.analyze(cleaned);
    return { score: Math.round(comparative * 1e6) / 1e6, label: sentimentLabel(score) };
  };
}
