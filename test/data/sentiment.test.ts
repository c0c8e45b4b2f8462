import { describe, expect, it } from "vitest";
import { createSentimentScorer } from "../../data/analysis/sentiment.ts";

describe("sentiment (English AFINN, English posts only for now)", () => {
  const score = createSentimentScorer();
  it.each([
    ["Great fun at the cluster week", "en", "positive"],
    ["Terrible and awful", "en-GB", "negative"],
    ["The cluster week starts today", "en", "neutral"],
    // German is not scored yet: AFINN would read the article "die" as the verb.
    ["Heute startet die #Clusterwoche", "de", "neutral"],
    ["Großartig!", null, "neutral"],
  ])("%j (%s) → %s", (text, lang, label) => {
    expect(score(text, lang).label).toBe(label);
  });

  it("gives a comparative score: the sum divided by the tokens", () => {
    expect(score("good good", "en").score).toBe(3);
    expect(score("good day to you", "en").score).toBe(0.75);
  });
});
