import { existsSync } from "node:fs";
import { isAbsolute } from "node:path";
import { describe, expect, it } from "vitest";
import { FONT_PATHS, FONTS, registerFonts } from "../../reports/fonts.ts";

describe("report fonts", () => {
  it("resolves the Noto Sans TTFs through the package, independent of the cwd", () => {
    for (const path of Object.values(FONT_PATHS)) {
      expect(isAbsolute(path)).toBe(true);
      expect(path).toMatch(/\.ttf$/);
      expect(existsSync(path)).toBe(true);
    }
  });

  it("registers regular and bold", () => {
    const registered: [string, string][] = [];
    registerFonts({ registerFont: (name: string, src: string) => registered.push([name, src]) });
    expect(registered).toEqual([
      [FONTS.regular, FONT_PATHS.regular],
      [FONTS.bold, FONT_PATHS.bold],
    ]);
  });
});
