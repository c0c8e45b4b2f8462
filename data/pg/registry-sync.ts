import { type Kysely, sql } from "kysely";
import type { CampaignEvent } from "../analysis/events.ts";
import type { Registry } from "../analysis/registry.ts";
import { ROLLUP_TABLES } from "../rollups/invalidate.ts";
import type { Database } from "../schema.ts";
import { withWriteLock } from "./write-lock.ts";

/**
 * data/registry-sync.ts on PostgreSQL: the registry's clusters and the events
 * into their tables, and, when a cluster moved to another Land, every rollup
 * dropped for a rebuild (the per-post deltas cannot see that move), in one
 * transaction under the write lock.
 */
export async function syncRegistryPg(
  db: Kysely<Database>,
  registry: Registry,
  events: readonly CampaignEvent[],
  at: Date = new Date(),
): Promise<void> {
  const now = at.toISOString();
  await withWriteLock(db, async (trx) => {
    const before = new Map(
      (await trx.selectFrom("clusters").select(["id", "states"]).execute()).map((c) => [c.id, c.states]),
    );
    const moved = registry.clusters.some((c) => {
      const old = before.get(c.id);
      return old !== undefined && old !== JSON.stringify(c.states);
    });
    if (moved) {
      for (const t of ROLLUP_TABLES) await sql`DELETE FROM ${sql.id(t)}`.execute(trx);
      await trx.updateTable("rollup_state").set({ built_up_to: 0, updated_at: now }).execute();
    }
    for (const c of registry.clusters)
      await trx
        .insertInto("clusters")
        .values({
          id: c.id,
          name: c.name,
          short_name: c.shortName,
          states: JSON.stringify(c.states),
          updated_at: now,
        })
        .onConflict((oc) =>
          oc.column("id").doUpdateSet((eb) => ({
            name: eb.ref("excluded.name"),
            short_name: eb.ref("excluded.short_name"),
            states: eb.ref("excluded.states"),
            updated_at: eb.ref("excluded.updated_at"),
          })),
        )
        .execute();
    for (const e of events)
      await trx
        .insertInto("events")
        .values({
          id: e.id,
          title: e.title,
          start: e.start,
          end: e.end,
          city: e.city,
          state: e.state,
          cluster_id: e.cluster,
          hashtag: e.hashtag,
        })
        .onConflict((oc) =>
          oc.column("id").doUpdateSet((eb) => ({
            title: eb.ref("excluded.title"),
            start: eb.ref("excluded.start"),
            end: eb.ref("excluded.end"),
            city: eb.ref("excluded.city"),
            state: eb.ref("excluded.state"),
            cluster_id: eb.ref("excluded.cluster_id"),
            hashtag: eb.ref("excluded.hashtag"),
          })),
        )
        .execute();
  });
}
