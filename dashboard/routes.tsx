import { Hono } from "hono";
import type { DB } from "../data/db.ts";
import { ValidationError } from "../data/errors.ts";
import type { CampaignSet } from "../data/filters.ts";
import { getSourceCoverage, parseCoverageQuery } from "../data/queries/coverage.ts";
import { listPosts, parsePostQuery } from "../data/queries/posts.ts";
import { getSummary } from "../data/queries/summary.ts";
import { type Bucket, getTimeline } from "../data/queries/timeline.ts";
import { createAssetRoutes, loadAssets } from "./assets.ts";
import { OverviewPage } from "./components/overview-page.tsx";
import { SourcesPage } from "./components/sources-page.tsx";
import { filteredPage, type PageDeps } from "./page-context.tsx";
import { buildOverviewModel } from "./view-models/overview.ts";
import { buildSourcesModel } from "./view-models/sources.ts";

export interface DashboardDeps {
  db: DB;
  campaigns: CampaignSet;
  /** The clock the sources page ends open gaps at (default: the system clock). */
  now?: () => Date;
}

/** How many posts the overview lists; the posts page pages through the rest. */
const OVERVIEW_POSTS = 10;

/**
 * The dashboard's pages and static assets. Mount at the root:
 * `app.route("/", createDashboardRoutes({ db, campaigns }))`.
 */
export function createDashboardRoutes(deps: DashboardDeps): Hono {
  const app = new Hono();
  const assets = loadAssets();
  const page: PageDeps = {
    db: deps.db,
    campaigns: deps.campaigns,
    assets: assets.urls,
    now: deps.now ?? (() => new Date()),
  };
  app.route("/", createAssetRoutes(assets));

  app.get(
    "/",
    ...filteredPage(page, async ({ query, lang, filters, form }) => {
      const bucket = parseBucket(query.bucket);
      const [summary, timeline, posts] = await Promise.all([
        getSummary(deps.db, filters),
        getTimeline(deps.db, filters, bucket),
        listPosts(deps.db, filters, parsePostQuery({ limit: String(OVERVIEW_POSTS) })),
      ]);
      const model = buildOverviewModel({
        lang,
        campaign: filters.campaign,
        summary,
        timeline,
        posts: posts.items,
      });
      return <OverviewPage model={model} form={form} assets={assets.urls} query={query} />;
    }),
  );

  app.get(
    "/sources",
    ...filteredPage(page, async ({ query, lang, filters, form }) => {
      const { gapHours } = parseCoverageQuery(query);
      const rows = await getSourceCoverage(deps.db, filters, { gapHours, now: page.now() });
      const model = buildSourcesModel({
        lang,
        campaign: filters.campaign,
        from: filters.from,
        to: filters.to,
        platform: filters.platform,
        gapHours,
        rows,
      });
      return <SourcesPage model={model} form={form} assets={assets.urls} query={query} />;
    }),
  );

  return app;
}

export function parseBucket(value: string | undefined): Bucket {
  if (value === undefined || value === "" || value === "day") return "day";
  if (value === "hour") return "hour";
  throw new ValidationError("invalid parameter 'bucket': must be hour or day", "bucket");
}
