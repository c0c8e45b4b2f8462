import { parentPort, workerData } from "node:worker_threads";
import type { PostAnalysis } from "../data/analysis/analyze-post.ts";
import { loadAnalysis } from "./analysis.ts";
import type { Config } from "./config.ts";

/** A batch to analyse: what the analyzer reads of each post. */
export interface AnalysisRequest {
  id: number;
  posts: { text: string; lang: string | null; hashtags: readonly string[]; createdAt: string }[];
}

export type AnalysisReply = { id: number; analyses: PostAnalysis[] } | { id: number; error: string };

// Built from the same config as the main thread's analyzer, so it gives the same analyses.
const { analyze } = loadAnalysis((workerData as { config: Config }).config);

parentPort?.on("message", (m: AnalysisRequest) => {
  let reply: AnalysisReply;
  try {
    reply = { id: m.id, analyses: m.posts.map((p) => analyze(p)) };
  } catch (err) {
    // The store analyses this batch itself and meets the same error where it is handled.
    reply = { id: m.id, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort?.postMessage(reply);
});
