import { describe, expect, it } from "vitest";
import type { UiLang } from "../../dashboard/i18n/index.ts";
import { buildPostsModel } from "../../dashboard/view-models/posts.ts";
import type { PostCount } from "../../data/queries/post-count.ts";
import type { PostItem, PostQuery } from "../../data/queries/posts.ts";
import { CW2017 } from "../helpers/db.ts";

function post(overrides: Partial<PostItem> = {}): PostItem {
  return {
    uid: "mastodon:https://social.example/1",
    platform: "mastodon",
    url: "https://social.example/@a/1",
    author: { handle: "@a@social.example", name: "A", followers: 10 },
    createdAt: "2017-04-21T10:00:00.000Z",
    text: "Hallo #Clusterwoche",
    lang: "de",
    sentiment: { score: 2, label: "positive" },
    likes: 1234,
    reposts: 5,
    replies: 0,
    quotes: 1,
    clusters: ["its-owl", "unknown-cluster"],
    hashtags: ["clusterwoche", "hm17"],
    ...overrides,
  };
}

const pq = (o: Partial<PostQuery> = {}): PostQuery => ({
  q: null,
  sentiment: null,
  limit: 50,
  cursor: null,
  ...o,
});

function build(
  lang: UiLang,
  o: {
    query?: Record<string, string>;
    postQuery?: PostQuery;
    items?: PostItem[];
    next?: string | null;
    count?: PostCount;
  } = {},
) {
  return buildPostsModel({
    lang,
    campaign: CW2017,
    from: "2017-04-20",
    to: "2017-04-28",
    query: o.query ?? {},
    postQuery: o.postQuery ?? pq(),
    page: { items: o.items ?? [post()], nextCursor: o.next ?? null },
    count: o.count ?? { n: 1, capped: false },
    clusters: [{ id: "its-owl", name: "it's OWL" }],
  });
}

describe("buildPostsModel: result sentence", () => {
  it.each([
    ["de", pq(), { n: 1234, capped: false }, "1.234 Beiträge im gewählten Zeitraum."],
    ["de", pq(), { n: 1, capped: false }, "1 Beitrag im gewählten Zeitraum."],
    ["de", pq({ q: "Messe" }), { n: 0, capped: false }, "Keine Beiträge mit „Messe“ im gewählten Zeitraum."],
    [
      "de",
      pq({ sentiment: "negative" }),
      { n: 3, capped: false },
      "3 Beiträge mit Stimmung negativ im gewählten Zeitraum.",
    ],
    [
      "de",
      pq({ q: "Messe", sentiment: "positive" }),
      { n: 2, capped: false },
      "2 Beiträge mit „Messe“ und Stimmung positiv im gewählten Zeitraum.",
    ],
    [
      "de",
      pq({ q: "a" }),
      { n: 10000, capped: true },
      "Mehr als 10.000 Beiträge mit „a“ im gewählten Zeitraum.",
    ],
    ["en", pq(), { n: 1234, capped: false }, "1,234 posts in the selected period."],
    ["en", pq(), { n: 1, capped: false }, "1 post in the selected period."],
    ["en", pq({ q: "fair" }), { n: 0, capped: false }, "No posts matching “fair” in the selected period."],
    [
      "en",
      pq({ q: "fair", sentiment: "neutral" }),
      { n: 2, capped: false },
      "2 posts matching “fair” and with neutral sentiment in the selected period.",
    ],
    [
      "en",
      pq({ q: "a" }),
      { n: 10000, capped: true },
      "More than 10,000 posts matching “a” in the selected period.",
    ],
  ] as const)("%s %j %j → %s", (lang, postQuery, count, sentence) => {
    expect(build(lang, { postQuery, count }).resultSentence).toBe(sentence);
  });

  it.each([
    ["de", false, 1, "Diese Seite zeigt 1 Beitrag, neueste zuerst."],
    ["de", true, 2, "Diese Folgeseite zeigt 2 Beiträge, neueste zuerst."],
    ["en", false, 2, "This page shows 2 posts, newest first."],
    ["en", true, 1, "This further page shows 1 post, newest first."],
  ] as const)("%s later=%s with %d posts: %s", (lang, later, n, sentence) => {
    const model = build(lang, {
      postQuery: pq({ cursor: later ? { createdAt: "2017-04-22T00:00:00.000Z", id: 9 } : null }),
      items: Array.from({ length: n }, (_, i) => post({ uid: `u${i}` })),
    });
    expect(model.pageSentence).toBe(sentence);
  });
});

