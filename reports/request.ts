import { ValidationError } from "../data/errors.ts";
import { type CampaignSet, parseFilters } from "../data/filters.ts";
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
