import { type Campaign, normalizeTag, tagMatchesCampaign } from "../campaign.ts";

/**
 * What rollup rows are kept for: a campaign's hashtags and timezone. Posts
 * belong to a campaign by hashtag and its days are local days, so two
 * campaigns with the same tags and zone (the 2017 and 2019 editions) share
 * rows and differ only in the window they read.
 */
export interface RollupFamily {
  id: string;
  hashtags: string[];
  timezone: string;
}

export function rollupFamily(c: Pick<Campaign, "hashtags" | "timezone">): RollupFamily {
  const hashtags = [...new Set(c.hashtags.map(normalizeTag))].sort();
  return { id: `${hashtags.join(",")}@${c.timezone}`, hashtags, timezone: c.timezone };
}

/** The distinct families of a set of campaigns. */
export function rollupFamilies(
  campaigns: readonly Pick<Campaign, "hashtags" | "timezone">[],
): RollupFamily[] {
  const byId = new Map<string, RollupFamily>();
  for (const c of campaigns) {
    const f = rollupFamily(c);
    byId.set(f.id, f);
  }
  return [...byId.values()];
}

export function postInFamily(tags: readonly string[], family: RollupFamily): boolean {
  return tags.some((t) => tagMatchesCampaign(t, family.hashtags));
}
