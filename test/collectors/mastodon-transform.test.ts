import { describe, expect, it } from "vitest";
import { htmlToPlainText } from "../../collectors/html-text.ts";
import { compareIds, nextLink } from "../../collectors/mastodon/api.ts";
import { mastodonStatusSchema } from "../../collectors/mastodon/schema.ts";
import { transformStatus, transformTimeline } from "../../collectors/mastodon/transform.ts";
import type { NormalizedPost } from "../../collectors/types.ts";
import { createTestDb } from "../helpers/db.ts";
import { hasFeeds, NO_SHARED, readFeed, readFeedJson } from "../helpers/shared.ts";

if (!hasFeeds) console.warn(NO_SHARED);

describe.skipIf(!hasFeeds)("Mastodon transform on recorded real payloads", () => {
  const social = () => readFeedJson<unknown[]>("mastodon-tag-timeline-mastodon.social-rstats.json");
  const fosstodon = () => readFeedJson<unknown[]>("mastodon-tag-timeline-fosstodon.org-rstats.json");

  it("turns every status of a real tag timeline into a post, ids kept as strings", () => {
    const page = transformTimeline(social(), "https://mastodon.social");
    expect(page.rejected).toEqual([]);
    expect(page.posts).toHaveLength(5);
    const first = page.posts[0] as NormalizedPost;
    expect(first).toMatchObject({
      uid: "mastodon:https://rstats.me/users/simonpcouch/statuses/114870142137562212",
      platform: "mastodon",
      remoteId: "114870142396314555",
      originInstance: "rstats.me",
      url: "https://rstats.me/@simonpcouch/114870142137562212",
      createdAt: "2025-07-17T19:07:48.000Z",
      lang: "en",
      author: { handle: "@simonpcouch@rstats.me", name: "Simon P. Couch", followers: 656 },
      countsFromOrigin: false,
      hashtags: ["rstats"],
    });
  });

  it("converts HTML content to plain text, rejoining Mastodon's split link text", () => {
    const first = transformTimeline(social(), "https://mastodon.social").posts[0] as NormalizedPost;
    expect(first.text).toContain("ability to peruse #rstats package documentation via MCP");
    expect(first.text).toContain("https://www.simonpcouch.com/blog/2025-07-17-claude-code-2/");
    expect(first.text).not.toMatch(/<|&amp;|&quot;/);
  });

  it("gives a post federated to two instances the same uid, and marks only the origin's counts", () => {
    const a = transformTimeline(social(), "https://mastodon.social").posts;
    const b = transformTimeline(fosstodon(), "https://fosstodon.org").posts;
    expect(b.map((p) => p.uid)).toEqual(a.map((p) => p.uid));
    expect(b.map((p) => p.remoteId)).not.toEqual(a.map((p) => p.remoteId));
    // useR_conf posts on mastodon.social: a local account there (acct without domain), remote on fosstodon.
    expect(a[1]?.author.handle).toBe("@user_conf@mastodon.social");
    expect(b[1]?.author.handle).toBe("@user_conf@mastodon.social");
    expect(a.map((p) => p.countsFromOrigin)).toEqual([false, true, false, false, false]);
    expect(b.every((p) => !p.countsFromOrigin)).toBe(true);
  });

  it("stores the two instances' pages as five posts, once each", async () => {
    const { database, store } = await createTestDb();
    store.ingestBatch({
      source: "mastodon",
      target: "mastodon.social#rstats",
      posts: transformTimeline(social(), "https://mastodon.social").posts,
    });
    const r = store.ingestBatch({
      source: "mastodon",
      target: "fosstodon.org#rstats",
      posts: transformTimeline(fosstodon(), "https://fosstodon.org").posts,
    });
    expect(r.inserted).toBe(0);
    const rows = await database.db
      .selectFrom("posts")
      .select(["uid", "likes", "counts_from"])
      .orderBy("id")
      .execute();
    expect(rows).toHaveLength(5);
    // mastodon.social is useR_conf's origin: its counts (0 likes) stay although fosstodon showed its own.
    expect(rows[1]).toMatchObject({ counts_from: "origin", likes: 0 });
    // For the others no origin was seen: the larger count of the two copies is kept.
    expect(rows[2]).toMatchObject({ counts_from: "remote", likes: 2 });
    const sources = await database.db.selectFrom("post_sources").select("target").execute();
    expect(sources).toHaveLength(10);
    await database.close();
  });

  it("gives a Bluesky post bridged into the fediverse its Bluesky uid", () => {
    const bridged = transformTimeline(social(), "https://mastodon.social").posts[4] as NormalizedPost;
    expect(bridged.uid).toBe(
      "bluesky:at://did:plc:hmk4f5yf3ohtsvw32sbtwvk3/app.bsky.feed.post/3lu66quubp22m",
    );
  });

  it("reads a single status at its origin as authoritative", () => {
    const s = mastodonStatusSchema.parse(readFeedJson("mastodon-status-fosstodon.org-single.json"));
    const p = transformStatus(s, "https://fosstodon.org") as NormalizedPost;
    expect(p).toMatchObject({
      remoteId: "114620457512351116",
      countsFromOrigin: true,
      author: { handle: "@schochastics@fosstodon.org" },
    });
  });

  it("reads the documented 4.5 Status example including quotes_count", () => {
    const s = mastodonStatusSchema.parse(readFeedJson("mastodon-status-docs-example.json"));
    const p = transformStatus(s, "https://mastodon.social") as NormalizedPost;
    expect(p.counts.quotes).toBe(2);
    expect(p.countsFromOrigin).toBe(true);
  });

  it("rejects the documentation's elided statuses with the missing field named, keeping the rest", () => {
    const jsonc = readFeed("mastodon-tag-timeline-docs-sample.jsonc");
    const statuses = JSON.parse(
      jsonc.replace(/^\s*\/\/.*$/gm, "").replace(/,(\s*[}\]])/g, "$1"),
    ) as unknown[];
    const page = transformTimeline(statuses, "https://mastodon.social");
    expect(page.posts).toHaveLength(0);
    expect(page.rejected.map((r) => r.index)).toEqual([0, 1]);
    expect(page.rejected[0]?.reason).toMatch(/^uri: /);
  });

  it("parses real Link headers for the next page, same origin only", () => {
    const header = readFeed("mastodon-link-header-mastodon.social.txt")
      .replace(/^link:\s*/i, "")
      .trim();
    const req = "https://mastodon.social/api/v1/timelines/tag/rstats?limit=5";
    expect(nextLink(header, req)).toBe(
      "https://mastodon.social/api/v1/timelines/tag/rstats?limit=5&local=FALSE&max_id=114869144089828147&only_media=FALSE",
    );
    const docs = readFeed("mastodon-link-header-docs-example.txt")
      .replace(/^link:\s*/i, "")
      .trim();
    expect(nextLink(docs, "https://mastodon.example/api/v1/endpoint")).toBe(
      "https://mastodon.example/api/v1/endpoint?max_id=7163058",
    );
    expect(nextLink(docs, "https://elsewhere.example/api/v1/endpoint")).toBeNull();
  });
});

