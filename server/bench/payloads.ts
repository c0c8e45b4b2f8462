import { postViewSchema } from "../../collectors/bluesky/schema.ts";
import { postViewToPost } from "../../collectors/bluesky/transform.ts";
import { transformTimeline } from "../../collectors/mastodon/transform.ts";
import type { FeedItem } from "../../collectors/rss/schema.ts";
import { type FeedSource, itemToPost, type RelevanceOptions } from "../../collectors/rss/transform.ts";
import type { NormalizedPost } from "../../collectors/types.ts";
import { blueskyIndex, postView } from "../../demo/replay/bluesky.ts";
import { escapeHtml } from "../../demo/replay/feeds.ts";
import { renderStatus, snowflake } from "../../demo/replay/mastodon.ts";
import type { World, WorldPost } from "../../demo/world/model.ts";

/**
 * One page of a source's API answer, already decoded (JSON parsed, XML parsed):
 * what a collector holds just before its transform. The benchmark times from
 * here: transform, then enrich and store.
 */
export type PayloadPage =
  | { platform: "mastodon"; instance: string; statuses: unknown[] }
  | { platform: "bluesky"; views: unknown[] }
  | { platform: "rss"; feed: FeedSource; items: FeedItem[] };

/** Page sizes of the real APIs: Mastodon's tag timeline gives 40, Bluesky's search 100. */
const PAGE_SIZE = { mastodon: 40, bluesky: 100, rss: 100 } as const;

/**
 * The world's posts [from, to) as the pages the demo world's servers would
 * answer, in time order as a collector pages through them (each Mastodon post
 * from its home instance, so each post once), built
 * with the same renderers as the replay servers but without HTTP: payload
 * making is not what is measured.
 */
export function* payloadPages(world: World, from: number, to: number): Generator<PayloadPage> {
  const bases = world.instances.map((host) => `https://${host}/`);
  const index = blueskyIndex(world);
  const pending: { mastodon: WorldPost[][]; bluesky: WorldPost[]; rss: WorldPost[][] } = {
    mastodon: world.instances.map(() => []),
    bluesky: [],
    rss: world.feeds.map(() => []),
  };
  const mastodonPage = (k: number, posts: WorldPost[]): PayloadPage => ({
    platform: "mastodon",
    instance: bases[k] as string,
    statuses: posts.map((p) => {
      const id = snowflake(p.createdAt, p.id);
      const copy = {
        post: p,
        id,
        idText: String(id),
        at: p.createdAt,
        tags: p.tags.map((t) => t.toLowerCase()),
      };
      return renderStatus(world, bases, copy, k);
    }),
  });
  const rssPage = (k: number, posts: WorldPost[]): PayloadPage => {
    const feed = world.feeds[k];
    const url = `https://presse.demo/feeds/${feed?.slug}.xml`;
    return {
      platform: "rss",
      feed: { url, title: feed?.title ?? null, link: "https://presse.demo/" },
      items: posts.map((p) => ({
        guid: `resonanz-demo-${world.seed}-${feed?.slug}-${p.id}`,
        link: `https://presse.demo/feeds/${feed?.slug}/${p.id}`,
        title: p.title ?? "",
        html: escapeHtml(p.text),
        published: new Date(p.createdAt).toISOString(),
        author: null,
        categories: p.tags,
      })),
    };
  };

  // Collectors page through time (a tag timeline is newest first): a page's posts are neighbours in time.
  const order = world.posts.slice(from, to).sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
  for (const p of order) {
    if (p.platform === "mastodon") {
      const k = world.authors[p.author]?.home ?? 0;
      const list = pending.mastodon[k] as WorldPost[];
      list.push(p);
      if (list.length === PAGE_SIZE.mastodon) yield mastodonPage(k, list.splice(0));
    } else if (p.platform === "bluesky") {
      pending.bluesky.push(p);
      if (pending.bluesky.length === PAGE_SIZE.bluesky)
        yield { platform: "bluesky", views: pending.bluesky.splice(0).map((q) => postView(index, q)) };
    } else {
      const list = pending.rss[p.feed ?? 0] as WorldPost[];
      list.push(p);
      if (list.length === PAGE_SIZE.rss) yield rssPage(p.feed ?? 0, list.splice(0));
    }
  }
  for (const [k, list] of pending.mastodon.entries()) if (list.length > 0) yield mastodonPage(k, list);
  if (pending.bluesky.length > 0)
    yield { platform: "bluesky", views: pending.bluesky.map((q) => postView(index, q)) };
  for (const [k, list] of pending.rss.entries()) if (list.length > 0) yield rssPage(k, list);
}

/** The collectors' own transforms: API shape to NormalizedPost (what they skip is skipped here too). */
export function transformPage(page: PayloadPage, rss: RelevanceOptions): NormalizedPost[] {
  if (page.platform === "mastodon") return transformTimeline(page.statuses, page.instance).posts;
  if (page.platform === "bluesky") {
    const out: NormalizedPost[] = [];
    for (const raw of page.views) {
      // The collector validates each view as it arrives (collectors/bluesky/api.ts).
      const view = postViewSchema.safeParse(raw);
      if (!view.success) continue;
      const post = postViewToPost(view.data);
      if (typeof post !== "string") out.push(post);
    }
    return out;
  }
  const out: NormalizedPost[] = [];
  for (const item of page.items) {
    const post = itemToPost(item, page.feed, rss);
    if (post) out.push(post);
  }
  return out;
}
