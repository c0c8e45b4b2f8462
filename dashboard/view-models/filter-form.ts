import { type CampaignSet, type Filters, LAENDER, PLATFORMS } from "../../data/filters.ts";
import { languageName, platformName, stateName } from "../../data/format.ts";
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
  /** Registry clusters by name; the Länder by name; post languages. */
  clusters: Option[];
  states: Option[];
  postLangs: Option[];
  /** The overview's comparison campaign: automatic (previous edition), none, or any other campaign. */
  compare: Option[];
  /** Only what the URL says: prefilling the campaign's days would pin them when the campaign changes. */
  from: string;
  to: string;
  /** Parameters the form has no field for but must not drop (UI language, bucket, gap threshold, search). */
  hidden: { name: string; value: string }[];
  dateHint: string;
}

export function buildFilterFormModel(input: {
  lang: UiLang;
  campaigns: CampaignSet;
  filters: Filters;
  query: Query;
  /** The registry's clusters (id, name), for the cluster filter. */
  clusters: readonly { id: string; name: string }[];
}): FilterFormModel {
  const { lang, filters, query } = input;
  const m = MESSAGES[lang];
  const fmt = createFormatter(lang);
  const hidden: { name: string; value: string }[] = [];
  for (const name of ["lang", "bucket", "gapHours", "q", "sentiment", "compare", "sort", "dir"]) {
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
    clusters: [
      { value: "", label: m.allClusters, selected: filters.cluster === null },
      ...[...input.clusters]
        .sort((a, b) => a.name.localeCompare(b.name, "de"))
        .map((c) => ({ value: c.id, label: c.name, selected: c.id === filters.cluster })),
    ],
    states: [
      { value: "", label: m.allStates, selected: filters.state === null },
      ...LAENDER.map((code) => ({
        value: code,
        label: stateName(code, lang),
        selected: code === filters.state,
      })).sort((a, b) => a.label.localeCompare(b.label, "de")),
    ],
    postLangs: [
      { value: "", label: m.allLanguages, selected: filters.lang === null },
      ...[...new Set(["de", "en", ...(filters.lang ? [filters.lang] : [])])].map((code) => ({
        value: code,
        label: languageName(code, lang),
        selected: code === filters.lang,
      })),
    ],
    compare: [
      { value: "", label: m.compareAuto, selected: !query.compare },
      { value: "none", label: m.noComparison, selected: query.compare === "none" },
      ...input.campaigns.campaigns
        .filter((c) => c.id !== filters.campaign.id)
        .map((c) => ({ value: c.id, label: c.name, selected: c.id === query.compare })),
    ],
    from: query.from ?? "",
    to: query.to ?? "",
    hidden,
    dateHint: m.dateHint(fmt.period(filters.campaign.start, filters.campaign.end)),
  };
}
