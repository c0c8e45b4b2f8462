import { describe, expect, it } from "vitest";
import { createCollectorStore } from "../../collectors/ingest.ts";
import { createPostAnalyzer } from "../../data/analysis/analyze-post.ts";
import { compileMatcher } from "../../data/analysis/attribution.ts";
import { createLanguageDetector } from "../../data/analysis/language.ts";
import { parseRegistry } from "../../data/analysis/registry.ts";
import { createSentimentScorer } from "../../data/analysis/sentiment.ts";
import { openDatabase } from "../../data/db.ts";
import { makePost, testRollups } from "../helpers/db.ts";

const registry = parseRegistry({
  clusters: [
    {
      id: "its-owl",
      name: "it's OWL Clustermanagement GmbH",
      shortName: "it's OWL",
      state: "DE-NW",
      website: "https://www.its-owl.com",
    },
    {
      id: "biorn",
      name: "BioRN Network e.V.",
      shortName: "BioRN",
      state: "DE-BW",
      website: "http://biorn.org",
    },
  ],
});

describe("ingest stores each post's analysis", () => {
  it("language, sentiment, clusters with how they matched, and events; an edit redoes them", async () => {
    const database = await openDatabase(":memory:");
    const analyze = createPostAnalyzer({
      sentiment: createSentimentScorer(),
      language: createLanguageDetector(),
      attribute: compileMatcher(registry, { campaignHashtags: ["Clusterwoche"] }),
      events: [
        {
          id: "owl-tag",
          title: "Tag der offenen Tür",
          start: "2017-04-21",
          end: "2017-04-21",
          city: "Paderborn",
          state: "DE-NW",
          cluster: "its-owl",
          hashtag: null,
        },
      ],
    });
    const store = createCollectorStore({
      database,
      now: () => new Date("2017-04-22T00:00:00Z"),
      analyze,
      rollups: testRollups(database),
    });
    const post = makePost({
      createdAt: "2017-04-21T10:00:00.000Z",
      lang: "en", // declared wrongly: the text is German
      text: "Großartiger Tag der offenen Tür bei it's OWL in Paderborn, mehr unter biorn.org #Clusterwoche",
    });
    store.ingestBatch({ source: "s", target: "t", posts: [post] });
    const db = database.db;
    expect(
      await db.selectFrom("posts").select(["lang", "sentiment_label"]).executeTakeFirstOrThrow(),
    ).toEqual({
      lang: "de",
      sentiment_label: "positive",
    });
    expect(
      await db
        .selectFrom("post_clusters")
        .select(["cluster_id", "matched_by"])
        .orderBy("cluster_id")
        .execute(),
    ).toEqual([
      { cluster_id: "biorn", matched_by: "domain" },
      { cluster_id: "its-owl", matched_by: "name" },
    ]);
    expect(await db.selectFrom("post_events").select("event_id").execute()).toEqual([
      { event_id: "owl-tag" },
    ]);

    // The author edits the post: the analysis follows the new text.
    store.ingestBatch({
      source: "s",
      target: "t",
      posts: [{ ...post, text: "Leider abgesagt. #Clusterwoche" }],
    });
    expect(await db.selectFrom("post_clusters").selectAll().execute()).toEqual([]);
    expect(await db.selectFrom("post_events").selectAll().execute()).toEqual([]);
    expect(
      (await db.selectFrom("posts").select("sentiment_label").executeTakeFirstOrThrow()).sentiment_label,
    ).toBe("negative");
    await database.close();
  });
});
