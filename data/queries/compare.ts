import type { Campaign } from "../campaign.ts";
import type { DB } from "../db.ts";
import { ValidationError } from "../errors.ts";
import { type CampaignSet, type Filters, overCampaign } from "../filters.ts";
import { rollupFamily } from "../rollups/family.ts";
import { dayRangeUtc } from "../time.ts";
import { getSummary, type Summary } from "./summary.ts";
import { getTimeline } from "./timeline.ts";

export interface ComparedCampaign {
  id: string;
  name: string;
  start: string;
  end: string;
  summary: Summary;
}

export interface ComparedDay {
  /** Campaign day: 1 is each campaign's first day. */
  day: number;
  date: string | null;
  posts: number | null;
  otherDate: string | null;
  otherPosts: number | null;
}

export interface Comparison {
  campaign: ComparedCampaign;
  other: ComparedCampaign;
  /** (this − other) ÷ other per KPI; null when the other campaign had none. */
  change: Record<"posts" | "authors" | "potentialReach" | "uniqueReach" | "engagement", number | null>;
  days: ComparedDay[];
}

/**
 * The campaign against another one (by default its previous edition: the
 * latest earlier campaign with the same hashtags), each over its own whole
 * window and with the same platform, language, cluster and Land filters, the
 * days aligned by campaign day (day 1 against day 1).
 */
export async function getComparison(db: DB, f: Filters, other: Campaign): Promise<Comparison> {
  const fa = overCampaign(f, f.campaign);
  const fb = overCampaign(f, other);
  const [sa, sb, ta, tb] = await Promise.all([
    getSummary(db, fa),
    getSummary(db, fb),
    getTimeline(db, fa, "day"),
    getTimeline(db, fb, "day"),
  ]);
  const n = Math.max(ta.series.length, tb.series.length);
  const days: ComparedDay[] = Array.from({ length: n }, (_, i) => {
    const a = ta.series[i];
    const b = tb.series[i];
    return {
      day: i + 1,
      date: a ? a.t.slice(0, 10) : null,
      posts: a ? a.posts : null,
      otherDate: b ? b.t.slice(0, 10) : null,
      otherPosts: b ? b.posts : null,
    };
  });
  const change = (k: keyof Comparison["change"]) => relativeChange(sa[k], sb[k]);
  return {
    campaign: described(f.campaign, sa),
    other: described(other, sb),
    change: {
      posts: change("posts"),
      authors: change("authors"),
      potentialReach: change("potentialReach"),
      uniqueReach: change("uniqueReach"),
      engagement: change("engagement"),
    },
    days,
  };
}

/** (a − b) ÷ b, six decimals; null when b is 0 (no base to compare with). */
export function relativeChange(a: number, b: number): number | null {
  return b === 0 ? null : Math.round(((a - b) / b) * 1e6) / 1e6;
}

/** The campaign `with` names, or the previous edition of `campaign`; a ValidationError when there is none. */
export function comparisonCampaign(
  set: CampaignSet,
  campaign: Campaign,
  withId: string | undefined,
): Campaign {
  if (withId !== undefined && withId !== "") {
    const named = set.campaigns.find((c) => c.id === withId);
    if (!named) {
      const known = set.campaigns.map((c) => c.id).join(", ");
      throw new ValidationError(
        `invalid parameter 'with': unknown campaign '${withId.slice(0, 100)}' (known: ${known})`,
        "with",
      );
    }
    if (named.id === campaign.id)
      throw new ValidationError(
        "invalid parameter 'with': a campaign cannot be compared with itself",
        "with",
      );
    return named;
  }
  const family = rollupFamily(campaign).id;
  const previous = set.campaigns
    .filter((c) => c.start < campaign.start && rollupFamily(c).id === family)
    .sort((a, b) => b.start.localeCompare(a.start))[0];
  if (!previous)
    throw new ValidationError(
      `invalid parameter 'with': campaign '${campaign.id}' has no earlier edition with the same hashtags; name one`,
      "with",
    );
  return previous;
}

function described(c: Campaign, summary: Summary): ComparedCampaign {
  return { id: c.id, name: c.name, start: c.start, end: c.end, summary };
}

/**
 * The filters moved to another campaign on the same campaign days: day 3 to
 * day 5 of this campaign become day 3 to day 5 of the other. Not clipped to the
 * other's period, so both sides always cover the same number of days (a window
 * reaching past one edition's end compares like with like, days outside count
 * what was posted then).
 */
export function alignedFilters(f: Filters, other: Campaign): Filters {
  const dayOffset = (day: string, start: string) =>
    Math.round((Date.parse(day) - Date.parse(start)) / 86_400_000);
  const shift = (n: number) => new Date(Date.parse(other.start) + n * 86_400_000).toISOString().slice(0, 10);
  const from = shift(dayOffset(f.from, f.campaign.start));
  const to = shift(dayOffset(f.to, f.campaign.start));
  return { ...f, campaign: other, from, to, ...dayRangeUtc(from, to, other.timezone) };
}

/** The previous edition of a campaign (same hashtags, latest earlier start), or null. */
export function previousEdition(set: CampaignSet, campaign: Campaign): Campaign | null {
  try {
    return comparisonCampaign(set, campaign, undefined);
  } catch {
    return null;
  }
}
