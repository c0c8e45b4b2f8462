import { describe, expect, it } from "vitest";
import { jetstreamEventSchema, postViewSchema } from "../../collectors/bluesky/schema.ts";
import { classifyEvent, eventToPost, postViewToPost } from "../../collectors/bluesky/transform.ts";
import { blueskyOriginOf, canonicalUid, fediverseOriginOf } from "../../collectors/bridges.ts";
import { mastodonStatusSchema } from "../../collectors/mastodon/schema.ts";
import { transformTimeline } from "../../collectors/mastodon/transform.ts";
import { postEvent, searchableView } from "../helpers/fake-bluesky.ts";
import { hasFeeds, NO_SHARED, readFeedJson } from "../helpers/shared.ts";

if (!hasFeeds) console.warn(NO_SHARED);

const AT = "at://did:plc:hmk4f5yf3ohtsvw32sbtwvk3/app.bsky.feed.post/3lu66quubp22m";
const BRIDGE = "alice.mastodon.social.ap.brid.gy";

describe("canonicalUid", () => {
  it.each([
    // Bluesky posts mirrored into the fediverse are the Bluesky post.
    ["mastodon", `https://bsky.brid.gy/convert/ap/${AT}`, {}, `bluesky:${AT}`],
    ["mastodon", `https://BSKY.brid.gy/convert/ap/${AT}`, {}, `bluesky:${AT}`],
    ["mastodon", `https://bsky.brid.gy/convert/ap/${encodeURIComponent(AT)}`, {}, `bluesky:${AT}`],
    [
      "mastodon",
      "https://bsky.brid.gy/convert/ap/at://did:web:example.com/app.bsky.feed.post/3abc",
      {},
      "bluesky:at://did:web:example.com/app.bsky.feed.post/3abc",
    ],
    // …but only posts with a DID authority, and only through the bridge's convert path.
    [
      "mastodon",
      "https://bsky.brid.gy/convert/ap/at://alice.bsky.social/app.bsky.feed.post/3abc",
      {},
      "mastodon:https://bsky.brid.gy/convert/ap/at://alice.bsky.social/app.bsky.feed.post/3abc",
    ],
    [
      "mastodon",
      `https://bsky.brid.gy/convert/ap/${AT.replace("feed.post", "feed.like")}`,
      {},
      `mastodon:https://bsky.brid.gy/convert/ap/${AT.replace("feed.post", "feed.like")}`,
    ],
    [
      "mastodon",
      "https://bsky.brid.gy/ap/did:plc:hmk4f5yf3ohtsvw32sbtwvk3",
      {},
      "mastodon:https://bsky.brid.gy/ap/did:plc:hmk4f5yf3ohtsvw32sbtwvk3",
    ],
    [
      "mastodon",
      `https://evil.example/convert/ap/${AT}`,
      {},
      `mastodon:https://evil.example/convert/ap/${AT}`,
    ],
    [
      "mastodon",
      "https://mastodon.social/users/a/statuses/1",
      {},
      "mastodon:https://mastodon.social/users/a/statuses/1",
    ],
    // Mastodon posts mirrored into Bluesky are the Mastodon post, under its ActivityPub uri.
    [
      "bluesky",
      AT,
      { handle: BRIDGE, originalUrl: "https://mastodon.social/@alice/114869144089828147" },
      "mastodon:https://mastodon.social/users/alice/statuses/114869144089828147",
    ],
    [
      "bluesky",
      AT,
      { handle: `@${BRIDGE.toUpperCase()}`, originalUrl: "https://mastodon.social/@alice/1" },
      "mastodon:https://mastodon.social/users/alice/statuses/1",
    ],
    [
      "bluesky",
      AT,
      { handle: BRIDGE, originalUrl: "https://mastodon.social/users/alice/statuses/1" },
      "mastodon:https://mastodon.social/users/alice/statuses/1",
    ],
    // Other fediverse software: the URL as given (Misskey's url is its id).
    [
      "bluesky",
      AT,
      { handle: "bob.misskey.io.ap.brid.gy", originalUrl: "https://misskey.io/notes/9x2k" },
      "mastodon:https://misskey.io/notes/9x2k",
    ],
    // A remote status shown on another instance, a query or a fragment: not a status page, kept as given.
    [
      "bluesky",
      AT,
      { handle: BRIDGE, originalUrl: "https://mastodon.social/@alice@other.example/1" },
      "mastodon:https://mastodon.social/@alice@other.example/1",
    ],
    // Not bridged from the fediverse: no bridge handle, a web-site bridge, no or a bad original.
    [
      "bluesky",
      AT,
      { handle: "alice.bsky.social", originalUrl: "https://mastodon.social/@alice/1" },
      `bluesky:${AT}`,
    ],
    [
      "bluesky",
      AT,
      { handle: "alice.com.web.brid.gy", originalUrl: "https://alice.com/2025/post" },
      `bluesky:${AT}`,
    ],
    ["bluesky", AT, { handle: BRIDGE }, `bluesky:${AT}`],
    ["bluesky", AT, { handle: BRIDGE, originalUrl: 42 }, `bluesky:${AT}`],
    ["bluesky", AT, { handle: BRIDGE, originalUrl: "not a url" }, `bluesky:${AT}`],
    ["bluesky", AT, { handle: BRIDGE, originalUrl: "javascript:alert(1)" }, `bluesky:${AT}`],
    [
      "bluesky",
      AT,
      { handle: BRIDGE, originalUrl: `https://bsky.brid.gy/convert/ap/${AT}` },
      `bluesky:${AT}`,
    ],
    ["bluesky", AT, { handle: BRIDGE, originalUrl: "https://bsky.app/profile/x/post/1" }, `bluesky:${AT}`],
    ["bluesky", AT, {}, `bluesky:${AT}`],
    // Other platforms pass through.
    ["rss", "https://example.org/a", {}, "rss:https://example.org/a"],
  ])("%s %s %j → %s", (platform, raw, hints, uid) => {
    expect(canonicalUid(platform, raw, hints)).toBe(uid);
  });

  it("exposes the two directions on their own", () => {
    expect(blueskyOriginOf(`https://bsky.brid.gy/convert/ap/${AT}`)).toBe(AT);
    expect(blueskyOriginOf(`https://bsky.brid.gy/convert/ap/${encodeURIComponent(AT)}%ZZ`)).toBeNull();
    expect(fediverseOriginOf({ handle: BRIDGE, originalUrl: " https://x.example/@a/7 " })).toBe(
      "https://x.example/users/a/statuses/7",
    );
  });
});

