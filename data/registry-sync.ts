import type { CampaignEvent } from "./analysis/events.ts";
import type { Registry } from "./analysis/registry.ts";
import type { OpenedDatabase } from "./db.ts";
import { invalidateRollups } from "./rollups/invalidate.ts";

/** Keeps the registry's names and Länder and the events in the database, where queries join them. */
export function syncRegistry(
  database: OpenedDatabase,
  registry: Registry,
  events: readonly CampaignEvent[],
  at: Date = new Date(),
): void {
  const s = database.sqlite;
  const now = at.toISOString();
  const upsertCluster = s.prepare(
    `INSERT INTO clusters (id, name, short_name, states, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, short_name = excluded.short_name,
       states = excluded.states, updated_at = excluded.updated_at`,
  );
  const upsertEvent = s.prepare(
    `INSERT INTO events (id, title, start, "end", city, state, cluster_id, hashtag) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET title = excluded.title, start = excluded.start, "end" = excluded."end",
       city = excluded.city, state = excluded.state, cluster_id = excluded.cluster_id, hashtag = excluded.hashtag`,
  );
  // A cluster moving to another Land changes which Land its stored posts count
  // for, which the per-post rollup deltas cannot see: rebuild them.
  const before = new Map(
    s
      .prepare<[], { id: string; states: string }>("SELECT id, states FROM clusters")
      .all()
      .map((c) => [c.id, c.states]),
  );
  const moved = registry.clusters.some((c) => {
    const old = before.get(c.id);
    return old !== undefined && old !== JSON.stringify(c.states);
  });
  s.transaction(() => {
    if (moved) invalidateRollups(s, at);
    for (const c of registry.clusters)
      upsertCluster.run(c.id, c.name, c.shortName, JSON.stringify(c.states), now);
    for (const e of events)
      upsertEvent.run(e.id, e.title, e.start, e.end, e.city, e.state, e.cluster, e.hashtag);
  })();
}
