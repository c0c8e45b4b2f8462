import { z } from "zod";

/**
 * The parts of a Mastodon Status entity Resonanz reads. Unknown fields pass
 * through (servers add fields in every release); missing counts default to 0
 * because older servers and some forks omit `quotes_count`.
 */
const count = z.number().int().nonnegative().catch(0).default(0);

export const mastodonAccountSchema = z.looseObject({
  id: z.string(),
  username: z.string(),
  acct: z.string(),
  display_name: z.string().nullish(),
  url: z.string().nullish(),
  followers_count: count,
});

export const mastodonStatusSchema = z.looseObject({
  id: z.string().min(1),
  uri: z.string().min(1),
  url: z.string().nullish(),
  created_at: z.string(),
  edited_at: z.string().nullish(),
  content: z.string(),
  spoiler_text: z.string().nullish(),
  language: z.string().nullish(),
  visibility: z.string().optional(),
  reblog: z.unknown().nullish(),
  account: mastodonAccountSchema,
  replies_count: count,
  reblogs_count: count,
  favourites_count: count,
  quotes_count: count,
  tags: z.array(z.looseObject({ name: z.string() })).default([]),
});

export type MastodonStatus = z.infer<typeof mastodonStatusSchema>;

/** A tag timeline page is a JSON array; each element is validated on its own so one bad status loses only itself. */
export const mastodonTimelineSchema = z.array(z.unknown());
