import Sentiment from "sentiment";
import { type SentimentLabel, sentimentLabel } from "./metrics.ts";

export interface SentimentResult {
  /** The `comparative` score: lexicon sum ÷ tokens, comparable across post lengths. */
  score: number;
  label: SentimentLabel;
}

export type SentimentScorer = (text: string, lang: string | null) => SentimentResult;

/**
 * Lexicon sentiment with the `sentiment` package's English AFINN list.
 * A German lexicon is planned (analysis issue); until then German posts mostly
 * score neutral, which the report's method section states.
 */
export function createSentimentScorer(): SentimentScorer {
  const analyzer = new Sentiment();
  return (text) => {
    // German quotation marks and guillemets would otherwise stick to words.
    const cleaned = text.replace(/[„“”‚‘’«»]/g, " ");
    const { score, comparative } = analyzer.analyze(cleaned);
    const rounded = Math.round(comparative * 1e6) / 1e6;
    return { score: rounded, label: sentimentLabel(score) };
  };
}
