import { Hono } from "hono";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getPosts, getProfiles, xrpcUrl } from "../../collectors/bluesky/api.ts";
import {
  getPostsResponseSchema,
  getProfilesResponseSchema,
  postViewSchema,
} from "../../collectors/bluesky/schema.ts";
import { campaignTagsOf } from "../../collectors/bluesky/transform.ts";
import { abortableSleep, createHttpClient, newRequestStats, rateLimitWaitMs } from "../../collectors/http.ts";
import {
  type FakeBluesky,
  fakeDid,
  postEvent,
  postViewOf,
  profileOf,
  startFakeBluesky,
} from "../helpers/fake-bluesky.ts";
import { hasFeeds, NO_SHARED, readFeedJson } from "../helpers/shared.ts";

if (!hasFeeds) console.warn(NO_SHARED);

describe.skipIf(!hasFeeds)("Bluesky XRPC schemas on recorded real answers", () => {
  it("reads a real getPosts answer", () => {
    const { posts } = getPostsResponseSchema.parse(readFeedJson("bluesky-getPosts-bsky.social.json"));
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({
      uri: "at://did:plc:ic6zqvuw5ulmfpjiwnhsr2ns/app.bsky.feed.post/3k7qmjev5lr2s",
      author: { did: "did:plc:ic6zqvuw5ulmfpjiwnhsr2ns", handle: "soubhikbarari.bsky.social" },
      likeCount: 4,
      repostCount: 0,
      replyCount: 0,
      quoteCount: 0,
    });
  });

  it("reads a real getProfiles answer with its follower count", () => {
    const { profiles } = getProfilesResponseSchema.parse(
      readFeedJson("bluesky-getProfiles-bsky.social.json"),
    );
    expect(profiles).toEqual([
      expect.objectContaining({
        did: "did:plc:wpe35pganb6d4pg4ekmfy6u5",
        handle: "chriskenny.bsky.social",
        displayName: "Chris Kenny",
        followersCount: 554,
      }),
    ]);
  });

  it("reads Bluesky's RateLimit-Reset (a Unix time) from the recorded headers", () => {
    const { headers } = readFeedJson<{ headers: Record<string, string> }>(
      "bluesky-getProfiles-bsky.social.headers.json",
    );
    const now = Date.parse("2025-05-19T17:41:25Z");
    const wait = rateLimitWaitMs(new Headers(headers), now);
    expect(wait).toBe(1747676784 * 1000 - now + 250);
  });

  it("reads every PostView of a real searchPosts answer, tags from facets and text", () => {
    const raw = readFeedJson<{ posts: unknown[] }>("bluesky-searchPosts-bsky.social-redistricting.json");
    const views = raw.posts.map((p) => postViewSchema.parse(p));
    expect(views).toHaveLength(25);
    const tagged = views.map((v) => campaignTagsOf(v.record)).filter((t) => t.length > 0);
    // One post with a #tag facet, three bot posts whose "#sociology" has no facet.
    expect(tagged).toEqual([["sociology"], ["sociology"], ["sociology"], ["txlege"]]);
  });
});

describe("Bluesky XRPC client against a loopback AppView", () => {
  let fake: FakeBluesky;
  beforeEach(async () => {
    fake = await startFakeBluesky();
  });
  afterEach(() => fake.close());

  const http = () =>
    createHttpClient(
      { timeoutMs: 5000, maxRetries: 1, maxRateLimitWaitMs: 1000, backoffBaseMs: 5, userAgent: "t" },
      { fetch, sleep: abortableSleep, random: Math.random, now: Date.now },
    );

  it("asks 25 keys at a time and leaves out what the AppView does not know", async () => {
    const events = Array.from({ length: 60 }, (_, i) =>
      postEvent({ did: fakeDid(`u${i % 30}`), rkey: `r${i}`, timeUs: 1_745_000_000_000_000 + i, text: "#x" }),
    );
    // Every third post was deleted meanwhile; user 7 is suspended.
    events.forEach((e, i) => {
      if (i % 3 !== 0)
        fake.posts.set(postViewOf(e, `u${i}.bsky.social`).uri, postViewOf(e, `u${i}.bsky.social`));
    });
    for (let i = 0; i < 30; i++)
      if (i !== 7) fake.profiles.set(fakeDid(`u${i}`), profileOf(fakeDid(`u${i}`), `u${i}.bsky.social`, i));
    const uris = events.map((e) => `at://${e.did}/app.bsky.feed.post/${(e.commit as { rkey: string }).rkey}`);
    const stats = newRequestStats();
    const signal = new AbortController().signal;

    const posts = await getPosts(http(), fake.service, [...uris, uris[0] as string], { signal, stats });
    expect(posts.found.size).toBe(40);
    expect(posts.found.has(uris[0] as string)).toBe(false);
    expect(posts.found.get(uris[1] as string)?.author.handle).toBe("u1.bsky.social");

    const profiles = await getProfiles(
      http(),
      fake.service,
      events.map((e) => e.did),
      { signal, stats },
    );
    expect(profiles.found.size).toBe(29);
    expect(profiles.found.get(fakeDid("u3"))?.followersCount).toBe(3);

    expect(fake.xrpc.map((r) => [r.method, r.keys, r.status])).toEqual([
      ["getPosts", 25, 200],
      ["getPosts", 25, 200],
      ["getPosts", 10, 200],
      ["getProfiles", 25, 200],
      ["getProfiles", 5, 200],
    ]);
    expect(stats.requests).toBe(5);
  });

  it("keeps a service URL's path prefix", () => {
    expect(xrpcUrl("http://h:1/bsky", "app.bsky.feed.getPosts", "uris", ["at://a/b/c", "at://d/e/f"])).toBe(
      "http://h:1/bsky/xrpc/app.bsky.feed.getPosts?uris=at%3A%2F%2Fa%2Fb%2Fc&uris=at%3A%2F%2Fd%2Fe%2Ff",
    );
  });

  it("drops one malformed view and keeps the others", async () => {
    const app = new Hono();
    const good = postViewOf(
      postEvent({ did: fakeDid("a"), rkey: "1", timeUs: 1, text: "x" }),
      "a.bsky.social",
    );
    app.get("/xrpc/app.bsky.feed.getPosts", (c) => c.json({ posts: [good, { uri: "at://broken" }] }));
    const fetchApp: typeof fetch = async (input, init) => app.request(String(input), init);
    const client = createHttpClient(
      { timeoutMs: 1000, maxRetries: 0, maxRateLimitWaitMs: 0, backoffBaseMs: 1, userAgent: "t" },
      { fetch: fetchApp, sleep: abortableSleep, random: Math.random, now: Date.now },
    );
    const r = await getPosts(client, "http://x", [good.uri, "at://broken"], {
      signal: new AbortController().signal,
      stats: newRequestStats(),
    });
    expect([...r.found.keys()]).toEqual([good.uri]);
    expect(r.rejected).toEqual([{ key: "at://broken", reason: expect.stringContaining("cid") }]);
  });
});
