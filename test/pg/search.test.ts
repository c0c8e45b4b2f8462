import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { postsTextHasPrefixes, postsTextMatches } from "../../data/pg/search.ts";
import { describePg, usePgDatabase } from "../helpers/postgres.ts";

const TEXTS = {
  clustern: "Austausch zwischen den Clustern in Bayern zur #Clusterwoche",
  hydrogen: "Wasserstoff-Forschung in Hamburg: neue Förderung",
  coast: "Ökologische Innovationen an der Küste",
  unrelated: "Heute regnet es in Berlin",
};

describePg("German full-text search on PostgreSQL", () => {
  const t = usePgDatabase();
  const ids = new Map<string, number>();

  beforeAll(async () => {
    const { db } = t.opened;
    const now = "2017-04-21T10:00:00.000Z";
    const author = await db
      .insertInto("authors")
      .values({
        platform: "mastodon",
        handle: "@a@social.example",
        followers_first: 10,
        followers_latest: 10,
        first_seen_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const [key, text] of Object.entries(TEXTS)) {
      const row = await db
        .insertInto("posts")
        .values({
          uid: `mastodon:${key}`,
          platform: "mastodon",
          author_id: author.id,
          created_at: now,
          text,
          sentiment_score: 0,
          sentiment_label: "neutral",
          likes: 0,
          reposts: 0,
          replies: 0,
          quotes: 0,
          counts_from: "origin",
          author_followers_at_collection: 10,
          first_seen_at: now,
          refreshed_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      ids.set(key, row.id);
    }
  });

  async function search(where: ReturnType<typeof postsTextMatches>): Promise<string[]> {
    const rows = await t.opened.db.selectFrom("posts").select("uid").where(where).orderBy("uid").execute();
    return rows.map((r) => r.uid.replace("mastodon:", ""));
  }

  it("stems German words: 'Cluster' finds 'Clustern', not an unrelated post", async () => {
    expect(await search(postsTextMatches("Cluster"))).toEqual(["clustern"]);
  });

  it("takes web-search syntax: phrases, or, exclusion", async () => {
    expect(await search(postsTextMatches('"neue Förderung"'))).toEqual(["hydrogen"]);
    expect(await search(postsTextMatches("Bayern or Hamburg"))).toEqual(["clustern", "hydrogen"]);
    expect(await search(postsTextMatches("Forschung -Bayern"))).toEqual(["hydrogen"]);
    expect(await search(postsTextMatches("Hamburg -Förderung"))).toEqual([]);
  });

  it("folds case and umlauts: 'ökologisch' finds 'Ökologische', 'Kuste' finds 'Küste'", async () => {
    expect(await search(postsTextMatches("ökologisch"))).toEqual(["coast"]);
    expect(await search(postsTextMatches("Kuste"))).toEqual(["coast"]);
  });

  it("ignores stop words: a search of only stop words finds nothing", async () => {
    // SQLite's FTS5 has no stop words: "über" would find every post containing it there.
    expect(await search(postsTextMatches("über in der"))).toEqual([]);
  });

  it('matches word prefixes like SQLite\'s "word"* queries', async () => {
    expect(await search(postsTextHasPrefixes(["Wasserst"]))).toEqual(["hydrogen"]);
    expect(await search(postsTextHasPrefixes(["Clusterw", "Bay"]))).toEqual(["clustern"]);
    expect(() => postsTextHasPrefixes(["a:*|b"])).toThrow(/letters, digits/);
  });

  it("follows an update of the text (no trigger needed)", async () => {
    const id = ids.get("unrelated");
    if (id === undefined) throw new Error("no post");
    await t.opened.db
      .updateTable("posts")
      .set({ text: "Die Cluster treffen sich in Berlin" })
      .where("id", "=", id)
      .execute();
    expect(await search(postsTextMatches("Clustern"))).toEqual(["clustern", "unrelated"]);
  });

  it("uses the GIN index posts_fts_german", async () => {
    const plan = await t.opened.db.connection().execute(async (conn) => {
      await sql`SET enable_seqscan = off`.execute(conn);
      try {
        const compiled = conn.selectFrom("posts").select("id").where(postsTextMatches("Cluster")).compile();
        const { rows } = await conn.executeQuery<{ "QUERY PLAN": string }>({
          ...compiled,
          sql: `EXPLAIN ${compiled.sql}`,
        });
        return rows.map((r) => r["QUERY PLAN"]).join("\n");
      } finally {
        await sql`RESET enable_seqscan`.execute(conn);
      }
    });
    expect(plan).toContain("posts_fts_german");
  });
});
