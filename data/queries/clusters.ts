import { sql } from "kysely";
import type { DB } from "../db.ts";
import { NotFoundError } from "../errors.ts";
import { type Filters, LAENDER } from "../filters.ts";
import { scopedPosts } from "./scope.ts";
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
  sentimentMean: number;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** Every registry cluster with its numbers in the window, most mentioned first. */
export async function getClusters(db: DB, f: Filters): Promise<ClusterRow[]> {
  const counts = await scopedPosts(db, f)
    .innerJoin("post_clusters as pc", "pc.post_id", "posts.id")
    .select([
      "pc.cluster_id as id",
      sql<number>`count(*)`.as("posts"),
      sql<number>`count(distinct posts.author_id)`.as("authors"),
      sql<number>`sum(posts.author_followers_at_collection)`.as("potentialReach"),
      sql<number>`sum(posts.likes + posts.reposts + posts.replies + posts.quotes)`.as("engagement"),
      sql<number>`avg(posts.sentiment_score)`.as("sentimentMean"),
    ])
    .groupBy("pc.cluster_id")
    .execute();
  const byId = new Map(counts.map((c) => [c.id, c]));
  const total = counts.reduce((a, c) => a + c.posts, 0);
  const clusters = await db.selectFrom("clusters").select(["id", "name", "states"]).execute();
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
        shareOfVoice: total > 0 ? round((n?.posts ?? 0) / total) : 0,
        sentimentMean: round(n?.sentimentMean ?? 0),
      };
    })
    .sort((a, b) => b.posts - a.posts || a.name.localeCompare(b.name, "de"));
}

export interface ClusterDetail extends ClusterRow {
  timeline: Timeline["series"];
  topPosts: {
    uid: string;
    url: string | null;
    text: string;
    author: string;
    createdAt: string;
    engagement: number;
  }[];
  platforms: Record<string, number>;
  events: { id: string; title: string; start: string; end: string; posts: number }[];
}

/** One cluster's page: its row, day timeline, ten most engaging posts, platforms and events. */
export async function getCluster(db: DB, f: Filters, id: string): Promise<ClusterDetail> {
  const row = (await getClusters(db, f)).find((c) => c.id === id);
  if (!row) throw new NotFoundError(`no cluster '${id}' in the registry`);
  const scoped: Filters = { ...f, cluster: id };
  const [timeline, top, platforms, events] = await Promise.all([
    getTimeline(db, scoped, "day"),
    scopedPosts(db, scoped)
      .innerJoin("authors as a", "a.id", "posts.author_id")
      .select([
        "posts.uid",
        "posts.url",
        "posts.text",
        "a.handle as author",
        "posts.created_at as createdAt",
        sql<number>`posts.likes + posts.reposts + posts.replies + posts.quotes`.as("engagement"),
      ])
      .orderBy("engagement", "desc")
      .orderBy("posts.created_at", "desc")
      .limit(10)
      .execute(),
    scopedPosts(db, scoped)
      .select(["posts.platform", sql<number>`count(*)`.as("n")])
      .groupBy("posts.platform")
      .execute(),
    getEvents(db, f, id),
  ]);
  return {
    ...row,
    timeline: timeline.series,
    topPosts: top,
    platforms: Object.fromEntries(platforms.map((p) => [p.platform, p.n])),
    events: events.map((e) => ({ id: e.id, title: e.title, start: e.start, end: e.end, posts: e.posts })),
  };
}

export interface StateRow {
  state: string;
  posts: number;
  /** Clusters of the Land with at least one post in the window. */
  clusters: number;
  potentialReach: number;
}

/** All 16 Länder: distinct posts attributed to clusters of the Land (a post counts once per Land). */
export async function getStates(db: DB, f: Filters): Promise<StateRow[]> {
  const rows = await scopedPosts(db, f)
    .innerJoin("post_clusters as pc", "pc.post_id", "posts.id")
    .innerJoin("clusters as c", "c.id", "pc.cluster_id")
    .innerJoin(sql`json_each(c.states)`.as("j"), (join) => join.onTrue())
    .select([
      sql<string>`j.value`.as("state"),
      sql<number>`count(distinct posts.id)`.as("posts"),
      sql<number>`count(distinct pc.cluster_id)`.as("clusters"),
    ])
    .groupBy(sql`j.value`)
    .execute();
  // Reach per Land over distinct posts: a post of two clusters of one Land counts once.
  const reach = await db
    .selectFrom(
      scopedPosts(db, f)
        .innerJoin("post_clusters as pc", "pc.post_id", "posts.id")
        .innerJoin("clusters as c", "c.id", "pc.cluster_id")
        .innerJoin(sql`json_each(c.states)`.as("j"), (join) => join.onTrue())
        .select([
          sql<string>`j.value`.as("state"),
          "posts.id",
          "posts.author_followers_at_collection as followers",
        ])
        .distinct()
        .as("d"),
    )
    .select(["d.state", sql<number>`sum(d.followers)`.as("potentialReach")])
    .groupBy("d.state")
    .execute();
  const byState = new Map(rows.map((r) => [r.state, r]));
  const reachBy = new Map(reach.map((r) => [r.state, r.potentialReach]));
  return LAENDER.map((state) => ({
    state,
    posts: byState.get(state)?.posts ?? 0,
    clusters: byState.get(state)?.clusters ?? 0,
    potentialReach: reachBy.get(state) ?? 0,
  }));
}

export interface EventRow {
  id: string;
  title: string;
  start: string;
  end: string;
  cluster: string | null;
  state: string | null;
  city: string | null;
  posts: number;
}

/** Events overlapping the window (optionally of one cluster), with the posts linked to them, most first. */
export async function getEvents(db: DB, f: Filters, cluster: string | null = null): Promise<EventRow[]> {
  let events = db
    .selectFrom("events")
    .select(["id", "title", "start", "end", "cluster_id as cluster", "state", "city"])
    .where("start", "<=", f.to)
    .where("end", ">=", f.from);
  if (cluster) events = events.where("cluster_id", "=", cluster);
  const list = await events.execute();
  const counts = await scopedPosts(db, f)
    .innerJoin("post_events as pe", "pe.post_id", "posts.id")
    .select(["pe.event_id", sql<number>`count(distinct posts.id)`.as("n")])
    .groupBy("pe.event_id")
    .execute();
  const byId = new Map(counts.map((c) => [c.event_id, c.n]));
  return list
    .map((e) => ({ ...e, posts: byId.get(e.id) ?? 0 }))
    .sort(
      (a, b) => b.posts - a.posts || a.start.localeCompare(b.start) || a.title.localeCompare(b.title, "de"),
    );
}
