import { loadEldMedium } from "./eld-model.ts";

/** Detects a post's language; `declared` is what the platform said (a hint, not the truth). */
export type LanguageDetector = (text: string, declared: string | null) => string | null;

const eld = await loadEldMedium();

/** Fewer words than this (a hashtag, a name) say too little: the declared language stands. */
const MIN_WORDS = 3;

/**
 * Language per post with `eld` (n-gram based, the most accurate on short posts
 * in our comparison; Apache-2.0, data shipped in the package, nothing loaded
 * at run time). URLs, @mentions, the "#" of hashtags and emoji are removed
 * first: they are not language. A reliable detection wins over the platform's
 * declaration (Bluesky clients default `langs` to the UI language, Mastodon to
 * the account's); an unreliable one only fills in when nothing was declared.
 */
export function createLanguageDetector(): LanguageDetector {
  return (text, declared) => {
    const hint = primarySubtag(declared);
    const cleaned = text
      .replace(/https?:\/\/\S+/g, " ")
      .replace(/(^|\s)@[\w.@-]+/g, " ")
      .replace(/#/g, " ")
      .replace(/[^\p{L}\p{M}\s'’-]/gu, " ");
    const words = cleaned.split(/\s+/).filter((w) => /\p{L}{2,}/u.test(w)).length;
    if (words < MIN_WORDS) return hint;
    const result = eld.detect(cleaned);
    if (result.language && result.isReliable()) return result.language;
    return hint ?? (result.language || null);
  };
}

/** "de-DE" → "de"; junk → null. */
export function primarySubtag(lang: string | null | undefined): string | null {
  const m = /^([a-z]{2,3})(?:[-_][a-z0-9]+)*$/i.exec(lang?.trim() ?? "");
  return m?.[1] ? m[1].toLowerCase() : null;
}
