import type { CampaignEvent } from "./analysis/events.ts";
import type { Registry } from "./analysis/registry.ts";
import type { OpenedDatabase } from "./db.ts";

/** Keeps the registry's names and Länder and the events in the database, where queries join them. */
export function syncRegistry(
  database: OpenedDatabase,
  registry: Registry,
  events: readonly CampaignEvent[],
): void {
  const s = database.sqlite;
  const now = new Date().toISOString();
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
  s.transaction(() => {
    for (const c of registry.clusters)
      upsertCluster.run(c.id, c.name, c.shortName, JSON.stringify(c.states), now);
    for (const e of events)
      upsertEvent.run(e.id, e.title, e.start, e.end, e.city, e.state, e.cluster, e.hashtag);
  })();
}
