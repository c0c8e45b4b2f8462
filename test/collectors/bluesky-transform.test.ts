import { describe, expect, it } from "vitest";
import {
  type JetstreamEvent,
  jetstreamEventSchema,
  type PostRecord,
  type PostView,
  type ProfileView,
  postRecordSchema,
  postViewSchema,
  profileViewSchema,
  searchPostsEnvelopeSchema,
  searchPostsResponseSchema,
} from "../../collectors/bluesky/schema.ts";
import {
  campaignTagsOf,
  classifyEvent,
  eventToPost,
  facetText,
  hashtagsInText,
  isCampaignPost,
  type PostEvent,
  postViewToPost,
  sliceUtf8,
} from "../../collectors/bluesky/transform.ts";
import type { NormalizedPost } from "../../collectors/types.ts";
import { fakeDid, postEvent } from "../helpers/fake-bluesky.ts";
import { hasFeeds, NO_SHARED, readFeed, readFeedJson } from "../helpers/shared.ts";

if (!hasFeeds) console.warn(NO_SHARED);

const record = (r: Partial<PostRecord>): PostRecord =>
  postRecordSchema.parse({ createdAt: "2017-04-20T08:00:00Z", text: "", ...r });

function asPost(event: unknown): PostEvent {
  const c = classifyEvent(jetstreamEventSchema.parse(event));
  if (c.type !== "post") throw new Error(`not a post: ${c.type}`);
  return c.post;
}

