import type { Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new numbered one instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  // The registry as last loaded: clusters are named and placed (Land) from here.
  await db.schema
    .createTable("clusters")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("short_name", "text")
    /** JSON list of ISO 3166-2 codes: a few clusters span several Länder. */
    .addColumn("states", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("post_clusters")
    .addColumn("post_id", "integer", (c) => c.notNull().references("posts.id").onDelete("cascade"))
    .addColumn("cluster_id", "text", (c) => c.notNull())
    .addColumn("matched_by", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("post_clusters_pk", ["post_id", "cluster_id"])
    .execute();
  await db.schema
    .createIndex("post_clusters_cluster")
    .on("post_clusters")
    .columns(["cluster_id", "post_id"])
    .execute();

  await db.schema
    .createTable("events")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("start", "text", (c) => c.notNull())
    .addColumn("end", "text", (c) => c.notNull())
    .addColumn("city", "text")
    .addColumn("state", "text")
    .addColumn("cluster_id", "text")
    .addColumn("hashtag", "text")
    .execute();

  await db.schema
    .createTable("post_events")
    .addColumn("post_id", "integer", (c) => c.notNull().references("posts.id").onDelete("cascade"))
    .addColumn("event_id", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("post_events_pk", ["post_id", "event_id"])
    .execute();
  await db.schema
    .createIndex("post_events_event")
    .on("post_events")
    .columns(["event_id", "post_id"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["post_events", "events", "post_clusters", "clusters"])
    await db.schema.dropTable(t).ifExists().execute();
}
