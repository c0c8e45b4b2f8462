import { DateTime } from "luxon";
import type { Campaign } from "../data/campaign.ts";
import { parseFilters } from "../data/filters.ts";
import {
  type ArchiveDeps,
  archiveReport,
  type ReportRow,
  type ReportTrigger,
  recordFailedReport,
} from "./archive.ts";
import type { ReportKind, ReportLang } from "./archive-names.ts";
import { createWeekReport } from "./week-report.ts";

export interface GenerateInput {
  campaign: Campaign;
  kind: ReportKind;
  lang: ReportLang;
  /** Calendar days in the campaign's timezone, both inclusive. */
  from: string;
  to: string;
  trigger?: ReportTrigger;
}

/** The calendar day of `at` in `timezone` ("2017-04-21"). */
export function dayIn(at: Date, timezone: string): string {
  return DateTime.fromJSDate(at, { zone: timezone }).toISODate() ?? "";
}

/**
 * Which title the week report gets. A digest is an interim report; the final
 * report is the week report; a report requested while the campaign is still
 * running is an interim report too, so no page claims a final result early.
 */
export function weekReportKind(kind: ReportKind, campaignEnd: string, today: string): "week" | "digest" {
  if (kind === "digest") return "digest";
  if (kind === "final") return "week";
  return today <= campaignEnd ? "digest" : "week";
}

/**
 * Generates the week report for the campaign and period and archives it. A
 * failure is recorded as a 'failed' row (the archive shows the attempt) and
 * rethrown for the caller to log or answer.
 */
export async function generateAndArchive(deps: ArchiveDeps, input: GenerateInput): Promise<ReportRow> {
  const { campaign } = input;
  const parts = { kind: input.kind, campaign: campaign.id, lang: input.lang, from: input.from, to: input.to };
  try {
    const filters = parseFilters(
      { campaign: campaign.id, from: input.from, to: input.to },
      { campaigns: [campaign], defaultCampaign: campaign.id },
    );
    const pdf = await createWeekReport(deps.db, filters, {
      lang: input.lang,
      now: deps.now,
      kind: weekReportKind(input.kind, campaign.end, dayIn(deps.now(), campaign.timezone)),
      ...(deps.campaigns ? { campaigns: deps.campaigns } : {}),
    });
    return await archiveReport(deps, { ...parts, pdf, trigger: input.trigger });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // A duplicate is not a failure: the report exists.
    if ((err as { code?: string }).code !== "duplicate_report") {
      await recordFailedReport(deps, { ...parts, trigger: input.trigger, error: message }).catch(
        (recordErr: unknown) => deps.log.error({ err: recordErr }, "could not record the failed report"),
      );
    }
    throw err;
  }
}
