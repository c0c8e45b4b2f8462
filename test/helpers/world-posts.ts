import type { NormalizedPost } from "../../collectors/types.ts";
import { tagMatchesCampaign } from "../../data/campaign.ts";
import { generateWorld } from "../../demo/world/generate.ts";
import { payloadPages, transformPage } from "../../server/bench/payloads.ts";
import type { Config } from "../../server/config.ts";

/** Posts as the collectors make them from the demo world: clusters, events, several languages. */
export function worldPosts(config: Config, n: number, seed?: number): NormalizedPost[] {
  const world = generateWorld(seed === undefined ? { posts: n } : { posts: n, seed });
  const isCampaignTag = (tag: string) => config.campaigns.some((c) => tagMatchesCampaign(tag, c.hashtags));
  const rss = { isCampaignTag, keywords: ["Clusterwoche"], now: new Date() };
  return [...payloadPages(world, 0, n)].flatMap((page) => transformPage(page, rss));
}
