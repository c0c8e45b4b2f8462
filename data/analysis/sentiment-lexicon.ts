import { readFileSync } from "node:fs";
import { z } from "zod";

/**
 * The shape of a sentiment lexicon file such as `data/lexicon/de.json`. Every
 * part is optional so a user's extra lexicon can carry only what it adds.
 * Scores are integers −5…+5; intensifiers are multipliers (1.5 = stronger,
 * 0.7 = weaker).
 */
export interface LexiconFile {
  /** Base forms; the endings -e/-en/-er/-es/-em are added when compiling. */
  adjectives?: Record<string, number>;
  /** Exact word forms. */
  words?: Record<string, number>;
  /** Multi-word expressions, words separated by single spaces ("vielen dank"). */
  phrases?: Record<string, number>;
  emoji?: Record<string, number>;
  /** ASCII emoticons such as ":)" or "<3", matched case-sensitively as whole tokens. */
  emoticons?: Record<string, number>;
  /** Words that flip the polarity of the following sentiment words. */
  negations?: string[];
  intensifiers?: Record<string, number>;
  /** Words whose score also applies to unknown compounds ending in them (Verkehrschaos → chaos). */
  compoundHeads?: string[];
  /** Scores for unknown compounds starting with these parts (Traumwetter → traum). */
  compoundPrefixes?: Record<string, number>;
}

/** A lexicon ready for scoring: one flat label table plus the helper sets. */
export interface CompiledLexicon {
  /** token → score; phrases are keyed by their words joined with "+", prefixes as "traum+". */
  labels: Record<string, number>;
  /** Phrases as word arrays, longest first. */
  phrases: string[][];
  /** [emoticon, placeholder token], longest emoticon first. */
  emoticons: [string, string][];
  negations: Set<string>;
  intensifiers: Map<string, number>;
  compoundHeads: string[];
  compoundPrefixes: string[];
}

export const PHRASE_JOINER = "+";
const ADJECTIVE_ENDINGS = ["", "e", "en", "er", "es", "em"];
const EMOTICON_TOKEN = "emoticon";

/** Reads the bundled German lexicon (`data/lexicon/de.json`). */
export function loadGermanLexicon(): LexiconFile {
  return loadLexiconFile(new URL("../lexicon/de.json", import.meta.url));
}

/** Reads a lexicon JSON file, e.g. a user's own additions named in the config. */
export function loadLexiconFile(path: string | URL): LexiconFile {
  return JSON.parse(readFileSync(path, "utf8")) as LexiconFile;
}

const score = z.number().min(-5).max(5);
const scores = z.record(z.string().min(1).max(200), score);
const wordList = z.array(z.string().min(1).max(100));
const lexiconSchema = z.union([
  scores,
  z
    .object({
      adjectives: scores,
      words: scores,
      phrases: scores,
      emoji: scores,
      emoticons: scores,
      negations: wordList,
      intensifiers: z.record(z.string().min(1).max(100), z.number().min(0).max(5)),
      compoundHeads: wordList,
      compoundPrefixes: scores,
    })
    .partial()
    .strict(),
]);

/**
 * A user's lexicon, checked: a flat `{ "wort": 2 }` map, or the shape of
 * `data/lexicon/de.json`; scores −5…+5. Throws with the JSON path of the
 * first problem.
 */
export function parseUserLexicon(json: unknown): LexiconFile | Record<string, number> {
  const parsed = lexiconSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  // Of the union's two shapes, report against the one the file seems to use.
  const structured =
    typeof json === "object" && json !== null && Object.values(json).some((v) => typeof v === "object");
  const retry = structured
    ? lexiconSchema.options[1].safeParse(json)
    : lexiconSchema.options[0].safeParse(json);
  const issue = (retry.success ? parsed.error : retry.error).issues[0];
  const where = issue?.path.length ? issue.path.join(".") : "(top level)";
  throw new Error(`${where}: ${issue?.message ?? "invalid lexicon"}`);
}

/**
 * Keys are lower-cased and stripped of emoji variation selectors and skin
 * tones, the same way post text is normalised before lookup.
 */
export function normaliseKey(key: string): string {
  return key
    .normalize("NFC")
    .toLowerCase()
    .replace(/[\uFE0E\uFE0F\u{1F3FB}-\u{1F3FF}]/gu, "")
    .trim()
    .replace(/\s+/g, " ");
}

/** "schön" → ["schön", "schoen"]; "scheiße" → ["scheiße", "scheisse"]. */
export function spellingVariants(word: string): string[] {
  const ascii = word.replace(/ä/g, "ae").replace(/ö/g, "oe").replace(/ü/g, "ue").replace(/ß/g, "ss");
  return ascii === word ? [word] : [word, ascii];
}

function isFlatLexicon(extra: LexiconFile | Record<string, number>): extra is Record<string, number> {
  return Object.values(extra).every((v) => typeof v === "number");
}

