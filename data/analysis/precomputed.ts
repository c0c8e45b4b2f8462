import type { PostAnalysis, PostAnalyzer } from "./analyze-post.ts";

/**
 * An analyzer that first takes an analysis computed elsewhere for the very
 * same post object (another thread analysing an import's next batch while this
 * one is stored: server/analysis-ahead.ts), and computes it otherwise. The
 * analyzer is pure and both sides build it from the same config, so either
 * way the post gets the same analysis. Each remembered analysis is taken
 * once; one never taken goes with its post (a WeakMap holds nothing alive).
 */
export interface PrecomputedAnalyzer {
  analyze: PostAnalyzer;
  remember(post: object, analysis: PostAnalysis): void;
  /** How many analyses were taken from elsewhere so far (tests check the hand-off with it). */
  readonly taken: number;
}

export function withPrecomputed(analyze: PostAnalyzer): PrecomputedAnalyzer {
  const ready = new WeakMap<object, PostAnalysis>();
  let taken = 0;
  return {
    analyze(post) {
      const done = ready.get(post);
      if (done === undefined) return analyze(post);
      ready.delete(post);
      taken++;
      return done;
    },
    remember(post, analysis) {
      ready.set(post, analysis);
    },
    get taken() {
      return taken;
    },
  };
}