describe("buildPostsModel: posts", () => {
  it.each([
    ["de", "21.04.2017, 12:00 Uhr", "positiv", "Deutsch", ["Gefällt mir", "1.234"]],
    ["en", "21 Apr 2017, 12:00", "positive", "German", ["Likes", "1,234"]],
  ] as const)("%s: Berlin time, sentiment, language and counts", (lang, time, sentiment, language, likes) => {
    const [p] = build(lang).posts;
    expect(p).toMatchObject({
      time,
      platform: "Mastodon",
      language,
      sentiment: { key: "positive", label: sentiment },
    });
    expect(p?.counts[0]).toEqual({ key: "likes", label: likes[0], value: likes[1] });
    expect(p?.hashtags).toEqual(["#clusterwoche", "#hm17"]);
  });

  it("names clusters from the registry (the id when unknown) and links them with the shared filters", () => {
    const [p] = build("en", {
      query: { lang: "en", from: "2017-04-21", q: "x", cursor: "c", state: "DE-NW" },
    }).posts;
    expect(p?.clusters).toEqual([
      { id: "its-owl", name: "it's OWL", href: "/clusters/its-owl?from=2017-04-21&lang=en" },
      {
        id: "unknown-cluster",
        name: "unknown-cluster",
        href: "/clusters/unknown-cluster?from=2017-04-21&lang=en",
      },
    ]);
  });

  it("keeps hostile text as it is (escaping is the renderer's job) and drops non-http links", () => {
    const [p] = build("de", {
      items: [post({ text: "<script>alert(1)</script>", url: "javascript:alert(1)", lang: null })],
    }).posts;
    expect(p?.text).toBe("<script>alert(1)</script>");
    expect(p?.url).toBeNull();
    expect(p?.language).toBeNull();
  });
});

describe("buildPostsModel: search form and paging links", () => {
  it("the search form keeps filters, UI language and page size, never the cursor or the search itself", () => {
    const query = {
      campaign: "clusterwoche-2017",
      from: "2017-04-21",
      platform: "mastodon",
      cluster: "its-owl",
      state: "DE-NW",
      postLang: "de",
      lang: "en",
      limit: "20",
      q: "messe",
      sentiment: "positive",
      cursor: "abc",
      bucket: "hour",
    };
    const s = build("en", { query, postQuery: pq({ q: "messe", sentiment: "positive" }) }).search;
    expect(s.hidden.map((h) => h.name)).toEqual([
      "campaign",
      "from",
      "platform",
      "cluster",
      "state",
      "postLang",
      "lang",
      "limit",
    ]);
    expect(s.q).toBe("messe");
    expect(s.sentiments.find((o) => o.selected)?.value).toBe("positive");
    expect(s.resetHref).toBe(
      "/posts?campaign=clusterwoche-2017&from=2017-04-21&platform=mastodon&cluster=its-owl&state=DE-NW&postLang=de&lang=en&limit=20&bucket=hour",
    );
  });

  it.each([
    [{}, null, null, null, null],
    [{ q: "x" }, "n1", "/posts?q=x&cursor=n1", null, null],
    [{ q: "x", cursor: "c1" }, "n2", "/posts?q=x&cursor=n2", "/posts?q=x", null],
    [{ q: "x", cursor: "c1" }, null, null, "/posts?q=x", "Das sind alle passenden Beiträge."],
  ])("query %j, next %s → next %s, first %s", (query, next, nextHref, firstHref, note) => {
    const cursor = "cursor" in query ? { createdAt: "2017-04-22T00:00:00.000Z", id: 1 } : null;
    const model = build("de", { query, next, postQuery: pq({ cursor }) });
    expect(model.nextHref).toBe(nextHref);
    expect(model.firstHref).toBe(firstHref);
    expect(model.lastPageNote).toBe(note);
  });

  it.each(["de", "en"] as const)("%s: an empty result says so and offers a hint", (lang) => {
    const model = build(lang, { items: [], count: { n: 0, capped: false } });
    expect(model.posts).toEqual([]);
    expect(model.pageSentence).toBeNull();
    expect(model.empty?.text).toMatch(lang === "de" ? /Keine Beiträge/ : /No posts/);
  });
});
