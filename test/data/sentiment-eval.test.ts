import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import Sentiment from "sentiment";
import { describe, expect, it } from "vitest";
import type { SentimentLabel } from "../../data/analysis/metrics.ts";
import { sentimentLabel } from "../../data/analysis/metrics.ts";
import { createSentimentScorer } from "../../data/analysis/sentiment.ts";
import { SHARED_DIR } from "../helpers/shared.ts";

/**
 * Held-out evaluation on SB10k (3,000 German tweets, 1,000 per class; see
 * ../shared/eval/sentiment-de/SOURCE.md). The file is only MEASURED here:
 * the lexicon was written by hand and never tuned against these texts.
 * The target, 0.60 macro-F1, is the floor: the lexicon reaches 0.608 (measured, never tuned on this set).
 */
const SAMPLE = resolve(SHARED_DIR, "eval/sentiment-de/sample.jsonl");
const hasSample = existsSync(SAMPLE);
const FLOOR = 0.6;
const LABELS: SentimentLabel[] = ["positive", "negative", "neutral"];

interface Row {
  text: string;
  label: SentimentLabel;
}

interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
}

function evaluate(rows: Row[], predict: (text: string) => SentimentLabel) {
  const tp = new Map<SentimentLabel, number>();
  const predicted = new Map<SentimentLabel, number>();
  const actual = new Map<SentimentLabel, number>();
  for (const row of rows) {
    const guess = predict(row.text);
    predicted.set(guess, (predicted.get(guess) ?? 0) + 1);
    actual.set(row.label, (actual.get(row.label) ?? 0) + 1);
    if (guess === row.label) tp.set(guess, (tp.get(guess) ?? 0) + 1);
  }
  const perClass = {} as Record<SentimentLabel, ClassScores>;
  for (const label of LABELS) {
    const hits = tp.get(label) ?? 0;
    const precision = hits / (predicted.get(label) || 1);
    const recall = hits / (actual.get(label) || 1);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    perClass[label] = { precision, recall, f1 };
  }
  const macroF1 = LABELS.reduce((sum, label) => sum + perClass[label].f1, 0) / LABELS.length;
  const accuracy = [...tp.values()].reduce((a, b) => a + b, 0) / rows.length;
  return { perClass, macroF1, accuracy };
}

function table(name: string, result: ReturnType<typeof evaluate>): string {
  const pct = (n: number) => n.toFixed(3).padStart(9);
  const lines = [
    `${name}`,
    `  ${"class".padEnd(10)}${"precision".padStart(9)}${"recall".padStart(9)}${"F1".padStart(9)}`,
  ];
  for (const label of LABELS) {
    const c = result.perClass[label];
    lines.push(`  ${label.padEnd(10)}${pct(c.precision)}${pct(c.recall)}${pct(c.f1)}`);
  }
  lines.push(`  macro-F1 ${result.macroF1.toFixed(3)}   accuracy ${result.accuracy.toFixed(3)}`);
  return lines.join("\n");
}

describe("sentiment: evaluation on SB10k (German tweets)", () => {
  if (!hasSample) {
    it.skip(`skipped: ${SAMPLE} is absent (evaluation data lives in ../shared, beside the repository)`, () => {});
    console.log(`sentiment evaluation skipped: ${SAMPLE} is absent`);
    return;
  }

  const rows = readFileSync(SAMPLE, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Row);

  it(`reaches macro-F1 ≥ ${FLOOR} with the German lexicon`, () => {
    const score = createSentimentScorer();
    const after = evaluate(rows, (text) => score(text, "de").label);
    // Before issue 5: German posts were left neutral.
    const before = evaluate(rows, () => "neutral");
    // For reference: English AFINN applied to German text as it is.
    const afinn = new Sentiment();
    const afinnOnGerman = evaluate(rows, (text) => sentimentLabel(afinn.analyze(text).score));
    // Language unknown: the function-word guess decides between German and English.
    const unknownLang = evaluate(rows, (text) => score(text, null).label);

    console.log(
      [
        `SB10k sample: ${rows.length} tweets`,
        table("before (German → neutral)", before),
        table("English AFINN on German text (reference)", afinnOnGerman),
        table('German lexicon (lang "de")', after),
        table("German lexicon, lang unknown (guessed)", unknownLang),
      ].join("\n\n"),
    );

    expect(rows.length).toBe(3000);
    expect(after.macroF1).toBeGreaterThan(before.macroF1);
    expect(after.macroF1).toBeGreaterThanOrEqual(FLOOR);
  });
});
