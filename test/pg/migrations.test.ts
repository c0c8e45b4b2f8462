import { Migrator, sql } from "kysely";
import { expect, it } from "vitest";
import { migrations as sqliteMigrations } from "../../data/migrations/index.ts";
import { pgMigrationProvider, pgMigrations } from "../../data/pg/migrations/index.ts";
import { migratePostgres, openPostgres } from "../../data/pg/open.ts";
import { describePg, postgresForTests, usePgDatabase } from "../helpers/postgres.ts";

it("has one PostgreSQL migration for every SQLite migration, with the same name", () => {
  expect(Object.keys(pgMigrations)).toEqual(Object.keys(sqliteMigrations));
});

describePg("PostgreSQL migrations", () => {
  const t = usePgDatabase();

  it("apply on a fresh database, in order", async () => {
    const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(
      t.opened.db,
    );
    expect(rows.map((r) => r.name)).toEqual(Object.keys(pgMigrations));
  });

  it("do nothing the second time, also when another process opens the same database", async () => {
    const again = await new Migrator({ db: t.opened.db, provider: pgMigrationProvider }).migrateToLatest();
    expect(again.error).toBeUndefined();
    expect(again.results).toEqual([]);
    const second = await openPostgres(t.database.url, { max: 1 });
    await second.close();
    await second.close(); // closing twice is harmless
  });

  it("name the migration that failed and leave nothing of it behind", async () => {
    const broken = {
      getMigrations: async () => ({
        ...pgMigrations,
        "9999-broken": {
          up: async (db: Parameters<typeof migratePostgres>[0]) => {
            await sql`CREATE TABLE half_made (id integer)`.execute(db);
            await sql`SELECT * FROM no_such_table`.execute(db);
          },
        },
      }),
    };
    await expect(migratePostgres(t.opened.db, broken)).rejects.toThrow(
      /^PostgreSQL migration 9999-broken failed: .*no_such_table/,
    );
    const { rows } = await sql<{
      n: number;
    }>`SELECT count(*) AS n FROM pg_tables WHERE tablename = 'half_made'`.execute(t.opened.db);
    expect(rows[0]?.n).toBe(0);
  });

  it("return counts, sums and averages as numbers, like SQLite", async () => {
    const { db } = t.opened;
    const now = "2017-04-21T10:00:00.000Z";
    const author = await db
      .insertInto("authors")
      .values({
        platform: "mastodon",
        handle: "@a@social.example",
        followers_first: 2_000_000_000,
        followers_latest: 1,
        first_seen_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(author.id).toBeTypeOf("number");
    for (const n of [1, 2])
      await db
        .insertInto("posts")
        .values({
          uid: `mastodon:${n}`,
          platform: "mastodon",
          author_id: author.id,
          created_at: now,
          text: "x",
          sentiment_score: 0.25,
          sentiment_label: "positive",
          likes: n,
          reposts: 0,
          replies: 0,
          quotes: 0,
          counts_from: "origin",
          author_followers_at_collection: 2_000_000_000,
          first_seen_at: now,
          refreshed_at: now,
        })
        .execute();
    const row = await db
      .selectFrom("posts")
      .select((eb) => [
        eb.fn.countAll().as("n"),
        eb.fn.sum("likes").as("likes"),
        eb.fn.sum("author_followers_at_collection").as("reach"),
        eb.fn.avg("likes").as("mean"),
        eb.fn.sum("sentiment_score").as("sentiment"),
        sql<number[]>`array_agg(id ORDER BY id)`.as("ids"),
      ])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ n: 2, likes: 3, reach: 4_000_000_000, mean: 1.5, sentiment: 0.5, ids: [1, 2] });
  });

  it("refuse a database that is not UTF-8", async () => {
    const ascii = await (await postgresForTests()).createDatabase({ encoding: "SQL_ASCII" });
    try {
      await expect(openPostgres(ascii.url)).rejects.toThrow(/encoding SQL_ASCII; Resonanz needs UTF8/);
    } finally {
      await ascii.drop();
    }
  });
});
