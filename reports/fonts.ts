import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { type GlyphSource, glyphSource } from "./text-runs.ts";

/**
 * pdfkit has no font fallback and its built-in Helvetica (WinAnsi, not
 * embedded) cannot be trusted with „…“, – or •, so every report embeds Noto
 * Sans. Resolved through the package, not the working directory, so the CLI
 * and the server work from any cwd.
 */
const require = createRequire(import.meta.url);
const NOTO_SANS_DIR = dirname(require.resolve("@expo-google-fonts/noto-sans/package.json"));
const NOTO_EMOJI_DIR = dirname(require.resolve("@expo-google-fonts/noto-emoji/package.json"));

export const FONT_PATHS = {
  regular: join(NOTO_SANS_DIR, "400Regular", "NotoSans_400Regular.ttf"),
  bold: join(NOTO_SANS_DIR, "700Bold", "NotoSans_700Bold.ttf"),
  /** Monochrome Noto Emoji (OFL): pdfkit cannot draw colour glyphs. */
  emoji: join(NOTO_EMOJI_DIR, "400Regular", "NotoEmoji_400Regular.ttf"),
} as const;

/** The names to pass to `doc.font(...)` after `registerFonts(doc)`. */
export const FONTS = { regular: "NotoSans", bold: "NotoSans-Bold", emoji: "NotoEmoji" } as const;

let sources: GlyphSource[] | null = null;

/** Noto Sans, then Noto Emoji: the fallback order for text from posts (see text-runs.ts). Read once. */
export function textFonts(): readonly GlyphSource[] {
  sources ??= [glyphSource(FONTS.regular, FONT_PATHS.regular), glyphSource(FONTS.emoji, FONT_PATHS.emoji)];
  return sources;
}

/** The subset of PDFKit.PDFDocument this module needs (keeps the function testable). */
interface FontRegistry {
  registerFont(name: string, src: string): unknown;
}

export function registerFonts(doc: FontRegistry): void {
  doc.registerFont(FONTS.regular, FONT_PATHS.regular);
  doc.registerFont(FONTS.bold, FONT_PATHS.bold);
  doc.registerFont(FONTS.emoji, FONT_PATHS.emoji);
}
