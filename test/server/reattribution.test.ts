import pino from "pino";
import { describe, expect, it } from "vitest";
import { createCollectorStore } from "../../collectors/ingest.ts";
import { createPostAnalyzer } from "../../data/analysis/analyze-post.ts";
import { compileMatcher } from "../../data/analysis/attribution.ts";
import { parseRegistry, type Registry } from "../../data/analysis/registry.ts";
import { createSentimentScorer } from "../../data/analysis/sentiment.ts";
import { openDatabase } from "../../data/db.ts";
import { parseFilters } from "../../data/filters.ts";
import { getSummary, getSummaryFromPosts } from "../../data/queries/summary.ts";
import { analysisFingerprint, reattributeIfChanged } from "../../server/reattribution.ts";
import { CAMPAIGNS, makePost, testRollups } from "../helpers/db.ts";

const log = pino({ level: "silent" });
const owl = { id: "its-owl", name: "it's OWL Clustermanagement GmbH", shortName: "it's OWL", state: "DE-NW" };
const biorn = { id: "biorn", name: "BioRN Network e.V.", shortName: "BioRN", state: "DE-BW" };

describe("re-attribution when the registry changes", () => {
  it("attributes stored posts again in batches, records its progress as a run, and does it once", async () => {
    const database = await openDatabase(":memory:");
    const storeFor = (registry: Registry) =>
      createCollectorStore({
        database,
        now: () => new Date("2017-04-29T00:00:00Z"),
        rollups: testRollups(database),
        analyze: createPostAnalyzer({
          sentiment: createSentimentScorer(),
          attribute: compileMatcher(registry, { campaignHashtags: ["Clusterwoche"] }),
        }),
      });
    const before = parseRegistry({ clusters: [owl] });
    const store1 = storeFor(before);
    const posts = Array.from({ length: 1200 }, (_, i) =>
      makePost({
        text: i % 3 === 0 ? "Heute bei BioRN und it's OWL #Clusterwoche" : "Heute bei it's OWL #Clusterwoche",
      }),
    );
    store1.ingestBatch({ source: "s", target: "t", posts });
    const pairs = async () =>
      (
        await database.db
          .selectFrom("post_clusters")
          .select((e) => e.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n;
    expect(await pairs()).toBe(1200);

    // BioRN joins the registry: 400 posts name it.
    const after = parseRegistry({ clusters: [owl, biorn] });
    const store2 = storeFor(after);
    const fp = analysisFingerprint({ registry: after, events: [] });
    expect(await reattributeIfChanged(store2, fp, { log, signal: new AbortController().signal })).toBe(
      "done",
    );
    expect(await pairs()).toBe(1600);
    // The rollups followed: BioRN's numbers are the same from them as from the posts.
    const f = parseFilters({ cluster: "biorn" }, CAMPAIGNS);
    expect((await getSummary(database.db, f)).posts).toBe(400);
    expect(await getSummary(database.db, f)).toEqual(await getSummaryFromPosts(database.db, f));
    const run = await database.db
      .selectFrom("collector_runs")
      .selectAll()
      .where("source", "=", "analysis")
      .executeTakeFirstOrThrow();
    expect(run).toMatchObject({ target: "registry", status: "ok", fetched: 1200, updated: 400 });

    // Nothing changed since: nothing to do, no new run.
    expect(await reattributeIfChanged(store2, fp, { log, signal: new AbortController().signal })).toBe(
      "unchanged",
    );

    // Stopped (shutdown) before the end: recorded as aborted, and done again next time.
    const back = analysisFingerprint({ registry: before, events: [] });
    const stopped = new AbortController();
    stopped.abort();
    expect(await reattributeIfChanged(store1, back, { log, signal: stopped.signal })).toBe("aborted");
    expect(await pairs()).toBe(1600);
    expect(await reattributeIfChanged(store1, back, { log, signal: new AbortController().signal })).toBe(
      "done",
    );
    expect(await pairs()).toBe(1200);
    await database.close();
  });
});
