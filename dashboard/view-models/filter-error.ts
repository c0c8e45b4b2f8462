import { MESSAGES, type UiLang } from "../i18n.ts";
import type { Query } from "../urls.ts";

/**
 * The friendly 400 page. ValidationError messages are English and written for
 * API clients ("invalid filter 'from': …"); a German comms team needs to know
 * which field is wrong and what to type instead, in their language.
 */
export interface FilterErrorModel {
  lang: UiLang;
  title: string;
  intro: string;
  /** Which field is wrong, when the message names one we know. */
  problem: string | null;
  hint: string | null;
  technical: string;
}

/** The API calls the post-language filter `lang`; on pages `lang` is the UI language. */
const API_TO_PAGE_PARAM: Record<string, string> = { lang: "postLang" };

export function buildFilterErrorModel(input: {
  lang: UiLang;
  message: string;
  query: Query;
}): FilterErrorModel {
  const m = MESSAGES[input.lang];
  // The parameter is the first quoted name in the message; see data/filters.ts and routes.tsx.
  const apiParam = /'([A-Za-z]+)'/.exec(input.message)?.[1];
  const param = apiParam ? (API_TO_PAGE_PARAM[apiParam] ?? apiParam) : undefined;
  const label = param ? m.paramLabels[param] : undefined;
  const value = param ? (input.query[param] ?? null) : null;
  return {
    lang: input.lang,
    title: `${m.errorTitle} – ${m.appName}`,
    intro: m.errorIntro,
    problem: label ? m.errorParam(label, value) : null,
    hint: param ? (m.paramHints[param] ?? null) : null,
    technical: input.message,
  };
}
