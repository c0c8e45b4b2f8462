import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { OpenedDatabase } from "../../data/db.ts";
import { type CopyResult, copySqliteToPostgres } from "../../data/pg/copy-from-sqlite.ts";
import { openPostgres } from "../../data/pg/open.ts";
import { describePg, postgresForTests, usePgDatabase } from "../helpers/postgres.ts";
import { createQueryWorld } from "./query-world.ts";

/** Texts that stress the copy's array transport: quotes, braces, backslashes, commas, the word NULL, emoji, RTL, NUL. */
const AWKWARD = [
  'Sie sagte: "Clusterwoche" {a,b} \\ und \\" #Clusterwoche',
  "NULL",
  "null, {NULL}, 'einfach' #Clusterwoche",
  "Emoji 🚀👩🏽‍🔬 und RTL \u202eטקסט\u202c zero\u200bwidth #Clusterwoche",
  "Nul\u0000zeichen #Clusterwoche",
];

/** Tables the world below fills: each must arrive with all its rows. */
const FILLED = [
  "access_settings",
  "audit_log",
  "authors",
  "clusters",
  "collector_runs",
  "erasure_log",
  "events",
  "post_clusters",
  "post_events",
  "post_hashtags",
  "post_sources",
  "posts",
  "reports",
  "rollup_authors",
  "rollup_hours",
  "rollup_state",
  "rollup_tags",
  "sessions",
  "share_links",
  "source_cursors",
];

const TABLES_IN_FK_ORDER: [string, string][] = [
  ["authors", "posts"],
  ["posts", "post_hashtags"],
  ["posts", "post_clusters"],
  ["posts", "post_events"],
  ["posts", "post_sources"],
  ["share_links", "sessions"],
];

