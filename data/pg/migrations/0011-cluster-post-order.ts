import { type Kysely, sql } from "kysely";

// Frozen: never edit a migration that has shipped; add a new numbered one instead.
//
// PostgreSQL twin of data/migrations/0011-cluster-post-order.ts: each post's
// creation time and engagement copied onto its cluster rows, an index per
// order of the cluster page, and triggers that keep the copies exact. Here a
// BEFORE INSERT trigger fills the new row itself.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE post_clusters ADD COLUMN created_at text COLLATE "C" NOT NULL DEFAULT ''`.execute(db);
  await sql`ALTER TABLE post_clusters ADD COLUMN engagement integer NOT NULL DEFAULT 0`.execute(db);
  await sql`UPDATE post_clusters pc SET created_at = p.created_at,
      engagement = p.likes + p.reposts + p.replies + p.quotes
    FROM posts p WHERE p.id = pc.post_id`.execute(db);
  await sql`DROP INDEX IF EXISTS post_clusters_cluster`.execute(db);
  await sql`CREATE INDEX post_clusters_newest ON post_clusters (cluster_id, created_at DESC, post_id DESC)`.execute(
    db,
  );
  await sql`CREATE INDEX post_clusters_engaging
    ON post_clusters (cluster_id, engagement DESC, created_at DESC, post_id DESC)`.execute(db);

  await sql`CREATE FUNCTION post_clusters_copy() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    SELECT p.created_at, p.likes + p.reposts + p.replies + p.quotes INTO NEW.created_at, NEW.engagement
      FROM posts p WHERE p.id = NEW.post_id;
    RETURN NEW;
  END $$`.execute(db);
  await sql`CREATE TRIGGER post_clusters_copy BEFORE INSERT ON post_clusters
    FOR EACH ROW EXECUTE FUNCTION post_clusters_copy()`.execute(db);
  await sql`CREATE FUNCTION post_clusters_follow() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    UPDATE post_clusters SET created_at = NEW.created_at,
      engagement = NEW.likes + NEW.reposts + NEW.replies + NEW.quotes
    WHERE post_id = NEW.id;
    RETURN NULL;
  END $$`.execute(db);
  await sql`CREATE TRIGGER post_clusters_follow AFTER UPDATE OF created_at, likes, reposts, replies, quotes ON posts
    FOR EACH ROW WHEN (NEW.created_at IS DISTINCT FROM OLD.created_at
      OR NEW.likes + NEW.reposts + NEW.replies + NEW.quotes IS DISTINCT FROM OLD.likes + OLD.reposts + OLD.replies + OLD.quotes)
    EXECUTE FUNCTION post_clusters_follow()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS post_clusters_follow ON posts`.execute(db);
  await sql`DROP TRIGGER IF EXISTS post_clusters_copy ON post_clusters`.execute(db);
  await sql`DROP FUNCTION IF EXISTS post_clusters_follow()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS post_clusters_copy()`.execute(db);
  await sql`DROP INDEX IF EXISTS post_clusters_engaging`.execute(db);
  await sql`DROP INDEX IF EXISTS post_clusters_newest`.execute(db);
  await sql`CREATE INDEX post_clusters_cluster ON post_clusters (cluster_id, post_id)`.execute(db);
  await sql`ALTER TABLE post_clusters DROP COLUMN engagement`.execute(db);
  await sql`ALTER TABLE post_clusters DROP COLUMN created_at`.execute(db);
}
