import { describe, expect, it } from "vitest";
import { parseFeed } from "../../collectors/rss/parse.ts";
import type { FeedItem } from "../../collectors/rss/schema.ts";
import { extractHashtags, type FeedSource, itemToPost } from "../../collectors/rss/transform.ts";
import type { NormalizedPost } from "../../collectors/types.ts";
import { tagMatchesCampaign } from "../../data/campaign.ts";
import { hasFeeds, NO_SHARED, readFeed } from "../helpers/shared.ts";

if (!hasFeeds) console.warn(NO_SHARED);

const feed: FeedSource = {
  url: "https://presse.example.de/feeds/pm.rss",
  title: "Pressemitteilungen",
  link: "https://presse.example.de/",
};
const opts = {
  isCampaignTag: (tag: string) => tagMatchesCampaign(tag, ["Clusterwoche"]),
  keywords: ["Clusterwoche", "Cluster-Woche"],
  now: new Date("2019-04-05T12:00:00Z"),
};
const base: FeedItem = {
  guid: "https://presse.example.de/pm/1",
  link: "https://presse.example.de/pm/1",
  title: "Pressemitteilung",
  html: "<p>Innovationscluster stellen sich vor.</p>",
  published: "2019-04-02T08:00:00.000Z",
  author: null,
  categories: [],
};

describe("RSS item relevance", () => {
  it.each([
    ["hashtag in the text", { html: "<p>Heute: #Clusterwoche in Jena</p>" }, true],
    ["year-suffixed hashtag in the title", { title: "Rückblick #clusterwoche19" }, true],
    [
      "hashtag inside a link's text",
      { html: '<a href="https://x.de/tags/cw">#<span>Clusterwoche</span></a>' },
      true,
    ],
    ["category", { categories: ["Clusterwoche"] }, true],
    ["category with #", { categories: ["#Clusterwoche2019"] }, true],
    ["keyword in the title, other case", { title: "Die CLUSTERWOCHE beginnt" }, true],
    ["keyword with hyphen in the text", { html: "<p>zur Cluster-Woche.</p>" }, true],
    ["keyword only inside a longer word", { title: "Clusterwochenende" }, false],
    ["hashtag with a wrong suffix", { html: "<p>#Clusterwochen</p>" }, false],
    ["URL fragment is no hashtag", { html: "<p>https://x.de/page#clusterwoche2019</p>" }, false],
    ["a phrase category is no hashtag", { categories: ["Clusterwoche Deutschland"] }, false],
    ["unrelated", {}, false],
  ])("%s → kept: %s", (_name, patch, kept) => {
    expect(itemToPost({ ...base, ...patch }, feed, opts) !== null).toBe(kept);
  });

  it.each([
    [
      "a keyword that is a campaign hashtag counts as that hashtag",
      "Die Clusterwoche beginnt",
      ["clusterwoche"],
    ],
    ["another keyword makes the item relevant, adds no hashtag", "Die Cluster-Woche beginnt", []],
  ])("%s", (_name, title, hashtags) => {
    expect(itemToPost({ ...base, title }, feed, opts)?.hashtags).toEqual(hashtags);
  });

  it("matches nothing by keyword when none are configured", () => {
    const item = { ...base, title: "Clusterwoche" };
    expect(itemToPost(item, feed, { ...opts, keywords: [] })).toBeNull();
  });

  it.each([
    ["#Clusterwoche, #innovation2019 und #42", ["Clusterwoche", "innovation2019"]],
    ["a#b &#35;c (#Jena) #München!", ["Jena", "München"]],
    ["", []],
  ])("extractHashtags(%j)", (text, tags) => {
    expect(extractHashtags(text)).toEqual(tags);
  });
});

