import type { DB } from "../data/db.ts";
import type { CampaignSet, Filters, Platform } from "../data/filters.ts";
import type { Lang } from "../data/format.ts";
import { getClusters, listRegistryClusters } from "../data/queries/clusters.ts";
import { alignedFilters, previousEdition } from "../data/queries/compare.ts";
import { getSourceCoverage } from "../data/queries/coverage.ts";
import { getEvents } from "../data/queries/events.ts";
import { getLanguages, getTopPosts } from "../data/queries/insights.ts";
import { getStates } from "../data/queries/states.ts";
import { getSummary } from "../data/queries/summary.ts";
import { getTimeline } from "../data/queries/timeline.ts";
import { renderPdf } from "./pdf/lazy.ts";
import { buildWeekModel } from "./week-model.ts";

export interface WeekReportOptions {
  lang: Lang;
  now: () => Date;
  /** "digest": the daily interim report during the campaign. Default "week". */
  kind?: "week" | "digest";
  /** The configured campaigns, to find the previous edition (no comparison without). */
  campaigns?: CampaignSet;
}

/**
 * The end-of-week PDF for the filters: the same query functions as the
 * dashboard (so every number matches the screen), a model, then the layout.
 */
export async function createWeekReport(
  db: DB,
  filters: Filters,
  options: WeekReportOptions,
): Promise<Buffer> {
  const other = options.campaigns ? previousEdition(options.campaigns, filters.campaign) : null;
  const aligned = other ? alignedFilters(filters, other) : null;
  const unscoped = { ...filters, cluster: null, state: null };
  const [summary, timeline, clusters, states, events, topPosts, languages, coverage, otherSummary, registry] =
    await Promise.all([
      getSummary(db, filters),
      getTimeline(db, filters, "day"),
      getClusters(db, unscoped),
      getStates(db, filters),
      getEvents(db, filters),
      getTopPosts(db, filters, 10),
      getLanguages(db, filters),
      getSourceCoverage(db, filters, { gapHours: 2, now: options.now() }),
      aligned ? getSummary(db, aligned) : null,
      filters.cluster ? listRegistryClusters(db) : [],
    ]);
  const platforms = filters.platform ? [] : (Object.keys(summary.platforms) as Platform[]);
  const platformTimelines =
    platforms.length > 1
      ? await Promise.all(
          platforms.map(async (platform) => ({
            platform,
            timeline: await getTimeline(db, { ...filters, platform }, "day"),
          })),
        )
      : [];
  const model = buildWeekModel({
    summary,
    timeline,
    campaign: filters.campaign,
    generatedAt: options.now(),
    lang: options.lang,
    kind: options.kind ?? "week",
    filters,
    platformTimelines,
    clusters,
    states,
    events,
    topPosts,
    languages,
    coverage,
    comparison:
      other && aligned && otherSummary
        ? { campaign: other, summary: otherSummary, from: aligned.from, to: aligned.to }
        : null,
    clusterName: registry.find((c) => c.id === filters.cluster)?.name ?? null,
  });
  return renderPdf(model);
}
