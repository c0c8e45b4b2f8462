import { type Campaign, normalizeTag, tagMatchesCampaign } from "../campaign.ts";
import { dayRangeUtc } from "../time.ts";

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
  /** The whole periods of the family's campaigns: distinct authors are also kept per campaign. */
  windows: CampaignWindow[];
}

/** A campaign's whole period as UTC bounds [fromUtc, toUtc), comparable with stored timestamps. */
export interface CampaignWindow {
  campaign: string;
  fromUtc: string;
  toUtc: string;
}

type FamilySource = Pick<Campaign, "hashtags" | "timezone"> & Partial<Pick<Campaign, "id" | "start" | "end">>;

export function rollupFamily(c: FamilySource): RollupFamily {
  const hashtags = [...new Set(c.hashtags.map(normalizeTag))].sort();
  return {
    id: `${hashtags.join(",")}@${c.timezone}`,
    hashtags,
    timezone: c.timezone,
    windows:
      c.id && c.start && c.end
        ? [campaignWindow({ id: c.id, start: c.start, end: c.end, timezone: c.timezone })]
        : [],
  };
}

export function campaignWindow(c: Pick<Campaign, "id" | "start" | "end" | "timezone">): CampaignWindow {
  const { fromUtc, toUtc } = dayRangeUtc(c.start, c.end, c.timezone);
  return { campaign: c.id, fromUtc, toUtc };
}

/** The distinct families of a set of campaigns, each with all its campaigns' periods (by campaign id). */
export function rollupFamilies(campaigns: readonly FamilySource[]): RollupFamily[] {
  const byId = new Map<string, RollupFamily>();
  for (const c of campaigns) {
    const f = rollupFamily(c);
    const known = byId.get(f.id);
    if (known) known.windows.push(...f.windows);
    else byId.set(f.id, f);
  }
  for (const f of byId.values())
    f.windows.sort((a, b) => (a.campaign < b.campaign ? -1 : a.campaign > b.campaign ? 1 : 0));
  return [...byId.values()];
}

export function postInFamily(tags: readonly string[], family: RollupFamily): boolean {
  return tags.some((t) => tagMatchesCampaign(t, family.hashtags));
}
