import { type CampaignSet, type Filters, PLATFORMS } from "../../data/filters.ts";
import { platformName } from "../../data/format.ts";
import { MESSAGES, type UiLang } from "../i18n/index.ts";
import type { Query } from "../urls.ts";
import { createFormatter } from "./format.ts";

/**
 * The GET filter form. Filters live in the URL so a view can be bookmarked and
 * shared by mail; the form only writes query parameters.
 */
export interface Option {
  value: string;
  label: string;
  selected: boolean;
}

export interface FilterFormModel {
  campaigns: Option[];
  platforms: Option[];
  /** Only what the URL says: prefilling the campaign's days would pin them when the campaign changes. */
  from: string;
  to: string;
  /** Parameters the form has no field for but must not drop (UI language, bucket, post language, gap threshold). */
  hidden: { name: string; value: string }[];
  dateHint: string;
}

export function buildFilterFormModel(input: {
  lang: UiLang;
  campaigns: CampaignSet;
  filters: Filters;
  query: Query;
}): FilterFormModel {
  const { lang, filters, query } = input;
  const m = MESSAGES[lang];
  const fmt = createFormatter(lang);
  const hidden: { name: string; value: string }[] = [];
  for (const name of ["lang", "bucket", "postLang", "gapHours"]) {
    const value = query[name];
    if (value) hidden.push({ name, value });
  }
  return {
    campaigns: input.campaigns.campaigns.map((c) => ({
      value: c.id,
      label: c.name,
      selected: c.id === filters.campaign.id,
    })),
    platforms: [
      { value: "", label: m.allPlatforms, selected: filters.platform === null },
      ...PLATFORMS.map((p) => ({ value: p, label: platformName(p), selected: p === filters.platform })),
    ],
    from: query.from ?? "",
    to: query.to ?? "",
    hidden,
    dateHint: m.dateHint(fmt.period(filters.campaign.start, filters.campaign.end)),
  };
}
