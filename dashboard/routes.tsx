import { Hono } from "hono";
import { jsxRenderer } from "hono/jsx-renderer";
import type { DB } from "../data/db.ts";
import { ValidationError } from "../data/errors.ts";
import { type CampaignSet, parseFilters } from "../data/filters.ts";
import { getSourceCoverage, parseCoverageQuery } from "../data/queries/coverage.ts";
import { listPosts, parsePostQuery } from "../data/queries/posts.ts";
import { getSummary } from "../data/queries/summary.ts";
import { type Bucket, getTimeline } from "../data/queries/timeline.ts";
import { createAssetRoutes, loadAssets } from "./assets.ts";
import { FilterErrorPage } from "./components/error-page.tsx";
import { OverviewPage } from "./components/overview-page.tsx";
import { SourcesPage } from "./components/sources-page.tsx";
import { parseUiLang } from "./i18n/index.ts";
import { pageHeaders } from "./page-headers.ts";
import type { Query } from "./urls.ts";
import { buildFilterErrorModel } from "./view-models/filter-error.ts";
import { buildFilterFormModel } from "./view-models/filter-form.ts";
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
  const now = deps.now ?? (() => new Date());
  app.route("/", createAssetRoutes(assets));

  // jsxRenderer without a layout only adds the doctype; each page brings its own <Layout>,
  // which keeps the layout's props typed without augmenting hono's global ContextRenderer.
  app.get("/", pageHeaders, jsxRenderer(), async (c) => {
    const query: Query = c.req.query();
    const lang = parseUiLang(query.lang);
    let filters: ReturnType<typeof parseFilters>;
    let bucket: Bucket;
    try {
      filters = parseFilters(apiFilterQuery(query), deps.campaigns);
      bucket = parseBucket(query.bucket);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      c.status(400);
      const model = buildFilterErrorModel({ lang, message: err.message, param: err.param, query });
      return c.render(<FilterErrorPage model={model} assets={assets.urls} query={query} />);
    }

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
    const form = buildFilterFormModel({ lang, campaigns: deps.campaigns, filters, query });
    return c.render(<OverviewPage model={model} form={form} assets={assets.urls} query={query} />);
  });

  app.get("/sources", pageHeaders, jsxRenderer(), async (c) => {
    const query: Query = c.req.query();
    const lang = parseUiLang(query.lang);
    let filters: ReturnType<typeof parseFilters>;
    let gapHours: number;
    try {
      filters = parseFilters(apiFilterQuery(query), deps.campaigns);
      gapHours = parseCoverageQuery(query).gapHours;
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      c.status(400);
      const model = buildFilterErrorModel({ lang, message: err.message, param: err.param, query });
      return c.render(<FilterErrorPage model={model} assets={assets.urls} query={query} path="/sources" />);
    }
    const rows = await getSourceCoverage(deps.db, filters, { gapHours, now: now() });
    const model = buildSourcesModel({
      lang,
      campaign: filters.campaign,
      from: filters.from,
      to: filters.to,
      platform: filters.platform,
      gapHours,
      rows,
    });
    const form = buildFilterFormModel({ lang, campaigns: deps.campaigns, filters, query });
    return c.render(<SourcesPage model={model} form={form} assets={assets.urls} query={query} />);
  });

  return app;
}

/**
 * On pages `lang` is the UI language (CONTRACT.md), so the post-language filter
 * is called `postLang` here and renamed to the API's `lang` for parseFilters.
 * `cluster` and `state` are passed on so the page refuses them like the API does
 * instead of silently showing unfiltered numbers.
 */
function apiFilterQuery(query: Query): Query {
  return {
    campaign: query.campaign,
    from: query.from,
    to: query.to,
    platform: query.platform,
    lang: query.postLang,
    cluster: query.cluster,
    state: query.state,
  };
}

function parseBucket(value: string | undefined): Bucket {
  if (value === undefined || value === "" || value === "day") return "day";
  if (value === "hour") return "hour";
  throw new ValidationError("invalid parameter 'bucket': must be hour or day", "bucket");
}
