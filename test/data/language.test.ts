import { describe, expect, it } from "vitest";
import { createLanguageDetector, primarySubtag } from "../../data/analysis/language.ts";

describe("language per post", () => {
  const detect = createLanguageDetector();
  it.each([
    // Our own sentences: the detector, not the platform, decides when it is sure.
    ["Heute startet die Clusterwoche in Berlin mit vielen spannenden Vorträgen", null, "de"],
    ["Heute startet die Clusterwoche in Berlin mit vielen spannenden Vorträgen", "en", "de"],
    ["Great talks on hydrogen and lightweight design at the cluster week today", "de", "en"],
    ["Zu viele Reden, zu wenig Inhalt zum Thema Wasserstoff. Schwach.", "de", "de"],
    // Too little text: the declaration stands (or nothing is known).
    ["#Clusterwoche 🎉", "de", "de"],
    ["#Clusterwoche 🎉", null, null],
    ["@bmwi https://example.org/x 👍", "en-GB", "en"],
  ])("%j (declared %s) → %s", (text, declared, lang) => {
    expect(detect(text, declared)).toBe(lang);
  });

  it.each([
    ["de-DE", "de"],
    ["EN", "en"],
    ["pt_BR", "pt"],
    ["", null],
    [null, null],
    ["deutsch!", null],
  ])("primarySubtag(%j) = %j", (raw, lang) => {
    expect(primarySubtag(raw)).toBe(lang);
  });
});