describe("RSS item to post", () => {
  const kept = { ...base, categories: ["Clusterwoche", "Innovation", "Wirtschaft und Energie"] };

  it("maps every field", () => {
    expect(itemToPost({ ...kept, author: "Jana Muster" }, feed, opts)).toEqual({
      uid: "rss:https://presse.example.de/pm/1",
      platform: "rss",
      originInstance: "presse.example.de",
      url: "https://presse.example.de/pm/1",
      remoteId: "https://presse.example.de/pm/1",
      createdAt: "2019-04-02T08:00:00.000Z",
      editedAt: null,
      text: "Pressemitteilung\n\nInnovationscluster stellen sich vor.",
      lang: null,
      author: {
        handle: "@presse.example.de",
        name: "Jana Muster",
        url: "https://presse.example.de/",
        followers: 0,
      },
      counts: { likes: 0, reposts: 0, replies: 0, quotes: 0 },
      countsFromOrigin: true,
      hashtags: ["clusterwoche", "innovation"],
    } satisfies NormalizedPost);
  });

  it.each([
    ["URL guid", { guid: "https://presse.example.de/pm/1?x=1" }, "rss:https://presse.example.de/pm/1?x=1"],
    ["tag: URI guid", { guid: "tag:bmwk.de,2019:1" }, "rss:tag:bmwk.de,2019:1"],
    ["bare guid, qualified by the feed's host", { guid: "4711" }, "rss:presse.example.de/4711"],
    [
      "no guid: the link",
      { guid: null, link: "https://presse.example.de/pm/9" },
      "rss:https://presse.example.de/pm/9",
    ],
    ["neither", { guid: null, link: null }, null],
  ])("uid from %s", (_name, patch, uid) => {
    expect(itemToPost({ ...kept, ...patch }, feed, opts)?.uid ?? null).toBe(uid);
  });

  it("falls back to now, the feed title and the feed's host when the item lacks them", () => {
    const p = itemToPost({ ...kept, published: null, link: null, title: "", guid: "x:1" }, feed, opts);
    expect(p).toMatchObject({
      createdAt: "2019-04-05T12:00:00.000Z",
      originInstance: "presse.example.de",
      url: null,
      text: "Innovationscluster stellen sich vor.",
      author: { handle: "@presse.example.de", name: "Pressemitteilungen" },
    });
  });

  it("turns hostile HTML into inert text: scripts dropped, escaped markup stays text", () => {
    const p = itemToPost(
      {
        ...kept,
        html: '<p>&lt;script&gt;alert(1)&lt;/script&gt; =HYPERLINK("x")</p><script>alert(2)</script><img src=x onerror=alert(3)><style>p{}</style>',
      },
      feed,
      opts,
    );
    expect(p?.text).toBe('Pressemitteilung\n\n<script>alert(1)</script> =HYPERLINK("x")');
  });
});

describe.skipIf(!hasFeeds)("RSS transform on recorded real feeds", () => {
  it("keeps Mastodon tag-feed posts by their hashtags, with the plain text Mastodon shows", () => {
    const parsed = parseFeed(readFeed("mastodon-tag-feed-hachyderm-kubernetes.rss"));
    const source = {
      url: "https://hachyderm.io/tags/kubernetes.rss",
      title: parsed.title,
      link: parsed.link,
    };
    const posts = parsed.items
      .map((i) => itemToPost(i, source, { ...opts, isCampaignTag: (t) => t === "kubernetes", keywords: [] }))
      .filter((p) => p !== null);
    expect(posts).toHaveLength(4);
    expect(posts[0]).toMatchObject({
      uid: "rss:https://ioc.exchange/@jon404/111544891736153138",
      originInstance: "ioc.exchange",
      createdAt: "2023-12-08T12:52:54.000Z",
      author: { handle: "@hachyderm.io", name: "#kubernetes", followers: 0 },
    });
    expect(posts[0]?.text).toMatch(/^Shameless blog series plug\n/);
    expect(posts[0]?.text).toContain("If you're in to #kubernetes and #homelab setups");
    expect(posts[0]?.text).toContain("https://www.linuxquestions.org/questions/blog/rocket357-328529/");
    expect(posts[0]?.hashtags).toEqual([
      "kubernetes",
      "homelab",
      "virtualization",
      "selfhosted",
      "openbsd",
      "bgp",
      "ospf",
    ]);
    expect(posts[2]?.hashtags).toContain("vsphere");
  });

  it("keeps Google News items by keyword only, qualifying their bare guids", () => {
    const parsed = parseFeed(readFeed("rss-google-news-de-topstories.xml"));
    const source = {
      url: "https://news.google.com/rss?hl=de&gl=DE&ceid=DE:de",
      title: parsed.title,
      link: parsed.link,
    };
    const posts = parsed.items
      .map((i) => itemToPost(i, source, { ...opts, keywords: ["ukraine"] }))
      .filter((p) => p !== null);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({
      uid: "rss:news.google.com/CBMilgFodHRwczovL3d3dy50YWdlc3NwaWVnZWwuZGUvaW50ZXJuYXRpb25hbGVzL2xhc3Nlbi1kaWUtdXNhLWRpZS11a3JhaW5lLWltLXN0aWNoLXVzLWZpbmFuem1pbmlzdGVyaW4tc3ByaWNodC12b24ta2F0YXN0cm9waGFsZXItc2l0dWF0aW9uLTEwODg3Nzg3Lmh0bWzSAQA",
      createdAt: "2023-12-06T15:38:00.000Z",
      author: { handle: "@news.google.com", name: "Schlagzeilen - Aktuell - Google News" },
      hashtags: [],
    });
    expect(posts[0]?.text).toMatch(/^Lassen die USA die Ukraine im Stich\?/);
    expect(posts[0]?.text).not.toMatch(/<|&nbsp;|&amp;/);
  });
});
