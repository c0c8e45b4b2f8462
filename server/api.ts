import { Hono } from "hono";
import { sql } from "kysely";
import { ValidationError } from "../data/errors.ts";
import { parseFilters } from "../data/filters.ts";
import { getCluster, getClusters } from "../data/queries/clusters.ts";
import { comparisonCampaign, getComparison } from "../data/queries/compare.ts";
import { getSourceCoverage, parseCoverageQuery } from "../data/queries/coverage.ts";
import { getEvents } from "../data/queries/events.ts";
import { getCoHashtags, getLanguages, getTopAuthors, getTopPosts } from "../data/queries/insights.ts";
import { listPosts, parsePostQuery } from "../data/queries/posts.ts";
import { getStates } from "../data/queries/states.ts";
import { getSummary } from "../data/queries/summary.ts";
import { getTimeline } from "../data/queries/timeline.ts";
import type { AppDeps } from "./app.ts";

/** The JSON API of CONTRACT.md. Every route takes the common filters. */
export function createApiRoutes(deps: AppDeps): Hono {
  const api = new Hono();

  // JSON answers carry strangers' text: no browser may sniff them into HTML.
  api.use("/api/*", async (c, next) => {
    await next();
    c.header("X-Content-Type-Options", "nosniff");
  });

  api.get("/healthz", async (c) => {
    try {
      await sql`select 1`.execute(deps.db);
      return c.json({ status: "ok", db: "ok", version: deps.version });
    } catch {
      return c.json({ status: "degraded", db: "error", version: deps.version }, 503);
    }
  });

  api.get("/api/summary", async (c) => {
    const f = parseFilters(c.req.query(), deps.campaigns);
    return c.json(await getSummary(deps.db, f));
  });

  api.get("/api/timeline", async (c) => {
    const query = c.req.query();
    const f = parseFilters(query, deps.campaigns);
    const bucket = query.bucket ?? "day";
    if (bucket !== "hour" && bucket !== "day") {
      throw new ValidationError("invalid parameter 'bucket': must be hour or day", "bucket");
    }
    return c.json(await getTimeline(deps.db, f, bucket));
  });

  api.get("/api/clusters", async (c) =>
    c.json(await getClusters(deps.db, parseFilters(c.req.query(), deps.campaigns))),
  );

  api.get("/api/clusters/:id", async (c) => {
    const id = c.req.param("id");
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) throw new ValidationError("invalid cluster id", "id");
    return c.json(await getCluster(deps.db, parseFilters(c.req.query(), deps.campaigns), id));
  });

  api.get("/api/states", async (c) =>
    c.json(await getStates(deps.db, parseFilters(c.req.query(), deps.campaigns))),
  );

  api.get("/api/events", async (c) =>
    c.json(await getEvents(deps.db, parseFilters(c.req.query(), deps.campaigns))),
  );

  api.get("/api/compare", async (c) => {
    const query = c.req.query();
    const f = parseFilters(query, deps.campaigns);
    return c.json(
      await getComparison(deps.db, f, comparisonCampaign(deps.campaigns, f.campaign, query.with)),
    );
  });

  // Insights: top posts, authors, co-hashtags and languages for the filters.
  api.get("/api/top-posts", async (c) => {
    const query = c.req.query();
    return c.json(
      await getTopPosts(deps.db, parseFilters(query, deps.campaigns), parseLimit(query.limit, 10)),
    );
  });
  api.get("/api/authors", async (c) => {
    const query = c.req.query();
    return c.json(
      await getTopAuthors(deps.db, parseFilters(query, deps.campaigns), parseLimit(query.limit, 10)),
    );
  });
  api.get("/api/hashtags", async (c) => {
    const query = c.req.query();
    return c.json(
      await getCoHashtags(deps.db, parseFilters(query, deps.campaigns), parseLimit(query.limit, 20)),
    );
  });
  api.get("/api/languages", async (c) =>
    c.json(await getLanguages(deps.db, parseFilters(c.req.query(), deps.campaigns))),
  );

  api.get("/api/posts", async (c) => {
    const query = c.req.query();
    const f = parseFilters(query, deps.campaigns);
    return c.json(await listPosts(deps.db, f, parsePostQuery(query)));
  });

  // Coverage per source and target; the definitions are on SourceCoverage (data/queries/coverage.ts).
  api.get("/api/sources", async (c) => {
    const query = c.req.query();
    const f = parseFilters(query, deps.campaigns);
    const { gapHours } = parseCoverageQuery(query);
    return c.json(await getSourceCoverage(deps.db, f, { gapHours, now: deps.now() }));
  });

  return api;
}

/** `limit` for the ranked lists: 1–100. */
function parseLimit(value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  if (!/^\d{1,3}$/.test(value) || Number(value) < 1 || Number(value) > 100)
    throw new ValidationError("invalid parameter 'limit': must be a whole number from 1 to 100", "limit");
  return Number(value);
}
