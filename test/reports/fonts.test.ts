import { existsSync } from "node:fs";
import { isAbsolute } from "node:path";
import { describe, expect, it } from "vitest";
import { FONT_PATHS, FONTS, registerFonts, textFonts } from "../../reports/fonts.ts";
import { splitRuns } from "../../reports/text-runs.ts";

describe("report fonts", () => {
  it("resolves the Noto Sans TTFs through the package, independent of the cwd", () => {
    for (const path of Object.values(FONT_PATHS)) {
      expect(isAbsolute(path)).toBe(true);
      expect(path).toMatch(/\.ttf$/);
      expect(existsSync(path)).toBe(true);
    }
  });

  it("registers regular, bold and the emoji fallback", () => {
    const registered: [string, string][] = [];
    registerFonts({ registerFont: (name: string, src: string) => registered.push([name, src]) });
    expect(registered).toEqual([
      [FONTS.regular, FONT_PATHS.regular],
      [FONTS.bold, FONT_PATHS.bold],
      [FONTS.emoji, FONT_PATHS.emoji],
    ]);
  });
});

describe("splitRuns: text from posts in fonts that have its characters", () => {
  const fonts = [
    { name: "latin", has: (cp: number) => cp < 0x2000 || (cp >= 0x2010 && cp <= 0x201f) },
    { name: "emoji", has: (cp: number) => cp >= 0x1f300 && cp <= 0x1faff },
  ];
  it.each([
    ["plain German", "Großartig „gut“", [{ font: "latin", text: "Großartig „gut“" }]],
    [
      "an emoji in the middle",
      "Toll 🎉 heute",
      [
        { font: "latin", text: "Toll " },
        { font: "emoji", text: "🎉 " },
        { font: "latin", text: "heute" },
      ],
    ],
    ["skin tone and joiner dropped", "👍🏽", [{ font: "emoji", text: "👍" }]],
    [
      "a subdivision flag's tag characters dropped",
      "🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}",
      [{ font: "emoji", text: "🏴" }],
    ],
    ["the keycap mark dropped, the digit kept", "1\ufe0f\u20e3", [{ font: "latin", text: "1" }]],
    ["a script no font has", "你好 ok", [{ font: "latin", text: "?? ok" }]],
    [
      "control characters removed, newlines as spaces",
      "a\u0000b\nc\u0007",
      [{ font: "latin", text: "ab c" }],
    ],
    ["empty", "", []],
  ])("%s", (_name, text, expected) => {
    expect(splitRuns(text, fonts)).toEqual(expected);
  });

  it("finds real glyphs in the embedded fonts", () => {
    const runs = splitRuns("Grüße 😀", textFonts());
    expect(runs).toEqual([
      { font: FONTS.regular, text: "Grüße " },
      { font: FONTS.emoji, text: "😀" },
    ]);
  });
});