/**
 * Merges an extra lexicon into a base one; the extra entries win. The extra
 * may have the same shape as `de.json` or be a flat `{ "wort": 2 }` map, in
 * which case keys with spaces become phrases, keys without letters or emoji
 * become emoticons and everything else a word.
 */
export function mergeLexicon(base: LexiconFile, extra: LexiconFile | Record<string, number>): LexiconFile {
  const patch: LexiconFile = isFlatLexicon(extra) ? flatToLexicon(extra) : extra;
  return {
    adjectives: { ...base.adjectives, ...patch.adjectives },
    words: { ...base.words, ...patch.words },
    phrases: { ...base.phrases, ...patch.phrases },
    emoji: { ...base.emoji, ...patch.emoji },
    emoticons: { ...base.emoticons, ...patch.emoticons },
    negations: [...new Set([...(base.negations ?? []), ...(patch.negations ?? [])])],
    intensifiers: { ...base.intensifiers, ...patch.intensifiers },
    compoundHeads: [...new Set([...(base.compoundHeads ?? []), ...(patch.compoundHeads ?? [])])],
    compoundPrefixes: { ...base.compoundPrefixes, ...patch.compoundPrefixes },
  };
}

function flatToLexicon(flat: Record<string, number>): LexiconFile {
  const out: Required<Pick<LexiconFile, "words" | "phrases" | "emoticons">> = {
    words: {},
    phrases: {},
    emoticons: {},
  };
  for (const [key, score] of Object.entries(flat)) {
    const trimmed = key.trim();
    if (/\s/.test(trimmed)) out.phrases[trimmed] = score;
    else if (!/[\p{L}\p{N}\p{Extended_Pictographic}]/u.test(trimmed)) out.emoticons[trimmed] = score;
    else out.words[trimmed] = score;
  }
  return out;
}

/** Builds the flat label table and helper sets used by the scorer. */
export function compileLexicon(lexicon: LexiconFile): CompiledLexicon {
  // A plain object: the `sentiment` package calls `labels.hasOwnProperty`.
  const labels: Record<string, number> = {};
  const set = (key: string, score: number) => {
    for (const variant of spellingVariants(normaliseKey(key))) labels[variant] = score;
  };

  for (const [base, score] of Object.entries(lexicon.adjectives ?? {})) {
    const stem = normaliseKey(base);
    for (const ending of ADJECTIVE_ENDINGS) {
      // "böse" + "en" → "bösen", not "böseen".
      const form = stem.endsWith("e") && ending.startsWith("e") ? stem + ending.slice(1) : stem + ending;
      set(form, score);
    }
  }
  for (const [word, score] of Object.entries(lexicon.words ?? {})) set(word, score);
  for (const [emoji, score] of Object.entries(lexicon.emoji ?? {})) set(emoji, score);

  const phrases: string[][] = [];
  for (const [phrase, score] of Object.entries(lexicon.phrases ?? {})) {
    for (const variant of spellingVariants(normaliseKey(phrase))) {
      const parts = variant.split(" ").filter(Boolean);
      if (parts.length === 0) continue;
      if (parts.length === 1) {
        labels[variant] = score;
        continue;
      }
      phrases.push(parts);
      labels[parts.join(PHRASE_JOINER)] = score;
    }
  }
  phrases.sort((a, b) => b.length - a.length);

  const emoticons: [string, string][] = [];
  Object.entries(lexicon.emoticons ?? {}).forEach(([emoticon, score], i) => {
    const token = `${EMOTICON_TOKEN}${i}`;
    labels[token] = score;
    emoticons.push([emoticon, token]);
  });
  emoticons.sort((a, b) => b[0].length - a[0].length);

  const compoundPrefixes: string[] = [];
  for (const [prefix, score] of Object.entries(lexicon.compoundPrefixes ?? {})) {
    for (const variant of spellingVariants(normaliseKey(prefix))) {
      labels[variant + PHRASE_JOINER] = score;
      compoundPrefixes.push(variant);
    }
  }
  const compoundHeads = (lexicon.compoundHeads ?? [])
    .flatMap((head) => spellingVariants(normaliseKey(head)))
    .filter((head) => Object.hasOwn(labels, head));

  const intensifiers = new Map<string, number>();
  for (const [word, factor] of Object.entries(lexicon.intensifiers ?? {})) {
    for (const variant of spellingVariants(normaliseKey(word))) intensifiers.set(variant, factor);
  }
  const negations = new Set((lexicon.negations ?? []).flatMap((w) => spellingVariants(normaliseKey(w))));

  return {
    labels,
    phrases,
    emoticons,
    negations,
    intensifiers,
    compoundHeads: [...new Set(compoundHeads)].sort((a, b) => b.length - a.length),
    compoundPrefixes: [...new Set(compoundPrefixes)].sort((a, b) => b.length - a.length),
  };
}
