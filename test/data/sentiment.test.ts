import { describe, expect, it } from "vitest";
import { createSentimentScorer, mergeLexicon } from "../../data/analysis/sentiment.ts";
import { guessGermanOrEnglish, tokenizeGerman } from "../../data/analysis/sentiment-de.ts";
import {
  compileLexicon,
  loadGermanLexicon,
  spellingVariants,
} from "../../data/analysis/sentiment-lexicon.ts";

describe("sentiment: English posts (AFINN)", () => {
  const score = createSentimentScorer();
  it.each([
    ["Great fun at the cluster week", "en", "positive"],
    ["Terrible and awful", "en-GB", "negative"],
    ["The cluster week starts today", "en", "neutral"],
    ["This is not good", "en", "negative"],
  ])("%j (%s) → %s", (text, lang, label) => {
    expect(score(text, lang).label).toBe(label);
  });

  it("gives a comparative score: the sum divided by the tokens", () => {
    expect(score("good good", "en").score).toBe(3);
    expect(score("good day to you", "en").score).toBe(0.75);
  });
});

describe("sentiment: German posts (hand-written lexicon)", () => {
  const score = createSentimentScorer();
  it.each([
    // plain words and inflections
    ["Heute startet die #Clusterwoche", "neutral"],
    ["Ein toller Tag", "positive"],
    ["Gute Gespräche, spannende Vorträge", "positive"],
    ["Wir freuen uns auf euch", "positive"],
    ["Danke an alle!", "positive"],
    ["Leider abgesagt", "negative"],
    ["Was für ein Chaos", "negative"],
    ["Das war enttäuschend.", "negative"],
    ["Schade, dass wir nicht dabei sind", "negative"],
    ["voll geil", "positive"],
    ["Total nervig", "negative"],
    // negation
    ["Das ist nicht gut", "negative"],
    ["Gar nicht schlecht", "positive"],
    ["Kein Problem", "positive"],
    ["ohne Probleme angekommen", "positive"],
    ["Das gefällt mir nicht.", "negative"],
    ["Das gefällt mir, nicht wahr?", "positive"],
    ["nicht nur gut, sondern großartig", "positive"],
    // quotes, Umlaut spellings, elongations
    ["„Großartig“ – so der Minister", "positive"],
    ["«grossartig»", "positive"],
    ["sooo schoen", "positive"],
    ["Scheisse", "negative"],
    // hashtags
    ["#toll", "positive"],
    ["#TolleStimmung beim Cluster", "positive"],
    // emoji and emoticons
    ["Clusterwoche 🎉", "positive"],
    ["Clusterwoche ❤️", "positive"],
    ["Clusterwoche 👍🏽", "positive"],
    ["Stau auf der A9 😡", "negative"],
    ["Vortrag verpasst :(", "negative"],
    ["Bis morgen :)", "positive"],
    ["Bis morgen :D", "positive"],
    ["Keynote <3", "positive"],
    // compounds
    ["Verkehrschaos vor der Messe", "negative"],
    ["Traumwetter in Jena", "positive"],
  ])("%j → %s", (text, label) => {
    expect(score(text, "de").label).toBe(label);
  });

  it("scales with intensifiers and damps negation", () => {
    // Same token count each, so the comparative scores compare directly.
    const at = (text: string) => score(text, "de").score;
    expect(at("sehr gut")).toBeGreaterThan(at("ist gut"));
    expect(at("extrem schlecht")).toBeLessThan(at("ist schlecht"));
    expect(at("etwas schlecht")).toBeGreaterThan(at("ist schlecht"));
    expect(at("ist gut")).toBeGreaterThan(at("nicht schlecht"));
    expect(at("nicht schlecht")).toBeGreaterThan(0);
    expect(at("nicht gut")).toBeLessThan(0);
    expect(at("nicht gut")).toBeGreaterThan(at("ist schlecht"));
    // "super toll" counts the intensifier once, not as a second word.
    expect(at("super toll")).toBeLessThan(at("toll toll"));
    expect(at("super toll")).toBeGreaterThan(at("ist toll"));
  });

  it("ignores @mentions and URLs", () => {
    expect(score("@gut_und_schoen https://example.org/super", "de")).toEqual({ score: 0, label: "neutral" });
    expect(score("@schlecht@social.bund.de danke!", "de").label).toBe("positive");
    expect(score("RT @toll: Stau", "de").label).toBe("negative");
  });

  it("treats posts with no words as neutral", () => {
    expect(score("", "de")).toEqual({ score: 0, label: "neutral" });
    expect(score("https://example.org", "de")).toEqual({ score: 0, label: "neutral" });
  });

  it("accepts any de-* tag", () => {
    expect(score("Großartig!", "de-AT").label).toBe("positive");
    expect(score("Großartig!", "DE").label).toBe("positive");
  });
});

