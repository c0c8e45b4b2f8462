import { sql } from "kysely";
import { shareOfVoice } from "../analysis/metrics.ts";
import type { DB } from "../db.ts";
import { NotFoundError } from "../errors.ts";
import type { Filters } from "../filters.ts";
import { campaignTarget, campaignTotals } from "./campaign-totals.ts";
import { getEvents } from "./events.ts";
import { getTopPosts, type TopPost } from "./insights.ts";
import { rollupRows, rollupTarget } from "./rollup-scope.ts";
import { scopedPosts } from "./scope.ts";
import { getSummary, meanOfMicros, sentimentMicros } from "./summary.ts";
import { getTimeline, type Timeline } from "./timeline.ts";

export interface ClusterRow {
  id: string;
  name: string;
  /** The cluster's (first) Land; `states` lists all of them. */
  state: string | null;
  states: string[];
  posts: number;
  authors: number;
  potentialReach: number;
  engagement: number;
  /** Posts attributed to the cluster ÷ Σ cluster-attributed posts (a post of two clusters counts for both). */
  shareOfVoice: number;
  /** The same by authors: the cluster's distinct authors ÷ Σ over clusters of theirs. */
  shareOfVoiceAuthors: number;
  /** The same by engagement. */
  shareOfVoiceEngagement: number;
  sentimentMean: number;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

interface ClusterCounts {
  id: string;
  posts: number;
  authors: number;
  potentialReach: number;
  engagement: number;
  sentimentMean: number;
}

/**
 * Every registry cluster with its numbers in the window, most mentioned first;
 * from the rollups when no cluster or Land is filtered.
 */
export async function getClusters(db: DB, f: Filters): Promise<ClusterRow[]> {
  const target = await rollupTarget(db, f);
  if (target?.scope !== "") return getClustersFromPosts(db, f);
  const campaign = await campaignTarget(db, f, target);
  if (campaign) {
    // A whole campaign: one totals row per cluster.
    const rows = await campaignTotals(db, f, campaign, { kind: "c:" });
    return withRegistry(
      db,
      rows.map((r) => ({
        id: r.scope.slice(2),
        posts: r.posts,
        authors: r.authors,
        potentialReach: r.potentialReach,
        engagement: r.engagement,
        sentimentMean: meanOfMicros(r.sentimentMicros, r.posts),
      })),
    );
  }
  const hours = await rollupRows(db, "rollup_hours", f, target.family, { kind: "c:" })
    .select([
      "scope",
      sql<number>`sum(posts)`.as("posts"),
      sql<number>`sum(potential_reach)`.as("potentialReach"),
      sql<number>`sum(engagement)`.as("engagement"),
      sentimentMicros(sql.ref("sentiment_sum")).as("sentimentMicros"),
    ])
    .groupBy("scope")
    .execute();
  const authorsBy = new Map(
    (
      await rollupRows(db, "rollup_authors", f, target.family, { kind: "c:" })
        .select(["scope", sql<number>`count(distinct author_id)`.as("authors")])
        .groupBy("scope")
        .execute()
    ).map((a) => [a.scope, a.authors]),
  );
  return withRegistry(
    db,
    hours.map((h) => ({
      id: h.scope.slice(2),
      posts: h.posts,
      authors: authorsBy.get(h.scope) ?? 0,
      potentialReach: h.potentialReach,
      engagement: h.engagement,
      sentimentMean: meanOfMicros(h.sentimentMicros, h.posts),
    })),
  );
}

/** The same always from the raw posts: the reference the rollups are tested against. */
export async function getClustersFromPosts(db: DB, f: Filters): Promise<ClusterRow[]> {
  const rows = await scopedPosts(db, f)
    .innerJoin("post_clusters as pc", "pc.post_id", "posts.id")
    .select([
      "pc.cluster_id as id",
      sql<number>`count(*)`.as("posts"),
      sql<number>`count(distinct posts.author_id)`.as("authors"),
      sql<number>`sum(posts.author_followers_at_collection)`.as("potentialReach"),
      sql<number>`sum(posts.likes + posts.reposts + posts.replies + posts.quotes)`.as("engagement"),
      sentimentMicros(sql.ref("posts.sentiment_score")).as("sentimentMicros"),
    ])
    .groupBy("pc.cluster_id")
    .execute();
  return withRegistry(
    db,
    rows.map(({ sentimentMicros: micros, ...r }) => ({ ...r, sentimentMean: meanOfMicros(micros, r.posts) })),
  );
}

async function withRegistry(db: DB, counts: readonly ClusterCounts[]): Promise<ClusterRow[]> {
  const byId = new Map(counts.map((c) => [c.id, c]));
  const total = (k: "posts" | "authors" | "engagement") => counts.reduce((a, c) => a + c[k], 0);
  const totals = { posts: total("posts"), authors: total("authors"), engagement: total("engagement") };
  const clusters = await db.selectFrom("clusters").select(["id", "name", "states"]).orderBy("id").execute();
  return clusters
    .map((c) => {
      const n = byId.get(c.id);
      const states = JSON.parse(c.states) as string[];
      return {
        id: c.id,
        name: c.name,
        state: states[0] ?? null,
        states,
        posts: n?.posts ?? 0,
        authors: n?.authors ?? 0,
        potentialReach: n?.potentialReach ?? 0,
        engagement: n?.engagement ?? 0,
        shareOfVoice: round(shareOfVoice(n?.posts ?? 0, totals.posts)),
        shareOfVoiceAuthors: round(shareOfVoice(n?.authors ?? 0, totals.authors)),
        shareOfVoiceEngagement: round(shareOfVoice(n?.engagement ?? 0, totals.engagement)),
        sentimentMean: round(n?.sentimentMean ?? 0),
      };
    })
    .sort((a, b) => b.posts - a.posts || a.name.localeCompare(b.name, "de"));
}

export interface ClusterDetail extends ClusterRow {
  timeline: Timeline["series"];
  topPosts: TopPost[];
  platforms: Record<string, number>;
  events: { id: string; title: string; start: string; end: string; posts: number }[];
}

/** One cluster's page: its row, day timeline, ten most engaging posts, platforms and events. */
export async function getCluster(db: DB, f: Filters, id: string): Promise<ClusterDetail> {
  const row = (await getClusters(db, f)).find((c) => c.id === id);
  if (!row) throw new NotFoundError(`no cluster '${id}' in the registry`);
  const scoped: Filters = { ...f, cluster: id };
  const [timeline, top, summary, events] = await Promise.all([
    getTimeline(db, scoped, "day"),
    getTopPosts(db, scoped),
    getSummary(db, scoped),
    getEvents(db, f, id),
  ]);
  return {
    ...row,
    timeline: timeline.series,
    topPosts: top,
    platforms: summary.platforms,
    events: events.map((e) => ({ id: e.id, title: e.title, start: e.start, end: e.end, posts: e.posts })),
  };
}

/** The registry's clusters (id, name, Länder), by name: for filters and links. */
export async function listRegistryClusters(
  db: DB,
): Promise<{ id: string; name: string; states: string[] }[]> {
  const rows = await db.selectFrom("clusters").select(["id", "name", "states"]).orderBy("id").execute();
  return rows
    .map((r) => ({ id: r.id, name: r.name, states: JSON.parse(r.states) as string[] }))
    .sort((a, b) => a.name.localeCompare(b.name, "de"));
}
