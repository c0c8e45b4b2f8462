import { type Kysely, sql } from "kysely";

// Frozen: never edit a migration that has shipped; add a new numbered one instead.
//
// A cluster's page lists its newest and its most engaging posts. Both were
// found by walking every post of the window and asking whether it belongs to
// the cluster: 40–55 ms at a million posts, growing with the data. With each
// post's creation time and engagement copied onto its cluster rows, an index
// per order walks the cluster's own posts from the top and stops after a page.
// Triggers keep the copies exact for every writer (ingest, re-attribution,
// imports, tests that insert rows directly), so no writer has to know.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE post_clusters ADD COLUMN created_at TEXT NOT NULL DEFAULT ''`.execute(db);
  await sql`ALTER TABLE post_clusters ADD COLUMN engagement INTEGER NOT NULL DEFAULT 0`.execute(db);
  await sql`UPDATE post_clusters SET (created_at, engagement) = (
      SELECT p.created_at, p.likes + p.reposts + p.replies + p.quotes FROM posts p WHERE p.id = post_clusters.post_id)`.execute(
    db,
  );
  // The new index starts with cluster_id as the old one did, so it serves its lookups too.
  await sql`DROP INDEX IF EXISTS post_clusters_cluster`.execute(db);
  await sql`CREATE INDEX post_clusters_newest ON post_clusters (cluster_id, created_at DESC, post_id DESC)`.execute(
    db,
  );
  await sql`CREATE INDEX post_clusters_engaging
    ON post_clusters (cluster_id, engagement DESC, created_at DESC, post_id DESC)`.execute(db);

  await sql`CREATE TRIGGER post_clusters_copy AFTER INSERT ON post_clusters BEGIN
      UPDATE post_clusters SET (created_at, engagement) = (
        SELECT p.created_at, p.likes + p.reposts + p.replies + p.quotes FROM posts p WHERE p.id = new.post_id)
      WHERE post_id = new.post_id AND cluster_id = new.cluster_id;
    END`.execute(db);
  await sql`CREATE TRIGGER post_clusters_follow AFTER UPDATE OF created_at, likes, reposts, replies, quotes ON posts
    WHEN new.created_at IS NOT old.created_at
      OR new.likes + new.reposts + new.replies + new.quotes IS NOT old.likes + old.reposts + old.replies + old.quotes
    BEGIN
      UPDATE post_clusters SET created_at = new.created_at,
        engagement = new.likes + new.reposts + new.replies + new.quotes
      WHERE post_id = new.id;
    END`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS post_clusters_follow`.execute(db);
  await sql`DROP TRIGGER IF EXISTS post_clusters_copy`.execute(db);
  await sql`DROP INDEX IF EXISTS post_clusters_engaging`.execute(db);
  await sql`DROP INDEX IF EXISTS post_clusters_newest`.execute(db);
  await sql`CREATE INDEX post_clusters_cluster ON post_clusters (cluster_id, post_id)`.execute(db);
  await sql`ALTER TABLE post_clusters DROP COLUMN engagement`.execute(db);
  await sql`ALTER TABLE post_clusters DROP COLUMN created_at`.execute(db);
}
