import { type Context, Hono } from "hono";
import { jsxRenderer } from "hono/jsx-renderer";
import { ValidationError } from "../data/errors.ts";
import { parseFilters } from "../data/filters.ts";
import { listRegistryClusters } from "../data/queries/clusters.ts";
import { getEvents } from "../data/queries/events.ts";
import { countPosts } from "../data/queries/post-count.ts";
import { listPosts, parsePostQuery } from "../data/queries/posts.ts";
import { getTimeline } from "../data/queries/timeline.ts";
import { EventsPage } from "./components/events-page.tsx";
import { PostsPage } from "./components/posts-page.tsx";
import { ReportsPage } from "./components/reports-page.tsx";
import { WallErrorPage } from "./components/wall-error-page.tsx";
import { WallPage } from "./components/wall-page.tsx";
import { exploreMessages } from "./i18n/explore.ts";
import { parseUiLang } from "./i18n/index.ts";
import { filteredPage, type PageDeps } from "./page-context.tsx";
import type { Query } from "./urls.ts";
import { buildEventsModel } from "./view-models/events.ts";
import { buildFilterErrorModel } from "./view-models/filter-error.ts";
import { buildPostsModel } from "./view-models/posts.ts";
import { buildReportsModel } from "./view-models/reports.ts";
import { buildWallModel, WALL_DEFAULT_LIMIT } from "./view-models/wall.ts";
import { wallHeaders } from "./wall-headers.ts";

/** A campaign archives about two reports a day per language; this covers several editions' worth. */
const ARCHIVE_LIST_LIMIT = 200;

/**
 * Veranstaltungen (/events), Beiträge (/posts), Berichte (/reports) and the
 * embeddable social wall (/embed/wall). Mount at the root next to the other
 * dashboard routes: `app.route("/", createExplorePageRoutes(page))`.
 */
export function createExplorePageRoutes(page: PageDeps): Hono {
  const app = new Hono();
  const { db } = page;

  app.get(
    "/events",
    ...filteredPage(page, async ({ query, lang, filters, form }) => {
      const [events, timeline, clusters] = await Promise.all([
        getEvents(db, filters),
        getTimeline(db, filters, "day"),
        listRegistryClusters(db),
      ]);
      const model = buildEventsModel({
        lang,
        campaign: filters.campaign,
        from: filters.from,
        to: filters.to,
        events,
        timeline,
        clusters,
        query,
      });
      return <EventsPage model={model} form={form} assets={page.assets} query={query} />;
    }),
  );

  app.get(
    "/posts",
    ...filteredPage(page, async ({ query, lang, filters, form }) => {
      // A bad q, sentiment, limit or cursor throws a ValidationError here: filteredPage shows the 400 page.
      const postQuery = parsePostQuery({
        q: query.q,
        sentiment: query.sentiment,
        limit: query.limit,
        cursor: query.cursor,
      });
      const [result, count, clusters] = await Promise.all([
        listPosts(db, filters, postQuery),
        countPosts(db, filters, postQuery),
        listRegistryClusters(db),
      ]);
      const model = buildPostsModel({
        lang,
        campaign: filters.campaign,
        from: filters.from,
        to: filters.to,
        query,
        postQuery,
        page: result,
        count,
        clusters,
      });
      return <PostsPage model={model} form={form} assets={page.assets} query={query} />;
    }),
  );

  app.get(
    "/reports",
    ...filteredPage(page, async ({ query, lang, filters, form }) => {
      // The archive is read here rather than through reports/archive.ts: the
      // dashboard may not import reports/ (DESIGN.md), and this is one select.
      const [clusters, archived] = await Promise.all([
        listRegistryClusters(db),
        db
          .selectFrom("reports")
          .select([
            "id",
            "kind",
            "lang",
            "period_from",
            "period_to",
            "created_at",
            "bytes",
            "sha256",
            "mail_status",
            "erasure_pending_at",
          ])
          .where("campaign", "=", filters.campaign.id)
          .where("status", "=", "archived")
          .orderBy("created_at", "desc")
          .orderBy("id", "desc")
          .limit(ARCHIVE_LIST_LIMIT)
          .execute(),
      ]);
      const model = buildReportsModel({
        lang,
        campaign: filters.campaign,
        from: filters.from,
        to: filters.to,
        query,
        clusters,
        archive: archived.map((r) => ({
          id: r.id,
          kind: r.kind,
          lang: r.lang,
          from: r.period_from,
          to: r.period_to,
          createdAt: r.created_at,
          bytes: r.bytes ?? 0,
          sha256: r.sha256 ?? "",
          mailStatus: r.mail_status,
          erasurePending: r.erasure_pending_at !== null,
        })),
      });
      return <ReportsPage model={model} form={form} assets={page.assets} query={query} />;
    }),
  );

  // Not a filteredPage: it must not carry the pages' frame-ancestors 'none', nor their navigation.
  app.get("/embed/wall", wallHeaders, jsxRenderer(), async (c: Context) => {
    const query: Query = c.req.query();
    const lang = parseUiLang(query.lang);
    try {
      const filters = parseFilters({ campaign: query.campaign, cluster: query.cluster }, page.campaigns);
      const { limit } = parsePostQuery({ limit: query.limit || String(WALL_DEFAULT_LIMIT) });
      const clusters = await listRegistryClusters(db);
      let cluster: { id: string; name: string } | null = null;
      if (filters.cluster) {
        cluster = clusters.find((k) => k.id === filters.cluster) ?? null;
        // A typo would leave a screen empty all week: say so instead.
        if (!cluster)
          throw new ValidationError("invalid filter 'cluster': not a cluster of the registry", "cluster");
      }
      const posts = await listPosts(db, filters, { q: null, sentiment: null, limit, cursor: null });
      const model = buildWallModel({
        lang,
        campaign: filters.campaign,
        cluster,
        posts: posts.items,
        clusters,
        limit,
        now: page.now(),
      });
      return c.render(<WallPage model={model} assets={page.assets} />);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      c.status(400);
      const model = buildFilterErrorModel({ lang, message: err.message, param: err.param, query });
      return c.render(
        <WallErrorPage model={model} heading={exploreMessages[lang].wallErrorTitle} assets={page.assets} />,
      );
    }
  });

  return app;
}