describe("sentiment: posts without a usable language tag", () => {
  const score = createSentimentScorer();
  it.each([
    ["Großartig!", null, "positive"],
    ["Das ist nicht gut", null, "negative"],
    ["Die Stimmung ist gut", "und", "positive"],
    ["This is not what we wanted, it is terrible", null, "negative"],
    ["We are happy to be here", "fr", "positive"],
  ])("%j (%s) → %s", (text, lang, label) => {
    expect(score(text, lang).label).toBe(label);
  });

  it("guesses German or English from function words", () => {
    expect(guessGermanOrEnglish("Das ist die beste Woche")).toBe("de");
    expect(guessGermanOrEnglish("This is the best week of the year")).toBe("en");
    expect(guessGermanOrEnglish("Clusterwoche!")).toBe("de");
  });
});

describe("sentiment: lexicon", () => {
  it("adds ae/oe/ue/ss spellings and adjective endings", () => {
    expect(spellingVariants("schön")).toEqual(["schön", "schoen"]);
    const { labels } = compileLexicon(loadGermanLexicon());
    for (const form of [
      "gut",
      "gute",
      "guten",
      "guter",
      "gutes",
      "gutem",
      "schoenen",
      "grossartige",
      "böse",
      "bösen",
    ]) {
      expect(labels[form], form).toBeDefined();
    }
    expect(labels.boeseen).toBeUndefined();
  });

  it("keeps every score an integer between -5 and 5", () => {
    const lexicon = loadGermanLexicon();
    const words = { ...lexicon.adjectives, ...lexicon.words, ...lexicon.phrases, ...lexicon.emoticons };
    expect(Object.keys(words).length).toBeGreaterThan(500);
    for (const [key, value] of Object.entries(words)) {
      expect(Number.isInteger(value) && value >= -5 && value <= 5 && value !== 0, key).toBe(true);
    }
    // Emoji may be 0: that overrides the package's own emoji score (🤔, 😮).
    for (const [key, value] of Object.entries(lexicon.emoji ?? {})) {
      expect(Number.isInteger(value) && value >= -5 && value <= 5, key).toBe(true);
    }
  });

  it("tokenises phrases, emoji and clause boundaries", () => {
    const lexicon = compileLexicon(loadGermanLexicon());
    expect(tokenizeGerman("Vielen Dank, @anna! 🎉🎉 https://x.de", lexicon)).toEqual([
      "vielen+dank",
      "|",
      "🎉",
      "🎉",
    ]);
  });

  it("merges an extra lexicon over the bundled one", () => {
    const plain = createSentimentScorer();
    const custom = createSentimentScorer({
      extraLexicon: { clusterwoche: 2, gut: -1, "na super": -3, ":-/": -2 },
    });
    expect(plain("Clusterwoche", "de").label).toBe("neutral");
    expect(custom("Clusterwoche", "de").label).toBe("positive");
    expect(custom("gut", "de").label).toBe("negative");
    expect(custom("Na super, wieder Stau", "de").score).toBeLessThan(
      plain("Na super, wieder Stau", "de").score,
    );
    expect(custom("hm :-/", "de").label).toBe("negative");
    // flat extras reach English too, without leaking into other scorers
    expect(custom("clusterwoche rocks", "en").score).toBeGreaterThan(plain("clusterwoche rocks", "en").score);
    expect(plain("gut", "de").label).toBe("positive");
  });

  it("merges a structured lexicon", () => {
    const merged = mergeLexicon(loadGermanLexicon(), {
      negations: ["nirgends"],
      intensifiers: { saumäßig: 2 },
    });
    expect(merged.negations).toContain("nirgends");
    expect(merged.negations).toContain("nicht");
    const score = createSentimentScorer({ extraLexicon: { intensifiers: { saumäßig: 2 } } });
    expect(score("saumäßig gut", "de").score).toBeGreaterThan(score("sehr gut", "de").score);
  });
});