describe.skipIf(!hasFeeds)("Bluesky transform on recorded Jetstream events", () => {
  const events = () =>
    readFeed("bluesky-jetstream-v1-events.jsonl")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as unknown);
  const withTags = () => readFeedJson("bluesky-jetstream-v1-post-with-tags.json");

  it("reads all 152 recorded events and keeps exactly the post creates, counting the deletion apart", () => {
    const raw = events();
    expect(raw).toHaveLength(152);
    const parsed = raw.map((e) => jetstreamEventSchema.safeParse(e));
    expect(parsed.filter((p) => !p.success)).toEqual([]);
    const classified = parsed.map((p) => classifyEvent(p.data as JetstreamEvent));
    const byType = (t: string) => classified.filter((c) => c.type === t);
    expect(byType("post")).toHaveLength(17);
    expect(byType("delete")).toEqual([
      { type: "delete", uri: "at://did:plc:4smmjsqf6l5jkzczvw6vsrqc/app.bsky.feed.post/3mpt73z3ejc2p" },
    ]);
    expect(byType("rejected")).toEqual([]);
    // Likes, reposts, follows, blocks, statuses, identity and account events.
    expect(byType("other")).toHaveLength(134);
    // Every post create becomes a normalized post with a canonical at:// uid.
    for (const c of classified) {
      if (c.type !== "post") continue;
      const p = eventToPost(c.post);
      expect(p.uid).toMatch(/^bluesky:at:\/\/did:plc:[a-z0-9]+\/app\.bsky\.feed\.post\/[a-z0-9]+$/);
      expect(p.remoteId).toBe(p.uid.slice("bluesky:".length));
      expect(Number.isNaN(Date.parse(p.createdAt))).toBe(false);
    }
  });

  it("finds the tags of a real post with #tag facets, and only that post matches them", () => {
    const event = jetstreamEventSchema.parse(withTags());
    const post = asPost(event);
    expect(campaignTagsOf(post.record)).toEqual(["howtotellaitoshutup", "indierebellion"]);
    expect(isCampaignPost(event, (t) => t === "indierebellion")).toBe(true);
    expect(isCampaignPost(event, (t) => t === "clusterwoche")).toBe(false);
    const all = events().map((e) => jetstreamEventSchema.parse(e));
    expect(all.filter((e) => isCampaignPost(e, (t) => t === "indierebellion"))).toHaveLength(1);
    expect(all.filter((e) => isCampaignPost(e, (t) => t === "talesatwonderworld"))).toHaveLength(1);
    // A like of a post is never a campaign post, whatever the matcher says.
    expect(all.filter((e) => isCampaignPost(e, () => true))).toHaveLength(2);
  });

  it("slices the real facets at their UTF-8 byte offsets", () => {
    const { record: r } = asPost(withTags());
    const texts = (r.facets ?? []).map((f) => facetText(r.text, f));
    expect(texts).toEqual(["#HowToTellAiToShutUp", "#IndieRebellion"]);
  });

  it("normalizes a real post event without enrichment: author by DID, counts 0, not from origin", () => {
    const p = eventToPost(asPost(withTags()));
    expect(p).toEqual({
      uid: "bluesky:at://did:plc:tn3hni2jpphsgl6amfbb7ja6/app.bsky.feed.post/3mptbypfywk2v",
      platform: "bluesky",
      originInstance: "bsky.app",
      url: "https://bsky.app/profile/did:plc:tn3hni2jpphsgl6amfbb7ja6/post/3mptbypfywk2v",
      remoteId: "at://did:plc:tn3hni2jpphsgl6amfbb7ja6/app.bsky.feed.post/3mptbypfywk2v",
      createdAt: "2026-07-04T14:38:07.323Z",
      editedAt: null,
      text: expect.stringMatching(/^#HowToTellAiToShutUp!.*#IndieRebellion 😂/s),
      lang: "de",
      author: {
        handle: "@did:plc:tn3hni2jpphsgl6amfbb7ja6",
        name: null,
        url: "https://bsky.app/profile/did:plc:tn3hni2jpphsgl6amfbb7ja6",
        followers: 0,
      },
      counts: { likes: 0, reposts: 0, replies: 0, quotes: 0 },
      countsFromOrigin: false,
      hashtags: ["howtotellaitoshutup", "indierebellion"],
    });
  });

  it("takes counts from a real PostView and followers from a real profile", () => {
    const view = readFeedJson<{ posts: unknown[] }>("bluesky-getPosts-bsky.social.json").posts[0] as {
      uri: string;
      record: unknown;
    };
    const [, , did, , rkey] = view.uri.split("/") as string[];
    const event = {
      did,
      time_us: 1695123174574000,
      kind: "commit",
      commit: { rev: "r", operation: "create", collection: "app.bsky.feed.post", rkey, record: view.record },
    };
    const profile = readFeedJson<{ profiles: object[] }>("bluesky-getProfiles-bsky.social.json").profiles[0];
    // The recorded profile is someone else's: lend it to this author to see the followers flow through.
    const enrichment = {
      post: postViewSchema.parse(view),
      profile: profileViewSchema.parse({ ...profile, did }),
    };
    const p = eventToPost(asPost(event), enrichment);
    expect(p).toMatchObject({
      createdAt: "2023-09-19T11:32:54.574Z",
      lang: "en",
      author: { handle: "@soubhikbarari.bsky.social", name: "Chris Kenny", followers: 554 },
      counts: { likes: 4, reposts: 0, replies: 0, quotes: 0 },
      countsFromOrigin: true,
      // This post has no tag facets: its hashtags are found in the text.
      hashtags: ["rstats", "rgov"],
    });
    // A view of another post is not used.
    const other = eventToPost(asPost({ ...event, commit: { ...event.commit, rkey: "other" } }), enrichment);
    expect(other.countsFromOrigin).toBe(false);
    expect(other.counts.likes).toBe(0);
  });
});

