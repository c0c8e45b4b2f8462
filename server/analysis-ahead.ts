import { Worker } from "node:worker_threads";
import type { Logger } from "pino";
import type { AnalysisAhead, NormalizedPost } from "../collectors/types.ts";
import type { PrecomputedAnalyzer } from "../data/analysis/precomputed.ts";
import type { AnalysisReply, AnalysisRequest } from "./analysis-worker.ts";
import type { Config } from "./config.ts";

/**
 * Analysis on the second core for bulk ingest (imports, the benchmark): a
 * worker thread builds the same analyzer from the same config and analyses
 * the batches it is handed, in order; each result is handed to the main
 * thread's store through `precomputed`, keyed by the post object itself.
 * Measured at 1M posts the analysis took about 300 µs of a post's ingest in the
 * store's thread, and under half that in a thread doing nothing else.
 *
 * While the thread starts, `prepare` does not wait (the store analyses those
 * batches itself); a thread that fails is logged once and left, and the store
 * analyses the rest: no batch waits on it, none is lost.
 */
export function startAnalysisAhead(
  config: Config,
  precomputed: PrecomputedAnalyzer,
  log: Logger,
): AnalysisAhead {
  const worker = new Worker(new URL("./analysis-worker.mjs", import.meta.url), { workerData: { config } });
  // A finished command must not wait for the thread.
  worker.unref();
  const pending = new Map<number, { posts: readonly NormalizedPost[]; resolve: () => void }>();
  let nextId = 0;
  let warm = false;
  let stopped = false;
  const settleAll = () => {
    for (const job of pending.values()) job.resolve();
    pending.clear();
  };
  const fail = (why: string) => {
    if (stopped) return;
    stopped = true;
    log.warn({ err: why }, "analysis thread failed; the main thread analyses the rest");
    settleAll();
  };
  worker.on("message", (reply: AnalysisReply) => {
    const job = pending.get(reply.id);
    if (!job) return;
    pending.delete(reply.id);
    if ("analyses" in reply && reply.analyses.length === job.posts.length) {
      warm = true;
      job.posts.forEach((post, i) => {
        const analysis = reply.analyses[i];
        if (analysis) precomputed.remember(post, analysis);
      });
    }
    job.resolve();
  });
  worker.on("error", (err) => fail(err.message));
  worker.on("exit", (code) => fail(`exited with code ${code}`));
  return {
    prepare(posts) {
      if (stopped || posts.length === 0) return Promise.resolve();
      const id = nextId++;
      const done = new Promise<void>((resolve) => pending.set(id, { posts, resolve }));
      const request: AnalysisRequest = {
        id,
        posts: posts.map((p) => ({
          text: p.text,
          lang: p.lang,
          hashtags: p.hashtags,
          createdAt: p.createdAt,
        })),
      };
      worker.postMessage(request);
      return warm ? done : Promise.resolve();
    },
    async close() {
      stopped = true;
      settleAll();
      await worker.terminate();
    },
  };
}
