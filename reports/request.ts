import { ValidationError } from "../data/errors.ts";
import { type CampaignSet, type Filters, parseFilters } from "../data/filters.ts";
import { isLang, type Lang } from "../data/format.ts";

/**
 * Query parsing shared by the download routes (PDF reports, CSV/XLSX exports).
 * On these routes `lang` is the document's language (CONTRACT.md), so the
 * post-language filter is called `postLang`, as on the dashboard pages.
 */

/** The document language: German unless `en` is asked for. */
export function reportLang(value: string | undefined): Lang {
  if (value === undefined || value === "") return "de";
  if (!isLang(value)) throw new ValidationError("invalid parameter 'lang': must be de or en", "lang");
  return value;
}

/**
 * parseFilters speaks the API's names, where `lang` is the post language; here
 * that parameter is `postLang`, and an error must name it so, not the report language.
 */
export function parseReportFilters(
  query: Record<string, string | undefined>,
  campaigns: CampaignSet,
): ReturnType<typeof parseFilters> {
  const { postLang, ...rest } = query;
  try {
    return parseFilters({ ...rest, lang: postLang }, campaigns);
  } catch (err) {
    if (err instanceof ValidationError && err.param === "lang") {
      throw new ValidationError(err.message.replace("'lang'", "'postLang'"), "postLang");
    }
    throw err;
  }
}

/**
 * A download's file name: "resonanz-clusterwoche-2017-beitraege.csv", with the
 * cluster when one is filtered ("…-its-owl-beitraege.csv"). Ids come from the
 * config and validated filters; still, nothing but [a-z0-9-] goes into a header.
 */
export function downloadName(f: Pick<Filters, "campaign" | "cluster">, what: string, ext: string): string {
  const parts = ["resonanz", f.campaign.id, f.cluster ?? ""].map(asciiName).filter(Boolean);
  return `${parts.join("-")}-${what}.${ext}`;
}

function asciiName(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