describePg("copySqliteToPostgres", () => {
  const pg = usePgDatabase();
  let sqlite: OpenedDatabase;
  let result: CopyResult;
  let maxPostId = 0;

  beforeAll(async () => {
    sqlite = await createQueryWorld(400);
    await addEveryKindOfRow(sqlite);
    maxPostId = (sqlite.sqlite.prepare("SELECT max(id) AS m FROM posts").get() as { m: number }).m;
    // Small batches: many keyset pages, also over the composite keys of the WITHOUT ROWID rollup tables.
    result = await copySqliteToPostgres(sqlite.sqlite, pg.opened.db, { batchSize: 37 });
  }, 120_000);
  afterAll(async () => {
    await sqlite?.close();
  });

  it("copies every table but SQLite's own (FTS5 index and shadow tables, sqlite_*, migrations), each row alike, those triggers keep last", async () => {
    const copied = result.tables.map((t) => t.table).sort();
    const own = (
      sqlite.sqlite
        .prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table'")
        .all() as { name: string }[]
    )
      .map((t) => t.name)
      .filter((n) => !/^(sqlite_|kysely_migration)/.test(n))
      .sort();
    expect(copied).toEqual(own);
    // rollup_sources comes last, replacing what PostgreSQL's triggers made of the copied sightings.
    expect(result.tables.at(-1)?.table).toBe("rollup_sources");
    expect(result.tables.find((t) => t.table === "rollup_sources")?.rows).toBeGreaterThan(0);
    expect(copied).toEqual(expect.arrayContaining(FILLED));
    expect(copied.filter((t) => t.startsWith("posts_fts"))).toEqual([]);
    for (const { table, rows } of result.tables) {
      const fromSqlite = sortRows(sqlite.sqlite.prepare(`SELECT * FROM "${table}"`).all() as Row[]);
      const { rows: fromPg } = await sql<Row>`SELECT * FROM ${sql.id(table)}`.execute(pg.opened.db);
      expect(rows, table).toBe(fromSqlite.length);
      if (FILLED.includes(table)) expect(rows, table).toBeGreaterThan(0);
      expect(sortRows(fromPg), table).toEqual(fromSqlite.map((r) => withoutNul(r)));
    }
    expect(result.nulCharactersRemoved).toBe(1);
  });

  it("fills parents before children", () => {
    const at = (t: string) => result.tables.findIndex((x) => x.table === t);
    for (const [parent, child] of TABLES_IN_FK_ORDER)
      expect(at(parent), `${parent} → ${child}`).toBeLessThan(at(child));
  });

  it("keeps the awkward texts exactly (the NUL character aside)", async () => {
    const { rows } = await sql<{
      text: string;
    }>`SELECT text FROM posts WHERE uid LIKE 'mastodon:awkward-%' ORDER BY uid`.execute(pg.opened.db);
    expect(rows.map((r) => r.text)).toEqual(AWKWARD.map((t) => t.replaceAll("\u0000", "")));
  });

  it("moves the identity sequences past every copied id and past SQLite's AUTOINCREMENT counters", async () => {
    const db = pg.opened.db;
    const author = await db
      .insertInto("authors")
      .values({
        platform: "mastodon",
        handle: "@neu@x.example",
        followers_first: 1,
        followers_latest: 1,
        first_seen_at: "t",
        updated_at: "t",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const post = await db
      .insertInto("posts")
      .values({
        uid: "mastodon:neu",
        platform: "mastodon",
        author_id: author.id,
        created_at: "2017-04-21T10:00:00.000Z",
        text: "neu",
        sentiment_score: 0,
        sentiment_label: "neutral",
        likes: 0,
        reposts: 0,
        replies: 0,
        quotes: 0,
        counts_from: "origin",
        author_followers_at_collection: 1,
        first_seen_at: "t",
        refreshed_at: "t",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(post.id).toBe(maxPostId + 1);
    // Two audit rows were written in SQLite and the newer deleted: its id is not given out again.
    const audit = await db
      .insertInto("audit_log")
      .values({ at: "t", actor: "admin:1", action: "test", outcome: "ok" })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(audit.id).toBe(3);
  });

  it("refuses a database that already has rows, and one at another migration, before writing anything", async () => {
    await expect(copySqliteToPostgres(sqlite.sqlite, pg.opened.db)).rejects.toThrow(/already has rows/);
    const server = await postgresForTests();
    const other = await server.createDatabase();
    const fresh = await openPostgres(other.url, { max: 2 });
    try {
      const last = sqlite.sqlite
        .prepare("SELECT name FROM kysely_migration ORDER BY name DESC LIMIT 1")
        .get() as {
        name: string;
      };
      await sql`DELETE FROM kysely_migration WHERE name = ${last.name}`.execute(fresh.db);
      await expect(copySqliteToPostgres(sqlite.sqlite, fresh.db)).rejects.toThrow(/different migrations/);
      const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM posts`.execute(fresh.db);
      expect(rows[0]?.n).toBe(0);
      expect(sqlite.sqlite.inTransaction).toBe(false);
    } finally {
      await fresh.close();
      await other.drop();
    }
  });

  it("refuses a target that is not PostgreSQL", async () => {
    await expect(copySqliteToPostgres(sqlite.sqlite, sqlite.db)).rejects.toThrow(/not PostgreSQL/);
  });
});

type Row = Record<string, unknown>;

function sortRows(rows: Row[]): Row[] {
  return rows.map((r) => ({ ...r })).sort((a, b) => compare(JSON.stringify(a), JSON.stringify(b)));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function withoutNul(r: Row): Row {
  return Object.fromEntries(
    Object.entries(r).map(([k, v]) => [k, typeof v === "string" ? v.replaceAll("\u0000", "") : v]),
  );
}

/** A row in every table the query world leaves empty (reports, access, privacy) and posts with awkward text. */
async function addEveryKindOfRow(sqlite: OpenedDatabase): Promise<void> {
  const s = sqlite.sqlite;
  const author = s.prepare("SELECT id FROM authors ORDER BY id LIMIT 1").get() as { id: number };
  const insertPost = s.prepare(
    `INSERT INTO posts (uid, platform, author_id, created_at, text, sentiment_score, sentiment_label, likes, reposts,
       replies, quotes, counts_from, author_followers_at_collection, first_seen_at, refreshed_at)
     VALUES (?, 'mastodon', ?, '2017-04-22T10:00:00.000Z', ?, 0.125, 'positive', 1, 0, 0, 0, 'origin', 10, 't', 't')`,
  );
  AWKWARD.forEach((text, i) => {
    const { lastInsertRowid } = insertPost.run(`mastodon:awkward-${i}`, author.id, text);
    s.prepare("INSERT INTO post_hashtags (post_id, tag) VALUES (?, 'clusterwoche')").run(lastInsertRowid);
    // Seen twice by one target under two ids (a refetch), next to each other in one batch of the copy:
    // rollup_sources counts the post once.
    for (const id of ["1", "2"])
      s.prepare(
        "INSERT INTO post_sources (post_id, source, target, remote_id, seen_at) VALUES (?, 'mastodon', 'https://twice.example', ?, 't')",
      ).run(lastInsertRowid, `${i}-${id}`);
  });
  s.prepare(
    `INSERT INTO reports (kind, campaign, lang, period_from, period_to, file, bytes, sha256, created_at, "trigger", status)
     VALUES ('final', 'clusterwoche-2017', 'de', '2017-04-20', '2017-04-28', 'a.pdf', 10, 'ab', 't', 'request', 'archived')`,
  ).run();
  s.prepare(
    `INSERT INTO erasure_log (erased_at, platform, handle_hash, posts, authors, reports_flagged, "trigger")
     VALUES ('t', NULL, 'hash', 1, 1, 0, 'cli')`,
  ).run();
  const link = s
    .prepare(
      `INSERT INTO share_links (token_hash, campaign, cluster, label, created_at, expires_at, created_by)
       VALUES ('th', 'clusterwoche-2017', 'biorn', 'Für BioRN', 't', 'u', 'admin:1')`,
    )
    .run();
  s.prepare(
    `INSERT INTO sessions (token_hash, role, share_link_id, created_at, last_seen_at, expires_at)
     VALUES ('s1', 'share', ?, 't', 't', 'u'), ('s2', 'admin', NULL, 't', 't', 'u')`,
  ).run(link.lastInsertRowid);
  const audit = s.prepare(
    "INSERT INTO audit_log (at, actor, action, outcome) VALUES ('t', 'admin:1', ?, 'ok')",
  );
  audit.run("login");
  const second = audit.run("logout");
  s.prepare("DELETE FROM audit_log WHERE id = ?").run(second.lastInsertRowid);
  s.prepare("INSERT INTO access_settings (key, value) VALUES ('secret', 'x')").run();
  s.prepare(
    "INSERT INTO source_cursors (source, target, cursor, updated_at) VALUES ('mastodon', 'x', '{\"a\":1}', 't') ON CONFLICT DO NOTHING",
  ).run();
}
