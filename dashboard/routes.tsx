import { Hono } from "hono";
import type { Campaign } from "../data/campaign.ts";
import type { DB } from "../data/db.ts";
import { ValidationError } from "../data/errors.ts";
import type { CampaignSet, Platform } from "../data/filters.ts";
import { localeOf } from "../data/format.ts";
import { getClusters } from "../data/queries/clusters.ts";
import { alignedFilters, comparisonCampaign, previousEdition } from "../data/queries/compare.ts";
import { getSourceCoverage, parseCoverageQuery } from "../data/queries/coverage.ts";
import { getCoHashtags, getTopPosts } from "../data/queries/insights.ts";
import { latestPostId, listPosts, parsePostQuery } from "../data/queries/posts.ts";
import { getStates } from "../data/queries/states.ts";
import { getSummary } from "../data/queries/summary.ts";
import { type Bucket, getTimeline } from "../data/queries/timeline.ts";
import { createAssetRoutes, loadAssets } from "./assets.ts";
import { createClusterPageRoutes } from "./cluster-routes.tsx";
import { LaenderTiles } from "./components/laender-tiles.tsx";
import { OverviewPage } from "./components/overview-page.tsx";
import { SourcesPage } from "./components/sources-page.tsx";
import { createExplorePageRoutes } from "./explore-routes.tsx";
import { MESSAGES } from "./i18n/index.ts";
import { apiFilterQuery, filteredPage, type PageDeps } from "./page-context.tsx";
import { pageHref, sharedQuery } from "./urls.ts";
import { buildLaenderModel } from "./view-models/laender.ts";
import { buildLaenderTiles } from "./view-models/laender-tiles.ts";
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
  app.route("/", createClusterPageRoutes(page));
  app.route("/", createExplorePageRoutes(page));

  app.get(
    "/",
    ...filteredPage(page, async ({ query, lang, filters, form }) => {
      const bucket = parseBucket(query.bucket);
      const other = comparisonFor(deps.campaigns, filters.campaign, query.compare);
      const aligned = other ? alignedFilters(filters, other) : null;
      // Read first: the live stream starts here, and the newest-posts list (read after) can only overlap
      // with it — live.js shows an overlapping post once — never leave a gap.
      const latest = await latestPostId(deps.db);
      const [summary, timeline, posts, clusters, topPosts, hashtags, otherSummary, states] =
        await Promise.all([
          getSummary(deps.db, filters),
          getTimeline(deps.db, filters, bucket),
          listPosts(deps.db, filters, parsePostQuery({ limit: String(OVERVIEW_POSTS) })),
          getClusters(deps.db, { ...filters, cluster: null, state: null }),
          getTopPosts(deps.db, filters, 5),
          getCoHashtags(deps.db, filters, 10),
          aligned ? getSummary(deps.db, aligned) : null,
          getStates(deps.db, filters),
        ]);
      // Stacked by platform when more than one platform has posts (and none is filtered).
      const platformNames = filters.platform ? [] : (Object.keys(summary.platforms) as Platform[]);
      const platformTimelines =
        platformNames.length > 1
          ? await Promise.all(
              platformNames.map(async (p) => ({
                platform: p,
                timeline: await getTimeline(deps.db, { ...filters, platform: p }, bucket),
              })),
            )
          : [];
      const model = buildOverviewModel({
        lang,
        campaign: filters.campaign,
        summary,
        timeline,
        posts: posts.items,
        platformTimelines,
        comparison:
          other && aligned && otherSummary
            ? { campaign: other, summary: otherSummary, from: aligned.from, to: aligned.to }
            : null,
        clusters,
        topPosts,
        hashtags,
      });
      const m = MESSAGES[lang];
      const live = {
        src: pageHref("/api/live", { ...apiFilterQuery(query), after: String(latest) }),
        locale: localeOf(lang),
        timezone: filters.campaign.timezone,
        labels: { openOriginal: m.openOriginal, newWindow: m.newWindow, postBy: m.postBy("").trim() },
      };
      const tiles = buildLaenderTiles({ lang, rows: states, linkQuery: sharedQuery(query) });
      const laender = (
        <section class="overview-laender" aria-labelledby="ov-laender-heading">
          <h2 id="ov-laender-heading">{m.laenderHeading}</h2>
          <p>
            {
              buildLaenderModel({
                lang,
                rows: states,
                query,
                campaign: filters.campaign,
                from: filters.from,
                to: filters.to,
              }).mapSummary
            }
          </p>
          <LaenderTiles model={tiles} idPrefix="overview-laender" />
        </section>
      );
      return (
        <OverviewPage
          model={model}
          form={form}
          assets={assets.urls}
          query={query}
          live={live}
          laender={laender}
        />
      );
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

/**
 * The campaign the overview compares with: `compare=ID` (`compare=none` for
 * none), else the previous edition (same hashtags, earlier start), else none.
 */
function comparisonFor(set: CampaignSet, campaign: Campaign, compare: string | undefined): Campaign | null {
  if (compare === "none") return null;
  if (compare) {
    try {
      return comparisonCampaign(set, campaign, compare);
    } catch (err) {
      // The API calls it `with`; on the page the field is `compare`.
      if (err instanceof ValidationError)
        throw new ValidationError(err.message.replace("'with'", "'compare'"), "compare");
      throw err;
    }
  }
  return previousEdition(set, campaign);
}

export function parseBucket(value: string | undefined): Bucket {
  if (value === undefined || value === "" || value === "day") return "day";
  if (value === "hour") return "hour";
  throw new ValidationError("invalid parameter 'bucket': must be hour or day", "bucket");
}
