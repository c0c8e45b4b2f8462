import { z } from "zod";

/**
 * One feed entry as Resonanz reads it, whatever the format (RSS 2.0, Atom 1.0,
 * RSS 1.0/RDF). parse.ts produces exactly this shape; the demo world's replay
 * server validates the items it serves against the same schema, so the two
 * cannot drift apart.
 */
export const feedItemSchema = z.object({
  /** RSS `guid`, Atom `id`, RDF `rdf:about`; the dedup key when present. */
  guid: z.string().min(1).nullable(),
  /** Absolute http(s) URL of the item; anything else (javascript:, relative without base) is dropped. */
  link: z.url({ protocol: /^https?$/ }).nullable(),
  /** Plain text. */
  title: z.string(),
  /** The item's body as HTML (description, content:encoded, Atom content/summary); text bodies come escaped. */
  html: z.string(),
  /** UTC ISO timestamp, null when the feed gave none or an unreadable one. */
  published: z.iso.datetime().nullable(),
  author: z.string().min(1).nullable(),
  categories: z.array(z.string().min(1)),
});

export type FeedItem = z.infer<typeof feedItemSchema>;

export type FeedFormat = "rss" | "atom" | "rdf";

export interface ParsedFeed {
  format: FeedFormat;
  title: string | null;
  /** The feed's website (RSS channel `link`, Atom `link rel=alternate`). */
  link: string | null;
  items: FeedItem[];
  /** Items beyond the per-feed limit that were left out. */
  truncated: number;
}
