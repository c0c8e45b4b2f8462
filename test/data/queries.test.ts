import { beforeAll, describe, expect, it } from "vitest";
import type { NormalizedPost } from "../../collectors/types.ts";
import { ValidationError } from "../../data/errors.ts";
import { parseFilters } from "../../data/filters.ts";
import { listPosts, parsePostQuery, toFtsQuery } from "../../data/queries/posts.ts";
import { getSummary } from "../../data/queries/summary.ts";
import { getTimeline } from "../../data/queries/timeline.ts";
import { localDay } from "../../data/time.ts";
import { CAMPAIGNS, createTestDb, makePost, seed, type TestDb } from "../helpers/db.ts";

const author = (handle: string, followers: number) => ({ handle, name: handle, url: null, followers });

/** A small world whose every number can be worked out by hand. */
function world(): NormalizedPost[] {
  return [
    // alice: two posts, followers frozen at 100 then 150 (she gained followers in between).
    makePost({
      author: author("@alice@a", 100),
      createdAt: "2017-04-20T08:00:00.000Z",
      text: "Großartig! Heute startet die #Clusterwoche",
      counts: { likes: 10, reposts: 2, replies: 1, quotes: 0 },
    }),
    makePost({
      author: author("@alice@a", 150),
      createdAt: "2017-04-21T09:00:00.000Z",
      counts: { likes: 0, reposts: 0, replies: 0, quotes: 0 },
    }),
    // bob: a year-suffixed variant, on 20 April at 23:30 UTC = 21 April in Berlin.
    makePost({
      author: author("@bob@b", 1000),
      createdAt: "2017-04-20T23:30:00.000Z",
      hashtags: ["clusterwoche2017"],
      lang: "en",
      text: "Terrible and awful #Clusterwoche2017",
      counts: { likes: 1, reposts: 1, replies: 1, quotes: 1 },
    }),
    // carol: English, positive.
    makePost({
      author: author("@carol@c", 10),
      createdAt: "2017-04-28T21:59:00.000Z",
      lang: "en",
      text: "Great fun at #clusterwoche",
      counts: { likes: 0, reposts: 0, replies: 0, quotes: 0 },
    }),
    // Outside: the day after the end in Berlin (28 April 22:00 UTC = 29 April 00:00).
    makePost({ author: author("@dave@d", 5), createdAt: "2017-04-28T22:00:00.000Z" }),
    // Outside: another hashtag only; a lookalike tag that is no year variant.
    makePost({ author: author("@erin@e", 5), hashtags: ["innovation"] }),
    makePost({ author: author("@erin@e", 5), hashtags: ["clusterwochen"] }),
    // Outside: the 2019 edition.
    makePost({ author: author("@frank@f", 5), createdAt: "2019-04-03T10:00:00.000Z" }),
  ];
}

