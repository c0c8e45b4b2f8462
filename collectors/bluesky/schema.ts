import { z } from "zod";

/**
 * The parts of Jetstream events and of the public AppView's XRPC answers that
 * Resonanz reads. Unknown fields pass through (the lexicons grow); the demo
 * world's replay server validates its answers against these same schemas, so
 * they describe the real shapes, not only what we happen to read.
 */
const count = z.number().int().nonnegative().catch(0).default(0);

/** `app.bsky.richtext.facet`: a byte range of the text and what it is (#tag, #link, #mention, …). */
export const facetSchema = z.looseObject({
  index: z.looseObject({
    byteStart: z.number().int().nonnegative(),
    byteEnd: z.number().int().nonnegative(),
  }),
  features: z.array(
    z.looseObject({
      $type: z.string(),
      /** Only on `app.bsky.richtext.facet#tag`: the tag without "#". */
      tag: z.string().optional(),
      uri: z.string().optional(),
      did: z.string().optional(),
    }),
  ),
});

/** An `app.bsky.feed.post` record, as it appears in a Jetstream commit and in a PostView. */
export const postRecordSchema = z.looseObject({
  $type: z.string().optional(),
  text: z.string(),
  createdAt: z.string(),
  langs: z.array(z.string()).optional(),
  facets: z.array(facetSchema).optional(),
  /** Extra hashtags that are not in the text (up to 8, without "#"). */
  tags: z.array(z.string()).optional(),
  reply: z.unknown().optional(),
  embed: z.unknown().optional(),
  /**
   * Written by Bridgy Fed on posts it mirrored in from the fediverse: the
   * original's URL. Anything but a string is ignored, not a reason to reject the post.
   */
  bridgyOriginalUrl: z.string().optional().catch(undefined),
});

export const jetstreamCommitSchema = z.looseObject({
  rev: z.string(),
  operation: z.enum(["create", "update", "delete"]),
  collection: z.string(),
  rkey: z.string().min(1),
  /** Absent on deletes; its shape depends on `collection`, so it is validated per collection. */
  record: z.unknown().optional(),
  cid: z.string().optional(),
});

/**
 * One Jetstream message. `kind` stays an open string: Jetstream sends
 * "commit", "identity" and "account" today, and a new kind must be skipped,
 * not mistaken for a broken message.
 */
export const jetstreamEventSchema = z
  .looseObject({
    did: z.string().startsWith("did:"),
    time_us: z.number().int().positive(),
    kind: z.string(),
    commit: jetstreamCommitSchema.optional(),
  })
  .refine((e) => e.kind !== "commit" || e.commit !== undefined, {
    message: "a commit event needs a commit",
    path: ["commit"],
  });

/** `app.bsky.actor.defs#profileViewBasic`: the author inside a PostView (no follower count). */
export const profileViewBasicSchema = z.looseObject({
  did: z.string(),
  handle: z.string(),
  displayName: z.string().optional(),
});

/** `app.bsky.actor.defs#profileViewDetailed`, as getProfiles answers it. */
export const profileViewSchema = z.looseObject({
  did: z.string(),
  handle: z.string(),
  displayName: z.string().optional(),
  followersCount: count,
  followsCount: count,
  postsCount: count,
});

/** `app.bsky.feed.defs#postView`, as getPosts and searchPosts answer it. */
export const postViewSchema = z.looseObject({
  uri: z.string().startsWith("at://"),
  cid: z.string(),
  author: profileViewBasicSchema,
  record: postRecordSchema,
  likeCount: count,
  repostCount: count,
  replyCount: count,
  quoteCount: count,
  indexedAt: z.string(),
});

export const getPostsResponseSchema = z.looseObject({ posts: z.array(postViewSchema) });
export const getProfilesResponseSchema = z.looseObject({ profiles: z.array(profileViewSchema) });

/** `app.bsky.feed.searchPosts`: `cursor` is opaque (an offset today) and absent on the last page. */
export const searchPostsEnvelopeSchema = z.looseObject({
  cursor: z.string().optional(),
  hitsTotal: z.number().optional(),
  posts: z.array(z.unknown()),
});
export const searchPostsResponseSchema = z.looseObject({
  cursor: z.string().optional(),
  hitsTotal: z.number().optional(),
  posts: z.array(postViewSchema),
});

/** `com.atproto.server.createSession` and `refreshSession` answers (both rotate both tokens). */
export const sessionSchema = z.looseObject({
  did: z.string().startsWith("did:"),
  handle: z.string(),
  accessJwt: z.string().min(1),
  refreshJwt: z.string().min(1),
});

/** An XRPC error body, e.g. `{"error":"ExpiredToken","message":"Token has expired"}`. */
export const xrpcErrorSchema = z.looseObject({
  error: z.string().optional(),
  message: z.string().optional(),
});

/** What the client parses first: each item is then validated on its own, so one bad view loses only itself. */
export const getPostsEnvelopeSchema = z.looseObject({ posts: z.array(z.unknown()) });
export const getProfilesEnvelopeSchema = z.looseObject({ profiles: z.array(z.unknown()) });

export type Facet = z.infer<typeof facetSchema>;
export type PostRecord = z.infer<typeof postRecordSchema>;
export type JetstreamCommit = z.infer<typeof jetstreamCommitSchema>;
export type JetstreamEvent = z.infer<typeof jetstreamEventSchema>;
export type PostView = z.infer<typeof postViewSchema>;
export type ProfileView = z.infer<typeof profileViewSchema>;
export type SessionView = z.infer<typeof sessionSchema>;

export const POST_COLLECTION = "app.bsky.feed.post";
export const TAG_FEATURE = "app.bsky.richtext.facet#tag";
