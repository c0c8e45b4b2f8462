import type { Context, Next } from "hono";
import { Hono } from "hono";
import { NotFoundError } from "../data/errors.ts";
import type { Filters } from "../data/filters.ts";
import { getCluster, getClusters } from "../data/queries/clusters.ts";
import { getEvents } from "../data/queries/events.ts";
import { listPosts, parsePostQuery } from "../data/queries/posts.ts";
import { getStates } from "../data/queries/states.ts";
import { ClusterListPage } from "./components/cluster-list-page.tsx";
import { ClusterNotFoundPage } from "./components/cluster-not-found.tsx";
import { ClusterPage } from "./components/cluster-page.tsx";
import { LaenderPage } from "./components/laender-page.tsx";
import { filteredPage, type PageDeps } from "./page-context.tsx";
import { pageHref } from "./urls.ts";
import { buildClusterDetailModel } from "./view-models/cluster-detail.ts";
import { buildClusterListModel, parseClusterSort } from "./view-models/cluster-list.ts";
import type { FilterFormModel } from "./view-models/filter-form.ts";
import { buildLaenderModel } from "./view-models/laender.ts";

/** How many of its newest posts a cluster's page lists; the posts page has the rest. */
const CLUSTER_POSTS = 10;

/**
 * The cluster and Länder pages: /clusters, /clusters/:id, /laender. Mount at
 * the root next to the other dashboard routes:
 * `app.route("/", createClusterPageRoutes(page))`.
 */
export function createClusterPageRoutes(page: PageDeps): Hono {
  const app = new Hono();
  const { db } = page;

  app.get(
    "/clusters",
    ...filteredPage(page, async ({ query, lang, filters, form }) => {
      const rows = await getClusters(db, filters);
      const model = buildClusterListModel({
        lang,
        campaign: filters.campaign,
        from: filters.from,
        to: filters.to,
        rows,
        sort: parseClusterSort(query),
        query,
      });
      return <ClusterListPage model={model} form={form} assets={page.assets} query={query} />;
    }),
  );

  app.get(
    "/clusters/:id",
    followClusterChoice,
    ...filteredPage(page, async ({ c, query, lang, filters, form }) => {
      const id = c.req.param("id") ?? "";
      // The page is the cluster: the other figures (average, rank) are over all clusters.
      const all: Filters = { ...filters, cluster: null };
      let detail: Awaited<ReturnType<typeof getCluster>>;
      try {
        detail = await getCluster(db, all, id);
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
        c.status(404);
        return (
          <ClusterNotFoundPage lang={lang} id={id} path={c.req.path} assets={page.assets} query={query} />
        );
      }
      const [rows, events, posts] = await Promise.all([
        getClusters(db, all),
        getEvents(db, all, id),
        listPosts(db, { ...all, cluster: id }, parsePostQuery({ limit: String(CLUSTER_POSTS) })),
      ]);
      const model = buildClusterDetailModel({
        lang,
        campaign: filters.campaign,
        from: filters.from,
        to: filters.to,
        detail,
        all: rows,
        events,
        posts: posts.items,
        query,
      });
      return <ClusterPage model={model} form={withCluster(form, id)} assets={page.assets} query={query} />;
    }),
  );

  app.get(
    "/laender",
    ...filteredPage(page, async ({ query, lang, filters, form }) => {
      const rows = await getStates(db, filters);
      const model = buildLaenderModel({
        lang,
        campaign: filters.campaign,
        from: filters.from,
        to: filters.to,
        rows,
        query,
      });
      return <LaenderPage model={model} form={form} assets={page.assets} query={query} />;
    }),
  );

  return app;
}

/**
 * The filter form on a cluster's page submits to the page itself with its
 * cluster field: choosing another cluster there opens that cluster's page, and
 * "Alle Cluster" opens the list, each with the other filters kept.
 */
async function followClusterChoice(c: Context, next: Next) {
  const id = c.req.param("id") ?? "";
  const chosen = c.req.query("cluster");
  if (chosen === undefined || chosen === id) return next();
  const rest = { ...c.req.query(), cluster: undefined };
  const target = chosen === "" ? "/clusters" : `/clusters/${encodeURIComponent(chosen)}`;
  return c.redirect(pageHref(target, rest), 303);
}

/** The form with the page's cluster selected (the URL of a cluster page need not carry `cluster=`). */
function withCluster(form: FilterFormModel, id: string): FilterFormModel {
  return { ...form, clusters: form.clusters.map((o) => ({ ...o, selected: o.value === id })) };
}