describe.skipIf(!hasFeeds)("bridged posts in recorded payloads", () => {
  const timelines = [
    ["https://mastodon.social", "mastodon-tag-timeline-mastodon.social-rstats.json"],
    ["https://fosstodon.org", "mastodon-tag-timeline-fosstodon.org-rstats.json"],
  ] as const;

  it("gives the real bridged status the uid the Bluesky collector gives the original, on both instances", () => {
    for (const [, file] of timelines) {
      const statuses = readFeedJson<unknown[]>(file).map((s) => mastodonStatusSchema.parse(s));
      const bridged = statuses.filter((s) => s.uri.startsWith("https://bsky.brid.gy/"));
      expect(bridged.map((s) => s.uri)).toEqual([`https://bsky.brid.gy/convert/ap/${AT}`]);
      expect(bridged[0]?.account.acct).toBe("pp0196.bsky.social@bsky.brid.gy");
      expect(canonicalUid("mastodon", bridged[0]?.uri as string)).toBe(`bluesky:${AT}`);
      // Every other status keeps its own uid.
      for (const s of statuses.filter((s) => s !== bridged[0]))
        expect(canonicalUid("mastodon", s.uri)).toBe(`mastodon:${s.uri}`);
    }
    // The same post as the Bluesky collector sees it on Jetstream.
    const event = postEvent({
      did: "did:plc:hmk4f5yf3ohtsvw32sbtwvk3",
      rkey: "3lu66quubp22m",
      timeUs: Date.parse("2025-07-17T14:53:54.917Z") * 1000,
      text: "#rstats #FunctionalProgramming",
      langs: ["en"],
    });
    const c = classifyEvent(jetstreamEventSchema.parse(event));
    if (c.type !== "post") throw new Error("not a post");
    expect(eventToPost(c.post).uid).toBe(`bluesky:${AT}`);
  });

  it("gives a Bluesky mirror of each real Mastodon status the uid the Mastodon transform gives it", () => {
    let checked = 0;
    for (const [instance, file] of timelines) {
      for (const post of transformTimeline(readFeedJson<unknown[]>(file), instance).posts) {
        if (!post.url || post.uid.startsWith("bluesky:")) continue; // already a bridged Bluesky post
        const origin = new URL(post.url);
        const user = /^\/@([^/]+)\//.exec(origin.pathname)?.[1] as string;
        const mirror = searchableView({
          did: "did:plc:bridgedmirrorxxxxxxxxxxxxx",
          handle: `${user}.${origin.host}.ap.brid.gy`.toLowerCase(),
          rkey: `m${++checked}`,
          text: post.text,
          at: post.createdAt,
          bridgyOriginalUrl: post.url,
        });
        const mirrored = postViewToPost(postViewSchema.parse(mirror));
        if (typeof mirrored === "string") throw new Error(mirrored);
        expect(mirrored.uid).toBe(post.uid);
        expect(mirrored).toMatchObject({
          platform: "bluesky",
          url: post.url,
          originInstance: post.originInstance,
          countsFromOrigin: false,
        });
      }
    }
    expect(checked).toBe(8);
  });
});
