import { type CoverageStatus, gapsDurationMs, isErrorStatus } from "../../data/analysis/coverage.ts";
import type { Campaign } from "../../data/campaign.ts";
import { platformName } from "../../data/format.ts";
import type { SourceCoverage } from "../../data/queries/coverage.ts";
import { DEFAULT_TIMEZONE } from "../../data/time.ts";
import { MESSAGES, type UiLang } from "../i18n/index.ts";
import { createFormatter, type Formatter } from "./format.ts";

/**
 * Everything the sources page prints, as plain strings: which targets are
 * collected, whether they work, what they covered and where collection paused.
 * Pure, so wording and formatting are tested without rendering HTML.
 */
export interface SourcesInput {
  lang: UiLang;
  campaign: Campaign;
  /** The window, calendar days in the campaign's timezone (Filters.from / to). */
  from: string;
  to: string;
  /** The platform filter, when one is set. */
  platform: string | null;
  gapHours: number;
  rows: readonly SourceCoverage[];
}

export interface TimeModel {
  text: string;
  iso: string;
}

export interface SourceRowModel {
  target: string;
  status: { key: CoverageStatus; label: string; isError: boolean };
  lastRun: TimeModel | null;
  lastSuccess: TimeModel | null;
  runs: string;
  items: string;
  coverage: string;
  rateLimitWait: string;
  /** Text from a remote server: rendered only as escaped text. */
  error: string | null;
  gaps: { summary: string; items: string[] };
}

export interface SourceGroupModel {
  source: string;
  name: string;
  /** For aria-labelledby; derived from the source id, safe as an HTML id. */
  headingId: string;
  caption: string;
  rows: SourceRowModel[];
}

export interface SourcesModel {
  lang: UiLang;
  title: string;
  heading: string;
  campaignName: string;
  period: string;
  intro: string;
  gapNote: string;
  timezoneNote: string;
  /** One sentence on top; null when there is nothing to summarise. */
  summary: string | null;
  empty: { text: string; hint: string } | null;
  groups: SourceGroupModel[];
}

/** The usual sources first, in the order people think of them; anything else alphabetically after. */
const SOURCE_ORDER = ["mastodon", "bluesky", "rss", "import"];

/** "Import" for the import source; platforms as data/format.ts names them; unknown ids as they are. */
export function sourceName(id: string): string {
  return id === "import" ? "Import" : platformName(id);
}

export function buildSourcesModel(input: SourcesInput): SourcesModel {
  const { lang, rows } = input;
  const m = MESSAGES[lang];
  const fmt = createFormatter(lang);
  const gapThreshold = fmt.duration(input.gapHours * 3_600_000);

  const bySource = new Map<string, SourceCoverage[]>();
  for (const r of rows) bySource.set(r.source, [...(bySource.get(r.source) ?? []), r]);
  const sources = [...bySource.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));

  const errors = rows.filter((r) => isErrorStatus(r.status)).length;
  const withGaps = rows.filter((r) => r.gaps.length > 0).length;

  return {
    lang,
    title: `${m.sourcesTitle} – ${input.campaign.name} – ${m.appName}`,
    heading: m.sourcesTitle,
    campaignName: input.campaign.name,
    period: fmt.period(input.from, input.to),
    intro: m.sourcesIntro(gapThreshold),
    gapNote: m.sourcesGapNote,
    timezoneNote: m.sourcesTimezoneNote,
    summary:
      rows.length === 0
        ? null
        : m.sourcesSummary({
            total: rows.length,
            errors,
            withGaps,
            totalText: fmt.integer(rows.length),
            errorsText: fmt.integer(errors),
            withGapsText: fmt.integer(withGaps),
          }),
    empty:
      rows.length === 0
        ? {
            text: input.platform ? m.sourcesEmptyPlatform(sourceName(input.platform)) : m.sourcesEmpty,
            hint: m.sourcesEmptyHint,
          }
        : null,
    groups: sources.map((source, i) => {
      const list = bySource.get(source) ?? [];
      return {
        source,
        name: sourceName(source),
        headingId: `source-${i + 1}`,
        caption: m.sourcesCaption(sourceName(source), fmt.integer(list.length), list.length),
        rows: list.map((r) => buildRow(r, lang, fmt)),
      };
    }),
  };
}

function rank(source: string): number {
  const i = SOURCE_ORDER.indexOf(source);
  return i === -1 ? SOURCE_ORDER.length : i;
}

function buildRow(r: SourceCoverage, lang: UiLang, fmt: Formatter): SourceRowModel {
  const m = MESSAGES[lang];
  const tz = DEFAULT_TIMEZONE;
  const time = (iso: string | null): TimeModel | null => (iso ? { text: fmt.dateTime(iso, tz), iso } : null);
  return {
    target: r.target,
    status: { key: r.status, label: m.statusLabels[r.status], isError: isErrorStatus(r.status) },
    lastRun: time(r.lastRunAt),
    lastSuccess: time(r.lastSuccessAt),
    runs: m.runsCell(fmt.integer(r.runs), fmt.integer(r.failedRuns), r.failedRuns),
    items: m.itemsCell(fmt.integer(r.fetched), fmt.integer(r.inserted)),
    coverage:
      r.posts > 0 && r.coverageFrom && r.coverageTo
        ? m.coverageCell(
            fmt.integer(r.posts),
            r.posts,
            r.coverageFrom === r.coverageTo
              ? fmt.dateTime(r.coverageFrom, tz)
              : `${fmt.dateTime(r.coverageFrom, tz)} – ${fmt.dateTime(r.coverageTo, tz)}`,
          )
        : m.coverageNone,
    rateLimitWait: r.rateLimitWaitMs > 0 ? fmt.duration(r.rateLimitWaitMs) : m.noWait,
    error: r.error,
    gaps: {
      summary:
        r.gaps.length === 0
          ? m.noGaps
          : m.gapsSummary(fmt.integer(r.gaps.length), r.gaps.length, fmt.duration(gapsDurationMs(r.gaps))),
      items: r.gaps.map((g) => {
        const length = fmt.duration(Date.parse(g.to) - Date.parse(g.from));
        return g.ongoing
          ? m.gapOngoing(fmt.dateTime(g.from, tz), length)
          : m.gapItem(fmt.dateTime(g.from, tz), fmt.dateTime(g.to, tz), length);
      }),
    },
  };
}
