import { z } from "zod";
import type { Campaign } from "./campaign.ts";
import { ValidationError } from "./errors.ts";
import { dayRangeUtc, isCalendarDay } from "./time.ts";

export const PLATFORMS = ["mastodon", "bluesky", "rss", "x", "linkedin", "instagram", "csv"] as const;
export type Platform = (typeof PLATFORMS)[number];

/** The filters every JSON route takes, resolved against the configured campaigns. */
export interface Filters {
  campaign: Campaign;
  /** Calendar days in the campaign's timezone, inclusive. */
  from: string;
  to: string;
  /** The same window as UTC instants, [fromUtc, toUtc). */
  fromUtc: string;
  toUtc: string;
  platform: Platform | null;
  lang: string | null;
}

export interface CampaignSet {
  campaigns: readonly Campaign[];
  defaultCampaign: string;
}

/** A window longer than this is refused: every view gap-fills its days, and a campaign is weeks long. */
export const MAX_WINDOW_DAYS = 366;

/** Calendar days from `from` to `to`, both included. */
export function daySpan(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

const day = z.string().refine(isCalendarDay, "must be a calendar day YYYY-MM-DD");

const querySchema = z
  .object({
    campaign: z.string().max(100).optional(),
    from: day.optional(),
    to: day.optional(),
    platform: z.enum(PLATFORMS).optional(),
    lang: z
      .string()
      .regex(/^[a-z]{2,3}$/, "must be a language code such as de or en")
      .optional(),
    cluster: z.string().max(200).optional(),
    state: z
      .string()
      .regex(/^DE-[A-Z]{2}$/, "must be an ISO 3166-2 code such as DE-NW")
      .optional(),
  })
  .passthrough();

/** Reads the filters from query parameters; throws ValidationError naming the parameter. */
export function parseFilters(query: Record<string, string | undefined>, set: CampaignSet): Filters {
  const parsed = querySchema.safeParse(emptyToUndefined(query));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path.join(".") || undefined;
    throw new ValidationError(`invalid filter '${name ?? "query"}': ${issue?.message ?? "invalid"}`, name);
  }
  const q = parsed.data;
  // Attribution to clusters and Länder arrives with the analysis release; until
  // then these filters are refused rather than silently ignored.
  if (q.cluster !== undefined) throw new ValidationError("filter 'cluster' is not supported yet", "cluster");
  if (q.state !== undefined) throw new ValidationError("filter 'state' is not supported yet", "state");

  const id = q.campaign ?? set.defaultCampaign;
  const campaign = set.campaigns.find((c) => c.id === id);
  if (!campaign) {
    const known = set.campaigns.map((c) => c.id).join(", ");
    throw new ValidationError(
      `invalid filter 'campaign': unknown campaign '${id}' (known: ${known})`,
      "campaign",
    );
  }
  const from = q.from ?? campaign.start;
  const to = q.to ?? campaign.end;
  if (from > to) throw new ValidationError(`invalid filter 'from': ${from} is after 'to' ${to}`, "from");
  if (daySpan(from, to) > MAX_WINDOW_DAYS) {
    throw new ValidationError(`invalid filter 'to': a window may span at most ${MAX_WINDOW_DAYS} days`, "to");
  }
  return {
    campaign,
    from,
    to,
    ...dayRangeUtc(from, to, campaign.timezone),
    platform: q.platform ?? null,
    lang: q.lang ?? null,
  };
}

function emptyToUndefined(query: Record<string, string | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(query)) out[k] = v === "" ? undefined : v;
  return out;
}
