import { MESSAGES, type Messages, type UiLang } from "../i18n/index.ts";
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
  /** Which field is wrong, when the error names one we know. */
  problem: string | null;
  hint: string | null;
  technical: string;
}

/** The API calls the post-language filter `lang`; on pages `lang` is the UI language. */
function pageParamName(apiParam: string): string {
  return apiParam === "lang" ? "postLang" : apiParam;
}

type PageParam = keyof Messages["paramLabels"];

function isPageParam(m: Messages, name: string): name is PageParam {
  return Object.hasOwn(m.paramLabels, name);
}

export function buildFilterErrorModel(input: {
  lang: UiLang;
  message: string;
  /** ValidationError.param: the offending parameter under the API's name (see data/filters.ts). */
  param: string | undefined;
  query: Query;
}): FilterErrorModel {
  const m = MESSAGES[input.lang];
  const name = input.param === undefined ? undefined : pageParamName(input.param);
  const param = name !== undefined && isPageParam(m, name) ? name : undefined;
  return {
    lang: input.lang,
    title: `${m.errorTitle} – ${m.appName}`,
    intro: m.errorIntro,
    problem: param ? m.errorParam(m.paramLabels[param], input.query[param] ?? null) : null,
    hint: param ? m.paramHints[param] : null,
    technical: input.message,
  };
}
