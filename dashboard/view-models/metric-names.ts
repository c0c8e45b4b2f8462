import { METRIC_DEFINITIONS } from "../../data/analysis/metrics.ts";
import type { UiLang } from "../i18n/index.ts";

export interface MetricText {
  name: string;
  formula: string;
}

/**
 * Metric names and formulas come from data/analysis/metrics.ts, the same table
 * the PDF's method section prints, so a card is always labelled like the report.
 */
export function metricText(key: string, lang: UiLang): MetricText {
  const def = METRIC_DEFINITIONS.find((d) => d.key === key);
  if (!def) throw new Error(`no metric definition for '${key}'`);
  return def[lang];
}
