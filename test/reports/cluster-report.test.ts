import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCollectorStore } from "../../collectors/ingest.ts";
import { createPostAnalyzer } from "../../data/analysis/analyze-post.ts";
import { compileMatcher } from "../../data/analysis/attribution.ts";
import { parseRegistry } from "../../data/analysis/registry.ts";
import { createSentimentScorer } from "../../data/analysis/sentiment.ts";
import { type OpenedDatabase, openDatabase } from "../../data/db.ts";
import { NotFoundError } from "../../data/errors.ts";
import { parseFilters } from "../../data/filters.ts";
import { formatInteger } from "../../data/format.ts";
import { getClusters } from "../../data/queries/clusters.ts";
import { syncRegistry } from "../../data/registry-sync.ts";
import { buildClusterModel } from "../../reports/cluster-model.ts";
import { createClusterReport } from "../../reports/cluster-report.ts";
import { CAMPAIGNS, CW2017, makePost, testRollups } from "../helpers/db.ts";
import { pdfInfo, pdfText, qpdfCheck, skipPdfTools } from "./pdf-tools.ts";

const now = () => new Date("2017-04-29T12:00:00Z");
const registry = parseRegistry({
  clusters: [
    { id: "its-owl", name: "it's OWL Clustermanagement GmbH", shortName: "it's OWL", state: "DE-NW" },
    { id: "biorn", name: "BioRN Network e.V.", shortName: "BioRN", state: "DE-BW" },
    { id: "leer", name: "Leercluster Nord", state: "DE-SH" },
  ],
});

let database: OpenedDatabase;
let dir: string;

beforeAll(async () => {
  database = await openDatabase(":memory:");
  dir = mkdtempSync(join(tmpdir(), "resonanz-cluster-"));
  syncRegistry(database, registry, [
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
  ]);
  const store = createCollectorStore({
    database,
    now,
    analyze: createPostAnalyzer({
      sentiment: createSentimentScorer(),
      attribute: compileMatcher(registry, { campaignHashtags: ["Clusterwoche"] }),
    }),
    rollups: testRollups(database),
  });
  store.ingestBatch({
    source: "s",
    target: "t",
    posts: [
      makePost({
        text: "OWL-Beitrag eins: Tag der offenen Tür bei it's OWL #Clusterwoche",
        createdAt: "2017-04-21T09:00:00.000Z",
      }),
      makePost({
        text: "OWL-Beitrag zwei: it's OWL zeigt Robotik 🤖 #Clusterwoche",
        createdAt: "2017-04-24T09:00:00.000Z",
        counts: { likes: 50, reposts: 5, replies: 1, quotes: 0 },
      }),
      makePost({
        text: "Nur BioRN: Biotech in Heidelberg #Clusterwoche",
        createdAt: "2017-04-22T09:00:00.000Z",
      }),
      makePost({ text: "Ohne Cluster, nur die #Clusterwoche" }),
    ],
  });
});

afterAll(async () => {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("buildClusterModel", () => {
  it("prints the cluster against the campaign average and its rank", async () => {
    const f = parseFilters({}, CAMPAIGNS);
    const all = await getClusters(database.db, f);
    const owl = all.find((c) => c.id === "its-owl");
    if (!owl) throw new Error("fixture");
    const m = buildClusterModel({
      lang: "de",
      campaign: CW2017,
      generatedAt: now(),
      filters: f,
      cluster: owl,
      all,
      summary: {
        posts: owl.posts,
        authors: owl.authors,
        potentialReach: owl.potentialReach,
        uniqueReach: 0,
        engagement: owl.engagement,
        engagementRate: 0,
        sentiment: { positive: 0, neutral: 0, negative: 0, mean: 0 },
        platforms: { mastodon: 2 },
        from: f.from,
        to: f.to,
        campaign: f.campaign.id,
      },
      timeline: { bucket: "day", series: [] },
      events: [],
      posts: [],
    });
    expect(m.title).toBe("Cluster-Bericht");
    expect(m.coverTitle).toBe("it's OWL Clustermanagement GmbH");
    const kpis = m.sections[0];
    expect(kpis?.blocks[0]).toEqual({ kind: "paragraph", text: "Platz 1 von 3 Clustern nach Erwähnungen." });
    const table = kpis?.blocks[1];
    if (table?.kind !== "table") throw new Error("no table");
    // Two clusters have posts: OWL 2 and BioRN 1 → average 1,5.
    expect(table.rows[0]?.map((c) => c.text).slice(0, 3)).toEqual(["Erwähnungen", "2", "1,5"]);
    expect(kpis?.blocks[2]).toMatchObject({ text: expect.stringContaining("(2)") });
  });
});

describe("a cluster's PDF report", () => {
  it("refuses an unknown cluster", async () => {
    await expect(
      createClusterReport(database.db, parseFilters({}, CAMPAIGNS), "gibt-es-nicht", { lang: "de", now }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it.skipIf(skipPdfTools)(
    "holds only that cluster's posts, with the numbers of its dashboard row",
    async () => {
      const f = parseFilters({}, CAMPAIGNS);
      const bytes = await createClusterReport(database.db, f, "its-owl", { lang: "de", now });
      const file = join(dir, "owl.pdf");
      writeFileSync(file, bytes);
      expect(qpdfCheck(file).status).toBe(0);
      const info = pdfInfo(file);
      expect(info.Title).toContain("Cluster-Bericht it's OWL Clustermanagement GmbH");
      const text = pdfText(file);
      expect(text).toContain("OWL-Beitrag eins");
      expect(text).toContain("OWL-Beitrag zwei");
      expect(text).toContain("🤖");
      expect(text).not.toContain("Nur BioRN");
      expect(text).not.toContain("Ohne Cluster");
      const owl = (await getClusters(database.db, f)).find((c) => c.id === "its-owl");
      expect(text).toMatch(new RegExp(`Erwähnungen\\s+${formatInteger(owl?.posts ?? -1, "de")}\\s+1,5`));
      expect(text).toContain("Tag der offenen Tür");
      expect(text).toContain("Platz 1 von 3 Clustern");
      expect(Number(info.Pages)).toBeLessThan(10);
    },
  );

  it.skipIf(skipPdfTools)("prints a cluster without posts in English, saying so", async () => {
    const bytes = await createClusterReport(database.db, parseFilters({}, CAMPAIGNS), "leer", {
      lang: "en",
      now,
    });
    const file = join(dir, "leer.pdf");
    writeFileSync(file, bytes);
    expect(qpdfCheck(file).status).toBe(0);
    const text = pdfText(file);
    expect(text).toContain("Cluster report");
    expect(text).toContain("No posts in this period; 3 clusters in the registry.");
    expect(text).not.toMatch(/NaN|Infinity|undefined/);
  });
});
