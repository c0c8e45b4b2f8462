import { sql } from "kysely";
import type { DB } from "../db.ts";
import type { Filters } from "../filters.ts";
import { rollupRows, rollupTarget } from "./rollup-scope.ts";
import { scopedPosts } from "./scope.ts";

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

/**
 * Events overlapping the window (optionally of one cluster), with the posts
 * linked to them, most first; counted from the rollups when no cluster or Land
 * is filtered.
 */
export async function getEvents(db: DB, f: Filters, cluster: string | null = null): Promise<EventRow[]> {
  const target = await rollupTarget(db, f);
  if (target?.scope !== "") return getEventsFromPosts(db, f, cluster);
  const counts = await rollupRows(db, "rollup_hours", f, target.family, { kind: "e:" })
    .select([sql<string>`substr(scope, 3)`.as("event_id"), sql<number>`sum(posts)`.as("n")])
    .groupBy("scope")
    .execute();
  return withCounts(await eventsInWindow(db, f, cluster), counts);
}

/** The same always from the raw posts: the reference the rollups are tested against. */
export async function getEventsFromPosts(
  db: DB,
  f: Filters,
  cluster: string | null = null,
): Promise<EventRow[]> {
  const counts = await scopedPosts(db, f)
    .innerJoin("post_events as pe", "pe.post_id", "posts.id")
    .select(["pe.event_id", sql<number>`count(distinct posts.id)`.as("n")])
    .groupBy("pe.event_id")
    .execute();
  return withCounts(await eventsInWindow(db, f, cluster), counts);
}

function eventsInWindow(db: DB, f: Filters, cluster: string | null) {
  let events = db
    .selectFrom("events")
    .select(["id", "title", "start", "end", "cluster_id as cluster", "state", "city"])
    .where("start", "<=", f.to)
    .where("end", ">=", f.from);
  if (cluster) events = events.where("cluster_id", "=", cluster);
  // The order of equal rows after sorting (same count, day and title) is the id's on every database.
  return events.orderBy("id").execute();
}

function withCounts(
  list: Omit<EventRow, "posts">[],
  counts: readonly { event_id: string; n: number }[],
): EventRow[] {
  const byId = new Map(counts.map((c) => [c.event_id, c.n]));
  return list
    .map((e) => ({ ...e, posts: byId.get(e.id) ?? 0 }))
    .sort(
      (a, b) => b.posts - a.posts || a.start.localeCompare(b.start) || a.title.localeCompare(b.title, "de"),
    );
}
