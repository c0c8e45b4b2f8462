import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * pdfkit has no font fallback and its built-in Helvetica (WinAnsi, not
 * embedded) cannot be trusted with „…“, – or •, so every report embeds Noto
 * Sans. Resolved through the package, not the working directory, so the CLI
 * and the server work from any cwd.
 */
const require = createRequire(import.meta.url);
const NOTO_SANS_DIR = dirname(require.resolve("@expo-google-fonts/noto-sans/package.json"));

export const FONT_PATHS = {
  regular: join(NOTO_SANS_DIR, "400Regular", "NotoSans_400Regular.ttf"),
  bold: join(NOTO_SANS_DIR, "700Bold", "NotoSans_700Bold.ttf"),
} as const;

/** The names to pass to `doc.font(...)` after `registerFonts(doc)`. */
export const FONTS = { regular: "NotoSans", bold: "NotoSans-Bold" } as const;

/** The subset of PDFKit.PDFDocument this module needs (keeps the function testable). */
interface FontRegistry {
  registerFont(name: string, src: string): unknown;
}

export function registerFonts(doc: FontRegistry): void {
  doc.registerFont(FONTS.regular, FONT_PATHS.regular);
  doc.registerFont(FONTS.bold, FONT_PATHS.bold);
}
