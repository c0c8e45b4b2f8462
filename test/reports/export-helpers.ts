import { Hono } from "hono";
import { createCollectorStore } from "../../collectors/ingest.ts";
import type { SyncCollectorStore } from "../../collectors/types.ts";
import { createPostAnalyzer } from "../../data/analysis/analyze-post.ts";
import { compileMatcher } from "../../data/analysis/attribution.ts";
import { parseRegistry } from "../../data/analysis/registry.ts";
import { createSentimentScorer } from "../../data/analysis/sentiment.ts";
import { type DB, type OpenedDatabase, openDatabase } from "../../data/db.ts";
import { ResonanzError, ValidationError } from "../../data/errors.ts";
import type { Filters } from "../../data/filters.ts";
import { listPosts, type PostItem, parsePostQuery } from "../../data/queries/posts.ts";
import { syncRegistry } from "../../data/registry-sync.ts";
import { createExportRoutes } from "../../reports/exports/routes.ts";
import { CAMPAIGNS, testRollups } from "../helpers/db.ts";

export const REGISTRY = parseRegistry({
  clusters: [
    { id: "its-owl", name: "it's OWL Clustermanagement GmbH", shortName: "it's OWL", state: "DE-NW" },
    { id: "biorn", name: "BioRN Network e.V.", shortName: "BioRN", state: "DE-BW" },
    // A hostile registry name must be neutralised in clusters.csv as well.
    { id: "evil", name: '=HYPERLINK("http://x")', shortName: null, state: "DE-BY" },
  ],
});

export const NOW = new Date("2017-04-29T12:00:00Z");

export interface ExportWorld {
  database: OpenedDatabase;
  store: SyncCollectorStore;
}

/** An in-memory database with real migrations, the registry above and cluster attribution at ingest. */
export async function createExportWorld(): Promise<ExportWorld> {
  const database = await openDatabase(":memory:");
  syncRegistry(database, REGISTRY, []);
  const store = createCollectorStore({
    database,
    now: () => NOW,
    analyze: createPostAnalyzer({
      sentiment: createSentimentScorer(),
      attribute: compileMatcher(REGISTRY, { campaignHashtags: ["Clusterwoche"] }),
      events: [],
    }),
    rollups: testRollups(database),
  });
  return { database, store };
}

/** The export routes on a bare Hono app, with an onError answering like the server's (JSON with `param`). */
export function exportApp(db: DB): Hono {
  const app = new Hono().route("/", createExportRoutes({ db, campaigns: CAMPAIGNS, now: () => NOW }));
  app.onError((err, c) =>
    err instanceof ResonanzError
      ? c.json(
          { error: err.message, param: err instanceof ValidationError ? err.param : undefined },
          err.status as 400,
        )
      : c.json({ error: "internal" }, 500),
  );
  return app;
}

/** Every post of /api/posts for the filters, page by page: the reference an export must equal. */
export async function allApiPosts(db: DB, f: Filters): Promise<PostItem[]> {
  const out: PostItem[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await listPosts(db, f, parsePostQuery({ limit: "200", cursor }));
    out.push(...page.items);
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
}
