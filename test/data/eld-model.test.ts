import { describe, expect, it } from "vitest";
import { loadEldMedium } from "../../data/analysis/eld-model.ts";
import { generateWorld } from "../../demo/world/generate.ts";

describe("the language model loaded from its JSON cache", () => {
  it("detects exactly what eld's own medium module detects", async () => {
    const cached = await loadEldMedium();
    const { eld: shipped } = (await import("eld/medium")) as unknown as {
      eld: { detect(t: string): { language: string; isReliable(): boolean } };
    };
    // A different object than the shipped module: the cache path, not the fallback, is under test.
    expect(cached).not.toBe(shipped);
    const texts = [
      ...generateWorld({ posts: 400 }).posts.map((p) => p.text),
      "Das ist ein schöner Tag in Berlin mit vielen Clustern",
      "This is a lovely day in Berlin with many clusters",
      "C'est une belle journée à Paris",
      "Dzisiaj jest piękny dzień w Warszawie",
      "Это прекрасный день",
      "ok",
      "",
    ];
    for (const text of texts) {
      const a = cached.detect(text);
      const b = shipped.detect(text);
      expect([text, a.language, a.isReliable()]).toEqual([text, b.language, b.isReliable()]);
    }
  });
});
