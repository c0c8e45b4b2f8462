import { sql } from "kysely";
import type { DB } from "../db.ts";
import { type Filters, LAENDER } from "../filters.ts";
import { jsonListElements } from "../sql-dialect.ts";
import { campaignTarget, campaignTotals } from "./campaign-totals.ts";
import { rollupRows, rollupTarget } from "./rollup-scope.ts";
import { scopedPosts } from "./scope.ts";

/** The Länder of the joined cluster `c` (a JSON list), one row each: join as "j", read `j.value`. */
const landsOf = (db: DB) => jsonListElements(db, sql.ref("c.states"));

export interface StateRow {
  state: string;
  posts: number;
  /** Clusters of the Land with at least one post in the window. */
  clusters: number;
  potentialReach: number;
}

/**
 * All 16 Länder: distinct posts attributed to clusters of the Land (a post
 * counts once per Land), from the rollups when no cluster or Land is filtered.
 */
export async function getStates(db: DB, f: Filters): Promise<StateRow[]> {
  const target = await rollupTarget(db, f);
  if (target?.scope !== "") return getStatesFromPosts(db, f);
  const campaign = await campaignTarget(db, f, target);
  if (campaign) {
    // A whole campaign: one totals row per Land and per cluster.
    const lands = await campaignTotals(db, f, campaign, { kind: "s:" });
    const active = (await campaignTotals(db, f, campaign, { kind: "c:" })).filter((r) => r.posts > 0);
    const statesOf = new Map(
      (await db.selectFrom("clusters").select(["id", "states"]).execute()).map((c) => [
        c.id,
        JSON.parse(c.states) as string[],
      ]),
    );
    const clustersBy = new Map<string, number>();
    for (const r of active)
      for (const state of statesOf.get(r.scope.slice(2)) ?? [])
        clustersBy.set(state, (clustersBy.get(state) ?? 0) + 1);
    const byState = new Map(lands.map((r) => [r.scope.slice(2), r]));
    return LAENDER.map((state) => ({
      state,
      posts: byState.get(state)?.posts ?? 0,
      clusters: clustersBy.get(state) ?? 0,
      potentialReach: byState.get(state)?.potentialReach ?? 0,
    }));
  }
  const perState = await rollupRows(db, "rollup_hours", f, target.family, { kind: "s:" })
    .select([
      "scope",
      sql<number>`sum(posts)`.as("posts"),
      sql<number>`sum(potential_reach)`.as("potentialReach"),
    ])
    .groupBy("scope")
    .execute();
  const active = await rollupRows(db, "rollup_hours", f, target.family, { kind: "c:" })
    .innerJoin("clusters as c", (j) => j.on(sql`c.id`, "=", sql`substr(scope, 3)`))
    .innerJoin(landsOf(db).as("j"), (join) => join.onTrue())
    .select([sql<string>`j.value`.as("state"), sql<number>`count(distinct scope)`.as("clusters")])
    .groupBy(sql`j.value`)
    .execute();
  const byState = new Map(perState.map((r) => [r.scope.slice(2), r]));
  const clustersBy = new Map(active.map((r) => [r.state, r.clusters]));
  return LAENDER.map((state) => ({
    state,
    posts: byState.get(state)?.posts ?? 0,
    clusters: clustersBy.get(state) ?? 0,
    potentialReach: byState.get(state)?.potentialReach ?? 0,
  }));
}

/** The same always from the raw posts: the reference the rollups are tested against. */
export async function getStatesFromPosts(db: DB, f: Filters): Promise<StateRow[]> {
  const rows = await scopedPosts(db, f)
    .innerJoin("post_clusters as pc", "pc.post_id", "posts.id")
    .innerJoin("clusters as c", "c.id", "pc.cluster_id")
    .innerJoin(landsOf(db).as("j"), (join) => join.onTrue())
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
        .innerJoin(landsOf(db).as("j"), (join) => join.onTrue())
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