describe.skipIf(!hasFeeds)("Bluesky transform of a real searchPosts page", () => {
  const page = () =>
    readFeedJson<{ posts: unknown[]; cursor?: string }>("bluesky-searchPosts-bsky.social-redistricting.json");
  const views = () => searchPostsResponseSchema.parse(page()).posts;
  const toPost = (v: PostView, profile?: ProfileView) => {
    const p = postViewToPost(v, profile);
    if (typeof p === "string") throw new Error(p);
    return p;
  };

  it("reads all 25 PostViews and the offset cursor", () => {
    const envelope = searchPostsEnvelopeSchema.parse(page());
    expect(envelope.cursor).toBe("25");
    expect(envelope.posts).toHaveLength(25);
    expect(envelope.posts.filter((p) => !postViewSchema.safeParse(p).success)).toEqual([]);
  });

  it("normalizes every view: its at:// uid, its counts from the AppView, times in UTC", () => {
    const all = views();
    const posts = all.map((v) => toPost(v));
    expect(new Set(posts.map((p) => p.uid)).size).toBe(25);
    for (const [i, p] of posts.entries()) {
      const v = all[i] as PostView;
      expect(p.uid).toBe(`bluesky:${v.uri}`);
      expect(p.remoteId).toBe(v.uri);
      expect(p.counts).toEqual({
        likes: v.likeCount,
        reposts: v.repostCount,
        replies: v.replyCount,
        quotes: v.quoteCount,
      });
      expect(p.countsFromOrigin).toBe(true);
      expect(p.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(p.author.handle).toBe(`@${v.author.handle}`);
      expect(p.author.followers).toBe(0);
    }
    // Microseconds and a "+00:00" offset, as real clients write createdAt.
    expect(posts[0]?.createdAt).toBe("2025-05-19T17:10:09.561Z");
    expect(posts.find((p) => p.uid.endsWith("/3lpii6nwbyt2m"))?.createdAt).toBe("2025-05-19T02:03:20.286Z");
    // Posts without langs have no language; the others their primary subtag.
    expect(posts.filter((p) => p.lang === null)).toHaveLength(4);
    expect(posts.filter((p) => p.lang === "en")).toHaveLength(21);
  });

  it("reads the one real #tag facet and the text tags; the matcher keeps only that post", () => {
    const posts = views().map((v) => toPost(v));
    const tagged = posts.filter((p) => p.hashtags.includes("txlege"));
    expect(tagged).toHaveLength(1);
    expect(tagged[0] as NormalizedPost).toMatchObject({
      uid: "bluesky:at://did:plc:7nagdvjqrzaquzk7mueohne5/app.bsky.feed.post/3lpica7sxmk2u",
      url: "https://bsky.app/profile/did:plc:7nagdvjqrzaquzk7mueohne5/post/3lpica7sxmk2u",
      originInstance: "bsky.app",
      createdAt: "2025-05-19T00:16:50.191Z",
      lang: "en",
      author: { handle: "@mcpli.bsky.social", followers: 0 },
      counts: { likes: 58, reposts: 13, replies: 0, quotes: 1 },
      hashtags: ["txlege"],
    });
    expect(posts.find((p) => p.uid.endsWith("/3lpk2u6qo222m"))?.hashtags).toEqual(["sociology"]);
  });

  it("takes followers and the name from the author's profile, and only from the author's", () => {
    const v = views()[0] as PostView;
    const profile = readFeedJson<{ profiles: object[] }>("bluesky-getProfiles-bsky.social.json").profiles[0];
    const mine = profileViewSchema.parse({ ...profile, did: v.author.did });
    expect(toPost(v, mine).author).toMatchObject({ followers: 554, name: "Chris Kenny" });
    const someoneElses = profileViewSchema.parse(profile);
    expect(toPost(v, someoneElses).author).toMatchObject({ followers: 0, name: v.author.displayName });
  });

  it("rejects a view whose uri is no post of its author", () => {
    const v = views()[0] as PostView;
    expect(postViewToPost({ ...v, uri: v.uri.replace("feed.post", "feed.like") })).toMatch(/not a post/);
    expect(postViewToPost({ ...v, author: { ...v.author, did: "did:plc:someoneelse" } })).toMatch(
      /is not by/,
    );
  });
});

describe("Bluesky hashtags", () => {
  it("slices by UTF-8 bytes, so umlauts and emoji before a facet do not shift it", () => {
    const text = "Grüße aus Köln 👋🏽 zur #Clusterwoche!";
    const start = Buffer.byteLength("Grüße aus Köln 👋🏽 zur ");
    const end = start + Buffer.byteLength("#Clusterwoche");
    expect(sliceUtf8(text, start, end)).toBe("#Clusterwoche");
    // The naive UTF-16 slice lands elsewhere.
    expect(text.slice(start, end)).not.toBe("#Clusterwoche");
    expect(sliceUtf8(text, end + 1, end + 1)).toBe("");
    expect(sliceUtf8(text, 0, Buffer.byteLength(text) + 1)).toBeNull();
    expect(sliceUtf8(text, 5, 2)).toBeNull();
    // Byte 3 lies inside "ü" (2 bytes): a range cutting a character is no range.
    expect(sliceUtf8(text, 0, 3)).toBeNull();
  });

  it("takes the tag from the facet text when a client leaves the feature's tag empty", () => {
    const text = "Ärger? Nein: 🎉 #Zukunftsfähig";
    const byteStart = Buffer.byteLength("Ärger? Nein: 🎉 ");
    const r = record({
      text,
      facets: [
        {
          index: { byteStart, byteEnd: Buffer.byteLength(text) },
          features: [{ $type: "app.bsky.richtext.facet#tag", tag: "" }],
        },
      ],
    });
    expect(campaignTagsOf(r)).toEqual(["zukunftsfähig"]);
  });

  it.each([
    ["#Clusterwoche", ["Clusterwoche"]],
    ["Heute startet die #Clusterwoche2017!", ["Clusterwoche2017"]],
    ["Grüße zur #Clusterwoche, #Innovation. und #KI_Netzwerk", ["Clusterwoche", "Innovation", "KI_Netzwerk"]],
    ["(#Forschung) und „#Wirtschaft“", ["Forschung", "Wirtschaft"]],
    ["Full-width ＃Clusterwoche", ["Clusterwoche"]],
    ["#Müller_Straße und #東京", ["Müller_Straße", "東京"]],
    ["Platz #1 und #2019 sind keine Tags", []],
    ["https://example.org/page#section and C# and a##b", []],
    ["mail@example.org#frag, foo#bar", []],
    ["#️⃣ keycap emoji", []],
  ])("finds the #words in %j", (text, expected) => {
    expect(hashtagsInText(text)).toEqual(expected);
  });

  it("merges facets, record.tags and the text, lower-cased NFC and deduplicated", () => {
    const nfd = "#Zu\u0308rich".normalize("NFD");
    const r = record({
      text: `Los geht's: #Clusterwoche und ${nfd} #clusterwoche`,
      facets: [
        {
          index: { byteStart: 12, byteEnd: 25 },
          features: [{ $type: "app.bsky.richtext.facet#tag", tag: "Clusterwoche" }],
        },
        {
          index: { byteStart: 0, byteEnd: 3 },
          features: [{ $type: "app.bsky.richtext.facet#link", uri: "https://x.de" }],
        },
      ],
      tags: ["CLUSTERWOCHE19", "#Innovation", "  "],
    });
    expect(campaignTagsOf(r)).toEqual(["clusterwoche", "clusterwoche19", "innovation", "zürich"]);
  });

  it("keeps only create and update commits of posts; an update is an edit", () => {
    const did = fakeDid("anna");
    const created = postEvent({ did, rkey: "3k1", timeUs: 1_745_000_000_000_000, text: "#Clusterwoche" });
    const updated = postEvent({
      did,
      rkey: "3k1",
      timeUs: 1_745_000_060_000_000,
      text: "#Clusterwoche!",
      operation: "update",
    });
    const a = eventToPost(asPost(created));
    const b = eventToPost(asPost(updated));
    expect(a.uid).toBe(b.uid);
    expect(a.editedAt).toBeNull();
    expect(b.editedAt).toBe("2025-04-18T18:14:20.000Z");
    const broken = jetstreamEventSchema.parse({
      ...created,
      commit: { ...(created.commit as object), record: { text: 42 } },
    });
    expect(classifyEvent(broken)).toMatchObject({ type: "rejected", uri: a.remoteId });
    expect(isCampaignPost(broken, () => true)).toBe(false);
  });

  it("falls back to time_us when createdAt is no time, and to the primary language subtag", () => {
    const e = postEvent({
      did: fakeDid("b"),
      rkey: "x",
      timeUs: 1_745_000_000_123_456,
      text: "hi",
      langs: ["en-US", "de"],
    });
    (e.commit as { record: { createdAt: string } }).record.createdAt = "gestern";
    const p = eventToPost(asPost(e));
    expect(p.createdAt).toBe("2025-04-18T18:13:20.123Z");
    expect(p.lang).toBe("en");
  });

  it("rejects messages that are no Jetstream events", () => {
    expect(jetstreamEventSchema.safeParse({ did: "x", time_us: 1, kind: "commit" }).success).toBe(false);
    expect(jetstreamEventSchema.safeParse({ did: "did:plc:a", time_us: 1, kind: "commit" }).success).toBe(
      false,
    );
    expect(jetstreamEventSchema.safeParse({ did: "did:plc:a", time_us: "1", kind: "identity" }).success).toBe(
      false,
    );
    // A kind Jetstream may add later is an event to skip, not a broken message.
    expect(jetstreamEventSchema.safeParse({ did: "did:plc:a", time_us: 1, kind: "sync" }).success).toBe(true);
  });
});
