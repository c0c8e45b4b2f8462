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
  /** Posts attributed to this cluster (registry id). */
  cluster: string | null;
  /** Posts attributed to a cluster of this Land (ISO 3166-2). */
  state: string | null;
}

/** The 16 Länder, ISO 3166-2. */
export const LAENDER = [
  "DE-BW",
  "DE-BY",
  "DE-BE",
  "DE-BB",
  "DE-HB",
  "DE-HH",
  "DE-HE",
  "DE-MV",
  "DE-NI",
  "DE-NW",
  "DE-RP",
  "DE-SL",
  "DE-SN",
  "DE-ST",
  "DE-SH",
  "DE-TH",
] as const;

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
    cluster: z
      .string()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be a cluster id from the registry, such as its-owl")
      .max(100)
      .optional(),
    state: z
      .string()
      .refine(
        (s) => (LAENDER as readonly string[]).includes(s),
        "must be the ISO 3166-2 code of a Land, such as DE-NW",
      )
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
    cluster: q.cluster ?? null,
    state: q.state ?? null,
  };
}

function emptyToUndefined(query: Record<string, string | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(query)) out[k] = v === "" ? undefined : v;
  return out;
}

/** The same filters over a campaign's own window (start to end): for comparing editions. */
export function overCampaign(f: Filters, campaign: Campaign): Filters {
  return {
    ...f,
    campaign,
    from: campaign.start,
    to: campaign.end,
    ...dayRangeUtc(campaign.start, campaign.end, campaign.timezone),
  };
}
