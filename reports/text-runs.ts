import * as fontkit from "fontkit";

/** A font the renderer can switch to, and whether it has a glyph for a code point. */
export interface GlyphSource {
  name: string;
  has(codePoint: number): boolean;
}

export interface TextRun {
  /** The GlyphSource name to draw this run with. */
  font: string;
  text: string;
}

/**
 * Joiners, variation selectors, skin tones, the keycap mark and emoji tag characters (flags of
 * England, Scotland): meaningful only to colour emoji fonts; dropped, the base character stays.
 */
const INVISIBLE = /[\u200d\ufe0e\ufe0f\u20e3\u{1f3fb}-\u{1f3ff}\u{e0020}-\u{e007f}]/u;
/** C0/C1 controls (tab and newline become spaces first). */
const CONTROL = /\p{Cc}/u;

/**
 * Splits text into runs a PDF renderer without font fallback (pdfkit) can
 * draw: each character goes to the first font that has it; emoji joiners and
 * skin-tone modifiers are dropped (the embedded emoji font is monochrome);
 * control characters are removed; a character no embedded font has becomes
 * `replacement`, so a post in an unsupported script is visibly marked
 * instead of printing as empty boxes or breaking the line. Pure given the fonts.
 */
export function splitRuns(text: string, fonts: readonly GlyphSource[], replacement = "?"): TextRun[] {
  const first = fonts[0];
  if (!first) return [];
  const runs: TextRun[] = [];
  const push = (font: string, ch: string) => {
    const last = runs.at(-1);
    if (last && last.font === font) last.text += ch;
    else runs.push({ font, text: ch });
  };
  for (const raw of text.replace(/[\t\r\n]+/g, " ")) {
    if (INVISIBLE.test(raw) || CONTROL.test(raw)) continue;
    const cp = raw.codePointAt(0) ?? 0;
    // Spaces stay with the run they are in, so line breaking works across fonts.
    if (raw === " ") {
      push(runs.at(-1)?.font ?? first.name, raw);
      continue;
    }
    const font = fonts.find((f) => f.has(cp));
    if (font) push(font.name, raw);
    else push(first.name, replacement);
  }
  return runs;
}

/** A GlyphSource from a font file, read once with fontkit (pdfkit's own font engine). */
export function glyphSource(name: string, path: string): GlyphSource {
  const font = fontkit.openSync(path);
  if (!("hasGlyphForCodePoint" in font)) throw new Error(`${path} is a font collection, not a font`);
  return { name, has: (cp) => font.hasGlyphForCodePoint(cp) };
}
