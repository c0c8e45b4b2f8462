/**
 * Text primitives of cluster attribution: folding and tokenising. Names are
 * compared on tokens, never on substrings, so "OLEC" is not found in
 * "Molecule" and "Desk" not in "Desktop".
 */

const UMLAUTS: Record<string, string> = {
  ä: "ae",
  ö: "oe",
  ü: "ue",
  Ä: "Ae",
  Ö: "Oe",
  Ü: "Ue",
  ß: "ss",
  ẞ: "SS",
};

const ASCII = /^[\x20-\x7e]*$/;

/** Case kept, umlauts spelled out (ä → ae, ß → ss), other diacritics dropped (é → e). */
export function foldUmlauts(s: string): string {
  // Most words are plain ASCII, which folding leaves alone: skip the two normalisations (ingest speed).
  if (ASCII.test(s)) return s;
  return s
    .normalize("NFC")
    .replace(/[äöüÄÖÜßẞ]/g, (c) => UMLAUTS[c] ?? c)
    .normalize("NFD")
    .replace(/\p{M}/gu, "");
}

/**
 * Case-insensitive key: München, Muenchen and Munchen all become "munchen".
 * Both sides of every comparison go through this, so collapsing ae/oe/ue
 * only merges spellings, it never lets a word match a different word.
 */
export function fold(s: string): string {
  return foldUmlauts(s).toLowerCase().replace(/ae/g, "a").replace(/oe/g, "o").replace(/ue/g, "u");
}

/** A hashtag or name reduced to letters and digits: "#Silicon_Saxony" and "Silicon Saxony" → "siliconsaxony". */
export function compact(s: string): string {
  return fold(s).replace(/[^\p{L}\p{N}]/gu, "");
}

/** "SiliconSaxony" → ["Silicon", "Saxony"], "itsOWL" → ["its", "OWL"], "ECMAScript" → ["ECMA", "Script"]. */
export function splitCamelCase(word: string): string[] {
  return word
    .replace(/(\p{Ll})(\p{Lu})/gu, "$1 $2")
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, "$1 $2")
    .split(/[\s_]+/)
    .filter((w) => w.length > 0);
}

export interface Token {
  /** As written, umlauts folded, case kept: for the exact-case rule of short names. */
  exact: string;
  /** fold(): for everything else. */
  loose: string;
  /** May a name continue from the previous token into this one? No across a sentence end or a line. */
  joined: boolean;
}

/** Between two words of one name: spaces, hyphens, dots (Kunststoff.NRW), apostrophes, &, slashes, quotes, commas. */
const SENTENCE_BREAK = /[.!?:;](\s|$)|\n|\||[()[\]]/;

/**
 * Word tokens of a text. URLs are dropped (domains are matched separately);
 * hashtags are split at CamelCase and underscores so #MedicalValleyEMN reads
 * like "Medical Valley EMN"; words of plain text are not split.
 */
export function tokenize(text: string): Token[] {
  const cleaned = text.normalize("NFC").replace(/\bhttps?:\/\/\S+/giu, " \n ");
  const tokens: Token[] = [];
  let last = 0;
  let prevLength = 0;
  for (const m of cleaned.matchAll(/#?[\p{L}\p{N}_]+/gu)) {
    const gap = cleaned.slice(last, m.index);
    last = m.index + m[0].length;
    const raw = m[0];
    // "e. V.", "z. B.": a dot after a one- or two-letter word is an abbreviation, not a sentence end.
    const broken = SENTENCE_BREAK.test(gap + raw.slice(0, 1)) && !(prevLength <= 2 && /^\.\s*$/.test(gap));
    prevLength = raw.length;
    const parts = raw.startsWith("#") ? splitCamelCase(raw.slice(1)) : raw.split("_").filter(Boolean);
    parts.forEach((p, i) => {
      const e = foldUmlauts(p);
      tokens.push({ exact: e, loose: fold(p), joined: i > 0 || (tokens.length > 0 && !broken) });
    });
  }
  return tokens;
}

/** Hashtags written in the text, without "#". */
export function textHashtags(text: string): string[] {
  return [...text.matchAll(/(?<![\p{L}\p{N}_&/])#([\p{L}\p{N}_]+)/gu)].map((m) => m[1] ?? "");
}

/** @-mentions written in the text (user, user@instance, handle.bsky.social), lower-cased without "@". */
export function textMentions(text: string): string[] {
  return [...text.matchAll(/(?<![\p{L}\p{N}_@.])@([\p{L}\p{N}_.-]+(?:@[\p{L}\p{N}.-]+)?)/gu)].map((m) =>
    (m[1] ?? "").replace(/[.-]+$/, "").toLowerCase(),
  );
}

/** A mention as a comparable handle: "@a@b.social" → "a@b.social", "https://b.social/@a" → "a@b.social". */
export function normalizeHandle(mention: string): string {
  const m = mention.trim();
  const url = /^https?:\/\/([^/]+)\/@([^/?#]+)/i.exec(m);
  if (url) return `${url[2]}@${url[1]}`.toLowerCase();
  return m.replace(/^@/, "").toLowerCase();
}

/** URLs and bare lower-case domains (www.its-owl.com, biorn.org/news) in a text, as "host/path". */
export function textLinks(text: string): string[] {
  const links: string[] = [];
  for (const m of text.matchAll(/\bhttps?:\/\/[^\s<>"„“”]+/giu)) links.push(m[0]);
  const withoutUrls = text.replace(/\bhttps?:\/\/\S+/giu, " ");
  // Bare domains only in lower case: "Kunststoff.NRW" or "BIO.NRW" are names, not links.
  for (const m of withoutUrls.matchAll(
    /(?<![\p{L}\p{N}@._-])((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,})(\/[^\s<>"„“”]*)?/gu,
  )) {
    links.push(m[0]);
  }
  return links.map((l) => l.replace(/[.,;:!?)'»“”]+$/u, ""));
}
