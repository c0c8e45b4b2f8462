import type { DB } from "../data/db.ts";
import { NotFoundError } from "../data/errors.ts";
import type { Filters, Platform } from "../data/filters.ts";
import type { Lang } from "../data/format.ts";
import { getClusters } from "../data/queries/clusters.ts";
import { getSourceCoverage } from "../data/queries/coverage.ts";
import { getEvents } from "../data/queries/events.ts";
import { getTopPosts } from "../data/queries/insights.ts";
import { getSummary } from "../data/queries/summary.ts";
import { getTimeline } from "../data/queries/timeline.ts";
import { buildClusterModel } from "./cluster-model.ts";
import { renderPdf } from "./pdf/lazy.ts";

export interface ClusterReportOptions {
  lang: Lang;
  now: () => Date;
  /** How many of the cluster's posts are printed, most engaging first (default 30). */
  posts?: number;
}

/**
 * A cluster's PDF: the same query functions as its dashboard page. The
 * cluster and Land filters are replaced by the cluster itself, so the report
 * holds that cluster's posts only. Throws NotFoundError for an unknown id.
 */
export async function createClusterReport(
  db: DB,
  filters: Filters,
  id: string,
  options: ClusterReportOptions,
): Promise<Buffer> {
  const unscoped: Filters = { ...filters, cluster: null, state: null };
  const scoped: Filters = { ...filters, cluster: id, state: null };
  const all = await getClusters(db, unscoped);
  const cluster = all.find((c) => c.id === id);
  if (!cluster) throw new NotFoundError(`no cluster '${id}' in the registry`);
  const [summary, timeline, events, posts, coverage] = await Promise.all([
    getSummary(db, scoped),
    getTimeline(db, scoped, "day"),
    getEvents(db, unscoped, id),
    getTopPosts(db, scoped, options.posts ?? 30),
    getSourceCoverage(db, filters, { gapHours: 2, now: options.now() }),
  ]);
  const platforms = filters.platform ? [] : (Object.keys(summary.platforms) as Platform[]);
  const platformTimelines =
    platforms.length > 1
      ? await Promise.all(
          platforms.map(async (platform) => ({
            platform,
            timeline: await getTimeline(db, { ...scoped, platform }, "day"),
          })),
        )
      : [];
  const model = buildClusterModel({
    lang: options.lang,
    campaign: filters.campaign,
    generatedAt: options.now(),
    filters,
    cluster,
    all,
    summary,
    timeline,
    platformTimelines,
    events,
    posts,
    coverage,
  });
  return renderPdf(model);
}
