/**
 * A collector in a child process, for the kill -9 and backup tests: ingests the
 * fault source (source.ts) from its stored cursor to the end, batch by batch,
 * through the real store (collectors/ingest.ts) on the file database argv[2],
 * as `npm run collect` would. Prints "ready" once the database is open and
 * "done" at the end. With argv[3] = "loop" it paces itself (a pause between
 * batches) and, once complete, starts over re-delivering every post with moved
 * counts (updates, no cursor change) until killed: a writer that never stops.
 */
import { createCollectorStore } from "../../collectors/ingest.ts";
import { createPostAnalyzer } from "../../data/analysis/analyze-post.ts";
import { createSentimentScorer } from "../../data/analysis/sentiment.ts";
import { openDatabase } from "../../data/db.ts";
import { testRollups } from "../helpers/db.ts";
import { BATCH, deletedAtSource, OVERLAP, SOURCE, sourcePost, TARGET, TOTAL } from "./source.ts";

const [dbPath, mode] = process.argv.slice(2);
if (!dbPath) throw new Error("usage: ingest-child.ts DB [loop]");
const database = await openDatabase(dbPath);
const store = createCollectorStore({
  database,
  now: () => new Date(),
  analyze: createPostAnalyzer({ sentiment: createSentimentScorer() }),
  rollups: testRollups(database),
});
process.stdout.write("ready\n");

let round = 0;
do {
  const start = round === 0 ? Number(store.getCursor(SOURCE, TARGET) ?? 0) : 0;
  const runId = store.startRun(SOURCE, TARGET);
  const totals = { fetched: 0, inserted: 0, updated: 0, rateLimitWaitMs: 0 };
  for (let offset = start; offset < TOTAL; offset += BATCH) {
    const from = Math.max(0, offset - OVERLAP);
    const end = Math.min(offset + BATCH, TOTAL);
    // Deletions seen in the re-delivered overlap (their own transaction, as a collector's).
    const gone = [];
    for (let i = from; i < offset; i++) if (deletedAtSource(i)) gone.push(i);
    if (gone.length > 0) store.markDeleted(gone.map((i) => sourcePost(i, true).uid));
    const posts = [];
    for (let i = from; i < end; i++) posts.push(sourcePost(i, i < offset, round));
    // The cursor moves in the first round only: later rounds refresh what is stored.
    const cursor = round === 0 ? String(end) : undefined;
    const r = store.ingestBatch({ source: SOURCE, target: TARGET, posts, ...(cursor ? { cursor } : {}) });
    totals.fetched += posts.length;
    totals.inserted += r.inserted;
    totals.updated += r.updated;
    // Yield between batches, as a collector waiting for its next page does.
    await new Promise((resolve) => (mode === "loop" ? setTimeout(resolve, 100) : setImmediate(resolve)));
  }
  store.finishRun(runId, "ok", totals);
  round++;
} while (mode === "loop");
await database.close();
process.stdout.write("done\n");