describe("Mastodon transform on constructed input", () => {
  const base = {
    id: "1",
    uri: "https://social.bund.de/users/bmwk/statuses/1",
    created_at: "2017-04-20T07:00:00.000Z",
    content: "<p>Hallo</p>",
    account: { id: "9", username: "bmwk", acct: "bmwk", followers_count: 5000 },
    tags: [{ name: "Clusterwoche" }],
  };

  it.each([
    ["boost", { ...base, reblog: { ...base } }, { posts: 0, skipped: 1, rejected: 0 }],
    ["not an object", "nope", { posts: 0, skipped: 0, rejected: 1 }],
    ["id missing", { ...base, id: undefined }, { posts: 0, skipped: 0, rejected: 1 }],
    ["bad date", { ...base, created_at: "gestern" }, { posts: 0, skipped: 0, rejected: 1 }],
    ["uri not a URL", { ...base, uri: "tag:foo" }, { posts: 0, skipped: 0, rejected: 1 }],
    ["counts missing or negative", { ...base, favourites_count: -3 }, { posts: 1, skipped: 0, rejected: 0 }],
  ])("%s", (_name, status, expected) => {
    const page = transformTimeline([status], "https://social.bund.de");
    expect({ posts: page.posts.length, skipped: page.skipped, rejected: page.rejected.length }).toEqual(
      expected,
    );
  });

  it("keeps hostile markup as inert text and drops script elements", () => {
    const page = transformTimeline(
      [
        {
          ...base,
          content:
            '<p>&lt;script&gt;alert(1)&lt;/script&gt; =HYPERLINK("x")</p><script>alert(2)</script><img src=x onerror=alert(3)>',
        },
      ],
      "https://social.bund.de",
    );
    expect(page.posts[0]?.text).toBe('<script>alert(1)</script> =HYPERLINK("x")');
  });

  it("prefixes the content warning, lower-cases tags and completes local handles", () => {
    const p = transformTimeline(
      [{ ...base, spoiler_text: "Achtung", tags: [{ name: "Clusterwoche" }, { name: "clusterwoche" }] }],
      "https://social.bund.de",
    ).posts[0] as NormalizedPost;
    expect(p.text).toBe("Achtung\n\nHallo");
    expect(p.hashtags).toEqual(["clusterwoche"]);
    expect(p.author.handle).toBe("@bmwk@social.bund.de");
    expect(p.countsFromOrigin).toBe(true);
  });

  it.each([
    ["<p>a</p><p>b</p>", "a\nb"],
    ["<p>Grüße &amp; „Zitat“ 😺</p>", "Grüße & „Zitat“ 😺"],
    ['<p>x<br>y</p><p><a href="https://e.org/x">e.org/x</a></p>', "x\ny\ne.org/x"],
    ["", ""],
  ])("htmlToPlainText(%j)", (html, text) => {
    expect(htmlToPlainText(html)).toBe(text);
  });

  it.each([
    ["9", "10", -1],
    ["114869144089828147", "114869144089828147", 0],
    ["114870142396314555", "114869144089828147", 1],
  ])("compareIds(%s, %s) has the sign of %d", (a, b, sign) => {
    expect(Math.sign(compareIds(a, b))).toBe(sign);
  });
});