describe("queries over a hand-checked world", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
    seed(t.store, world());
  });
  const f = (q: Record<string, string> = {}) => parseFilters(q, CAMPAIGNS);

  it("summarises exactly as DESIGN.md defines the metrics", async () => {
    const s = await getSummary(t.database.db, f());
    expect(s).toEqual({
      posts: 4,
      authors: 3,
      potentialReach: 100 + 150 + 1000 + 10,
      uniqueReach: 150 + 1000 + 10,
      engagement: 13 + 0 + 4 + 0,
      engagementRate: Math.round((17 / 1260) * 1e6) / 1e6,
      // "Großartig!" (German lexicon) and "Great fun" (AFINN) positive, "Terrible and awful" negative.
      sentiment: { positive: 2, neutral: 1, negative: 1, mean: expect.any(Number) },
      platforms: { mastodon: 4 },
      from: "2017-04-20",
      to: "2017-04-28",
      campaign: "clusterwoche-2017",
    });
  });

  it.each([
    [{ platform: "bluesky" }, 0],
    [{ lang: "en" }, 2],
    [{ from: "2017-04-21", to: "2017-04-21" }, 2],
    [{ campaign: "clusterwoche-2019" }, 1],
  ])("filters %j → %d posts", async (q, posts) => {
    expect((await getSummary(t.database.db, f(q))).posts).toBe(posts);
  });

  it("puts a post at 23:30 UTC on 20 April on 21 April (Berlin)", async () => {
    expect(localDay("2017-04-20T23:30:00.000Z", "Europe/Berlin")).toBe("2017-04-21");
    const tl = await getTimeline(t.database.db, f(), "day");
    expect(tl.series).toHaveLength(9);
    expect(tl.series.map((p) => p.posts)).toEqual([1, 2, 0, 0, 0, 0, 0, 0, 1]);
    expect(tl.series[0]?.t).toBe("2017-04-20T00:00:00+02:00");
    const hourly = await getTimeline(t.database.db, f({ from: "2017-04-21", to: "2017-04-21" }), "hour");
    expect(hourly.series).toHaveLength(24);
    expect(hourly.series[1]).toMatchObject({
      t: "2017-04-21T01:00:00+02:00",
      posts: 1,
      potentialReach: 1000,
      engagement: 4,
    });
  });

  it("timeline sums equal the summary", async () => {
    const tl = await getTimeline(t.database.db, f(), "hour");
    const s = await getSummary(t.database.db, f());
    expect(tl.series.reduce((a, p) => a + p.posts, 0)).toBe(s.posts);
    expect(tl.series.reduce((a, p) => a + p.potentialReach, 0)).toBe(s.potentialReach);
    expect(tl.series.reduce((a, p) => a + p.engagement, 0)).toBe(s.engagement);
  });

  it("pages through posts newest first without gaps or repeats", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listPosts(t.database.db, f(), parsePostQuery({ limit: "1", cursor }));
      seen.push(...page.items.map((i) => i.createdAt));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([
      "2017-04-28T21:59:00.000Z",
      "2017-04-21T09:00:00.000Z",
      "2017-04-20T23:30:00.000Z",
      "2017-04-20T08:00:00.000Z",
    ]);
  });

  it("searches the text with full-text search, umlauts and case folded", async () => {
    const q = (text: string) => listPosts(t.database.db, f(), parsePostQuery({ q: text }));
    expect((await q("grossartig")).items).toHaveLength(0); // FTS folds diacritics, not ß→ss
    expect((await q("großart")).items.map((i) => i.author.handle)).toEqual(["@alice@a"]);
    expect((await q("GROSSARTIG OR")).items).toHaveLength(0);
    expect((await q('"; DROP TABLE posts; --')).items).toHaveLength(0);
    expect((await q("terrible")).items[0]).toMatchObject({
      sentiment: { label: "negative" },
      hashtags: ["clusterwoche2017"],
      clusters: [],
    });
  });
});

describe("filter and parameter validation", () => {
  it.each([
    [{ campaign: "nope" }, "invalid filter 'campaign': unknown campaign 'nope'"],
    [{ from: "2017-13-40" }, "invalid filter 'from': must be a calendar day"],
    [{ from: "2017-04-28", to: "2017-04-20" }, "invalid filter 'from': 2017-04-28 is after 'to' 2017-04-20"],
    [{ platform: "myspace" }, "invalid filter 'platform'"],
    [{ lang: "Deutsch" }, "invalid filter 'lang'"],
    [{ state: "NRW" }, "invalid filter 'state': must be the ISO 3166-2 code of a Land"],
    [{ state: "DE-XX" }, "invalid filter 'state': must be the ISO 3166-2 code of a Land"],
    [{ cluster: "It's OWL" }, "invalid filter 'cluster': must be a cluster id from the registry"],
  ])("parseFilters(%j) → %s", (q, message) => {
    expect(() => parseFilters(q, CAMPAIGNS)).toThrow(ValidationError);
    expect(() => parseFilters(q, CAMPAIGNS)).toThrow(message);
  });

  it.each([
    [{ limit: "0" }, "invalid parameter 'limit'"],
    [{ limit: "201" }, "invalid parameter 'limit'"],
    [{ limit: "ten" }, "invalid parameter 'limit'"],
    [{ sentiment: "happy" }, "invalid parameter 'sentiment'"],
    [{ cursor: "abc" }, "invalid parameter 'cursor'"],
    [{ q: "x".repeat(501) }, "invalid parameter 'q'"],
  ])("parsePostQuery(%j) → %s", (q, message) => {
    expect(() => parsePostQuery(q)).toThrow(message);
  });

  it.each([
    ["Clusterwoche", '"Clusterwoche"*'],
    ['a "b" OR c*', '"a"* "b"* "OR"* "c"*'],
    ["Grüße aus Köln", '"Grüße"* "aus"* "Köln"*'],
  ])("toFtsQuery(%j) = %s", (q, fts) => {
    expect(toFtsQuery(q)).toBe(fts);
  });

  it("refuses a query with no searchable word", () => {
    expect(() => toFtsQuery("*** ---")).toThrow("contains no searchable word");
  });
});
