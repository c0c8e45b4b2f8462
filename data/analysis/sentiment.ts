import { createRequire } from "node:module";
import Sentiment from "sentiment";
import { type SentimentLabel, sentimentLabel } from "./metrics.ts";
import { BOUNDARY, germanScoringStrategy, guessGermanOrEnglish, tokenizeGerman } from "./sentiment-de.ts";
import { compileLexicon, type LexiconFile, loadGermanLexicon, mergeLexicon } from "./sentiment-lexicon.ts";

export { type LexiconFile, loadLexiconFile, mergeLexicon, parseUserLexicon } from "./sentiment-lexicon.ts";

export interface SentimentResult {
  /** The `comparative` score: lexicon sum ÷ tokens, comparable across post lengths. */
  score: number;
  label: SentimentLabel;
}

export type SentimentScorer = (text: string, lang: string | null) => SentimentResult;

export interface SentimentScorerOptions {
  /**
   * The user's own entries, merged over the bundled lexicons (they win): a
   * flat `{ "wort": 2, "na super": -2, ":-/": -1 }` map or a whole lexicon
   * object in the shape of `data/lexicon/de.json`. Flat word entries also
   * apply to English posts.
   */
  extraLexicon?: Record<string, number> | LexiconFile;
}

const require = createRequire(import.meta.url);
let registered = 0;

const QUOTES = /[„“”‚‘’«»‹›]/g;
const URL = /\b(?:https?:\/\/|www\.)\S+/giu;
const MENTION = /(?:^|(?<=[\s(]))@[\p{L}\p{N}_.]+(?:@[\p{L}\p{N}_.-]+)?/gu;

const round = (n: number) => Math.round(n * 1e6) / 1e6;

/**
 * Lexicon sentiment for posts. German (`lang` "de…") is scored with the
 * hand-written German lexicon in `data/lexicon/de.json`, registered with the
 * `sentiment` package together with a strategy for negation ("nicht gut") and
 * intensifiers ("sehr gut"); English (`lang` "en…") with the package's AFINN
 * list. Posts with another or no language tag go to whichever of the two a
 * function-word count suggests (German on a tie).
 */
export function createSentimentScorer(options: SentimentScorerOptions = {}): SentimentScorer {
  const analyzer = new Sentiment();
  const extra = options.extraLexicon;

  const lexicon = compileLexicon(extra ? mergeLexicon(loadGermanLexicon(), extra) : loadGermanLexicon());
  // Registration is global inside the package, so every scorer gets its own code.
  const deCode = `resonanz-de-${++registered}`;
  const labels = { ...lexicon.labels };
  analyzer.registerLanguage(deCode, { labels, scoringStrategy: germanScoringStrategy(lexicon) });
  // registerLanguage mixes the package's emoji scores in; ours take precedence.
  Object.assign(labels, lexicon.labels);

  let enCode = "en";
  const flatExtra = extra && Object.values(extra).every((v) => typeof v === "number");
  if (flatExtra) {
    // Not `analyze(…, { extras })`: the package merges extras into the shared AFINN table for good.
    const en = require("sentiment/languages/en/index.js") as Sentiment.LanguageModule;
    enCode = `resonanz-en-${registered}`;
    const enLabels: Record<string, number> = { ...en.labels };
    for (const [key, score] of Object.entries(extra as Record<string, number>))
      enLabels[key.toLowerCase()] = score;
    analyzer.registerLanguage(enCode, { labels: enLabels, scoringStrategy: en.scoringStrategy });
  }

  const scoreGerman = (text: string): SentimentResult => {
    const tokens = tokenizeGerman(text, lexicon);
    const words = tokens.filter((t) => t !== BOUNDARY).length;
    if (words === 0) return { score: 0, label: "neutral" };
    const { score } = analyzer.analyze(tokens.join(" "), { language: deCode });
    const comparative = round(score / words);
    return { score: comparative, label: sentimentLabel(comparative) };
  };

  const scoreEnglish = (text: string): SentimentResult => {
    // Curly quotes and guillemets would otherwise stick to words.
    const cleaned = text.replace(URL, " ").replace(MENTION, " ").replace(QUOTES, " ");
    const { comparative } = analyzer.analyze(cleaned, { language: enCode });
    const score = round(comparative);
    return { score, label: sentimentLabel(score) };
  };

  return (text, lang) => {
    const code = lang?.toLowerCase() ?? "";
    if (code.startsWith("de")) return scoreGerman(text);
    if (code.startsWith("en")) return scoreEnglish(text);
    return guessGermanOrEnglish(text) === "en" ? scoreEnglish(text) : scoreGerman(text);
  };
}
