import { type Kysely, sql } from "kysely";

// Frozen: never edit a migration that has shipped; add a new numbered one instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("authors")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("platform", "text", (c) => c.notNull())
    .addColumn("handle", "text", (c) => c.notNull())
    .addColumn("name", "text")
    .addColumn("url", "text")
    .addColumn("followers_first", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("followers_latest", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("first_seen_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("authors_platform_handle", ["platform", "handle"])
    .execute();

  await db.schema
    .createTable("posts")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("uid", "text", (c) => c.notNull().unique())
    .addColumn("platform", "text", (c) => c.notNull())
    .addColumn("origin_instance", "text")
    .addColumn("url", "text")
    .addColumn("author_id", "integer", (c) => c.notNull().references("authors.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("lang", "text")
    .addColumn("sentiment_score", "real", (c) => c.notNull().defaultTo(0))
    .addColumn("sentiment_label", "text", (c) => c.notNull().defaultTo("neutral"))
    .addColumn("likes", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("reposts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("replies", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("quotes", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("counts_from", "text", (c) => c.notNull().defaultTo("remote"))
    .addColumn("author_followers_at_collection", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("first_seen_at", "text", (c) => c.notNull())
    .addColumn("refreshed_at", "text", (c) => c.notNull())
    .addColumn("edited_at", "text")
    .addColumn("deleted_at", "text")
    .execute();
  await db.schema.createIndex("posts_created_at").on("posts").columns(["created_at", "id"]).execute();
  await db.schema.createIndex("posts_author").on("posts").column("author_id").execute();

  await db.schema
    .createTable("post_hashtags")
    .addColumn("post_id", "integer", (c) => c.notNull().references("posts.id").onDelete("cascade"))
    .addColumn("tag", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("post_hashtags_pk", ["post_id", "tag"])
    .execute();
  await db.schema.createIndex("post_hashtags_tag").on("post_hashtags").columns(["tag", "post_id"]).execute();

  await db.schema
    .createTable("post_sources")
    .addColumn("post_id", "integer", (c) => c.notNull().references("posts.id").onDelete("cascade"))
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("target", "text", (c) => c.notNull())
    .addColumn("remote_id", "text", (c) => c.notNull())
    .addColumn("seen_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("post_sources_pk", ["source", "target", "remote_id"])
    .execute();
  await db.schema.createIndex("post_sources_post").on("post_sources").column("post_id").execute();

  await db.schema
    .createTable("collector_runs")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("target", "text", (c) => c.notNull())
    .addColumn("started_at", "text", (c) => c.notNull())
    .addColumn("finished_at", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("fetched", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("inserted", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("updated", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("rate_limit_wait_ms", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("error", "text")
    .execute();
  await db.schema
    .createIndex("collector_runs_source")
    .on("collector_runs")
    .columns(["source", "target", "started_at"])
    .execute();

  await db.schema
    .createTable("source_cursors")
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("target", "text", (c) => c.notNull())
    .addColumn("cursor", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("source_cursors_pk", ["source", "target"])
    .execute();

  // Full-text index over post text, kept in step by triggers (external-content FTS5).
  await sql`CREATE VIRTUAL TABLE posts_fts USING fts5(text, content='posts', content_rowid='id', tokenize='unicode61 remove_diacritics 2')`.execute(
    db,
  );
  await sql`CREATE TRIGGER posts_fts_ai AFTER INSERT ON posts BEGIN
    INSERT INTO posts_fts(rowid, text) VALUES (new.id, new.text); END`.execute(db);
  await sql`CREATE TRIGGER posts_fts_ad AFTER DELETE ON posts BEGIN
    INSERT INTO posts_fts(posts_fts, rowid, text) VALUES ('delete', old.id, old.text); END`.execute(db);
  await sql`CREATE TRIGGER posts_fts_au AFTER UPDATE OF text ON posts BEGIN
    INSERT INTO posts_fts(posts_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO posts_fts(rowid, text) VALUES (new.id, new.text); END`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    "posts_fts",
    "source_cursors",
    "collector_runs",
    "post_sources",
    "post_hashtags",
    "posts",
    "authors",
  ]) {
    await sql`DROP TABLE IF EXISTS ${sql.id(t)}`.execute(db);
  }
}
