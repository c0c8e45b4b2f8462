import type { Lang } from "../../data/format.ts";
import { de, type Messages } from "./de.ts";
import { en } from "./en.ts";

/**
 * The dashboard's UI strings, one file per language (de.ts is the source table,
 * en.ts is typed against it). Metric names are not here: they come from
 * METRIC_DEFINITIONS so page, API docs and PDF use one wording. Number and date
 * formatting lives in data/format.ts, shared with the reports.
 */
export type { Messages, PeakParts, SourcesSummaryParts } from "./de.ts";

/** The UI languages are the languages data/format.ts formats for. */
export type UiLang = Lang;

export const UI_LANGS: readonly UiLang[] = ["de", "en"];

/**
 * `?lang=` on a page is the UI language (CONTRACT.md). Anything else falls back
 * to German rather than failing: a typo in a shared link should still show the page.
 */
export function parseUiLang(value: string | undefined): UiLang {
  return value === "en" ? "en" : "de";
}

export const MESSAGES: Record<UiLang, Messages> = { de, en };
