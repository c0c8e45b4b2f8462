import type Sentiment from "sentiment";
import { type CompiledLexicon, normaliseKey, PHRASE_JOINER } from "./sentiment-lexicon.ts";

/** Marks a clause boundary (. , ! ? ; : …) between tokens; negation never crosses it. */
export const BOUNDARY = "|";

/** Negation reaches at most this many tokens forward ("nicht so richtig gut"). */
const NEGATION_WINDOW = 3;
/**
 * A negated score is flipped and damped: "nicht gut" is clearly negative, while
 * "nicht schlecht" is only mildly positive (weaker than "gut").
 */
const NEGATED_POSITIVE = -0.75;
const NEGATED_NEGATIVE = -0.5;
/** Words that end a negation's scope inside a clause ("nicht billig, aber gut"). */
const SCOPE_BREAKERS = new Set(["aber", "sondern", "doch", "trotzdem", "jedoch", "und"]);
/** "nicht nur gut" is not a negation. */
const NOT_A_NEGATION_AFTER = new Set(["nur", "mehr", "zuletzt", "umsonst"]);
/** Clause-final negators that negate the verb before them ("Das gefällt mir nicht."). */
const POSTPOSED_NEGATIONS = new Set(["nicht", "nie", "niemals"]);

const URL = /\b(?:https?:\/\/|www\.)\S+/giu;
const MENTION = /(?:^|(?<=[\s(]))@[\p{L}\p{N}_.]+(?:@[\p{L}\p{N}_.-]+)?/gu;
const HASHTAG = /#([\p{L}\p{N}_]+)/gu;
const EMOJI = /(\p{Extended_Pictographic}|\p{Regional_Indicator}{2})/gu;
const EMOJI_MODIFIERS = /\u200D|[\uFE0E\uFE0F\u20E3\u{1F3FB}-\u{1F3FF}]/gu;
const CLAUSE_PUNCTUATION = /[.!?;:,…]+/g;
const OTHER_PUNCTUATION = /[„“”‚‘’«»‹›"'`´()[\]{}<>/\\*_=~^°§$%&+–—-]/g;
const EMOJI_TOKEN = /^(?:\p{Extended_Pictographic}|\p{Regional_Indicator}{2})$/u;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

interface EmoticonPattern {
  emoticon: string;
  pattern: RegExp;
  replacement: string;
}

/** The emoticon patterns of a lexicon, compiled once: building them per post was a tenth of ingest time. */
const compiledEmoticons = new WeakMap<CompiledLexicon, EmoticonPattern[]>();

function emoticonPatterns(lexicon: CompiledLexicon): EmoticonPattern[] {
  let list = compiledEmoticons.get(lexicon);
  if (!list) {
    list = [...lexicon.emoticons].map(([emoticon, token]) => ({
      emoticon,
      pattern: new RegExp(`(^|\\s)${escapeRegExp(emoticon)}(?=$|\\s|[.,!?])`, "g"),
      replacement: `$1 ${token} `,
    }));
    compiledEmoticons.set(lexicon, list);
  }
  return list;
}

/** "TolleWoche" → "Tolle Woche", "cluster_woche" → "cluster woche". */
function splitHashtag(tag: string): string {
  return tag
    .replace(/_/g, " ")
    .replace(/(\p{Ll})(\p{Lu})/gu, "$1 $2")
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, "$1 $2");
}

/**
 * Turns a post into the tokens the German scorer looks up: lower-cased words,
 * emoji and emoticon placeholders as tokens of their own, clause boundaries
 * as {@link BOUNDARY}, phrases joined with "+", and URLs, @mentions and the
 * "RT" prefix removed. Hashtags count as words (#TolleWoche → tolle woche).
 */
export function tokenizeGerman(text: string, lexicon: CompiledLexicon): string[] {
  let s = text
    .normalize("NFC")
    .replace(URL, " ")
    .replace(MENTION, " ")
    .replace(/^\s*RT\b:?/, " ");

  // Emoticons before punctuation is stripped; bounded by space or text edge.
  for (const { emoticon, pattern, replacement } of emoticonPatterns(lexicon)) {
    if (s.includes(emoticon)) s = s.replace(pattern, replacement);
  }

  s = s
    .replace(HASHTAG, (_, tag: string) => ` ${splitHashtag(tag)} `)
    .replace(EMOJI_MODIFIERS, " ")
    .replace(EMOJI, " $1 ")
    .toLowerCase()
    .replace(CLAUSE_PUNCTUATION, ` ${BOUNDARY} `)
    .replace(OTHER_PUNCTUATION, " ");

  const raw = s.split(/\s+/).filter(Boolean);
  const tokens: string[] = [];
  for (const token of raw) {
    if (token === BOUNDARY) {
      if (tokens.length > 0 && tokens[tokens.length - 1] !== BOUNDARY) tokens.push(BOUNDARY);
      continue;
    }
    tokens.push(normaliseToken(token, lexicon));
  }
  while (tokens[tokens.length - 1] === BOUNDARY) tokens.pop();
  return joinPhrases(tokens, lexicon);
}

const has = (labels: Record<string, number>, key: string) => Object.hasOwn(labels, key);

function normaliseToken(token: string, lexicon: CompiledLexicon): string {
  const { labels } = lexicon;
  if (has(labels, token) || lexicon.intensifiers.has(token) || lexicon.negations.has(token)) return token;
  if (EMOJI_TOKEN.test(token)) return normaliseKey(token);
  // Laughter and elongations: "hahaha" → "haha", "sooo" → "so", "tolllll" → "toll".
  if (/^(?:ha){2,}h?$/.test(token) || /^(?:ha){1,}a+$/.test(token)) return "haha";
  if (/^(?:hi){2,}h?$/.test(token)) return "hihi";
  if (/^(?:he){2,}h?$/.test(token)) return "hehe";
  if (/^lo+l$/.test(token)) return "lol";
  if (/(.)\1\1/u.test(token)) {
    const two = token.replace(/(.)\1{2,}/gu, "$1$1");
    if (has(labels, two) || lexicon.intensifiers.has(two)) return two;
    const one = token.replace(/(.)\1{2,}/gu, "$1");
    if (has(labels, one) || lexicon.intensifiers.has(one)) return one;
  }
  return compoundKey(token, lexicon) ?? token;
}

/** Unknown compounds: "verkehrschaos" → "chaos", "traumwetter" → "traum+". */
function compoundKey(token: string, lexicon: CompiledLexicon): string | undefined {
  if (token.length < 7 || !/^\p{L}+$/u.test(token)) return undefined;
  for (const head of lexicon.compoundHeads) {
    if (token.length - head.length >= 3 && token.endsWith(head)) return head;
  }
  for (const prefix of lexicon.compoundPrefixes) {
    if (token.length - prefix.length >= 4 && token.startsWith(prefix)) return prefix + PHRASE_JOINER;
  }
  return undefined;
}

function joinPhrases(tokens: string[], lexicon: CompiledLexicon): string[] {
  if (lexicon.phrases.length === 0) return tokens;
  const out: string[] = [];
  let i = 0;
  outer: while (i < tokens.length) {
    for (const phrase of lexicon.phrases) {
      if (phrase.every((word, k) => tokens[i + k] === word)) {
        out.push(phrase.join(PHRASE_JOINER));
        i += phrase.length;
        continue outer;
      }
    }
    out.push(tokens[i] as string);
    i++;
  }
  return out;
}

/**
 * The scoring strategy registered with the `sentiment` package for German:
 * intensifiers before a word scale it ("sehr gut"), negators up to three
 * tokens before it flip and damp it ("nicht gut", "kein Problem"), a
 * clause-final "nicht" flips the verb before it ("gefällt mir nicht"), and an
 * intensifier that is itself a sentiment word ("super toll") counts only once.
 */
export function germanScoringStrategy(
  lexicon: CompiledLexicon,
): NonNullable<Sentiment.LanguageModule["scoringStrategy"]> {
  const { labels, intensifiers, negations } = lexicon;
  const scored = (token: string | undefined) => token !== undefined && (labels[token] ?? 0) !== 0;

  return {
    apply(tokens, cursor, tokenScore) {
      const token = tokens[cursor] as string;
      if (intensifiers.has(token) && scored(tokens[cursor + 1])) return 0;

      let score = tokenScore;
      for (let j = cursor - 1; j >= 0 && j >= cursor - 2; j--) {
        const factor = intensifiers.get(tokens[j] as string);
        if (factor === undefined) break;
        score *= factor;
      }

      let negated = false;
      for (let j = cursor - 1; j >= 0 && j >= cursor - NEGATION_WINDOW; j--) {
        const previous = tokens[j] as string;
        if (previous === BOUNDARY || SCOPE_BREAKERS.has(previous)) break;
        if (negations.has(previous) && !NOT_A_NEGATION_AFTER.has(tokens[j + 1] as string)) {
          negated = true;
          break;
        }
      }
      if (!negated) {
        for (let k = cursor + 1; k < tokens.length && k <= cursor + NEGATION_WINDOW; k++) {
          const next = tokens[k] as string;
          if (next === BOUNDARY || SCOPE_BREAKERS.has(next) || scored(next)) break;
          if (POSTPOSED_NEGATIONS.has(next)) {
            const after = tokens[k + 1];
            const afterThat = tokens[k + 2];
            negated =
              after === undefined ||
              after === BOUNDARY ||
              (after === "mehr" && (afterThat === undefined || afterThat === BOUNDARY));
            break;
          }
        }
      }
      if (!negated) return score;
      return score * (score > 0 ? NEGATED_POSITIVE : NEGATED_NEGATIVE);
    },
  };
}

const GERMAN_FUNCTION_WORDS = new Set(
  "und der die das den dem des nicht ist ich ein eine einen einem mit auf für von zu wir sie es auch sich im ins noch wie aber bei heute sind war hat haben wird werden nach aus oder dass mal schon jetzt euch uns mir mich dich ihr wer warum nur sehr hier beim zum zur vom am".split(
    " ",
  ),
);
const ENGLISH_FUNCTION_WORDS = new Set(
  "the and is not of to it you this that with for are be have has at on we they my your our from just but what there their been were would could should very here about which who".split(
    " ",
  ),
);

/**
 * Cheap guess for posts without a language tag: counts German against English
 * function words (Umlauts and ß count for German). Ties go to German, the
 * campaign's main language. A real detector replaces this later.
 */
export function guessGermanOrEnglish(text: string): "de" | "en" {
  let de = /[äöüß]/i.test(text) ? 1 : 0;
  let en = 0;
  for (const word of text.toLowerCase().split(/[^\p{L}']+/u)) {
    if (GERMAN_FUNCTION_WORDS.has(word)) de++;
    else if (ENGLISH_FUNCTION_WORDS.has(word)) en++;
  }
  return en > de ? "en" : "de";
}
