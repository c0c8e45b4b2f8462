import { DateTime } from "luxon";
import { validate as isCronExpression } from "node-cron";
import type { Logger } from "pino";
import type { Campaign } from "../data/campaign.ts";
import type { DB } from "../data/db.ts";
import type { CampaignSet } from "../data/filters.ts";
import { findScheduledReport, type ReportRow, readArchived, recordDelivery } from "../reports/archive.ts";
import { dayIn, generateAndArchive } from "../reports/archive-generate.ts";
import type { ReportLang } from "../reports/archive-names.ts";
import type { ReportMailer } from "../reports/mail.ts";
import type { Job } from "./scheduler.ts";

/**
 * Scheduled reports: a daily digest ("so far") on every campaign day, and the
 * final report once after the last day, in every configured language; each is
 * archived and, when delivery is configured, e-mailed. The cron only says
 * *when* to look; each run decides from the clock whether today is a digest
 * day or the day after the end, so one daily cron serves every campaign.
 */

export interface ReportJobsConfig {
  campaigns: readonly Campaign[];
  reports: {
    schedule: { digest: string; final: string };
    languages: readonly ReportLang[];
    enabled: boolean;
  };
}

export interface ReportJobDeps {
  db: DB;
  now: () => Date;
  log: Logger;
  archiveDir: string;
  /** Set when recipients and SMTP_URL are configured. */
  mailer?: ReportMailer;
  /** The configured campaigns: reports compare with the previous edition when there is one. */
  campaigns?: CampaignSet;
}

type ScheduledKind = "digest" | "final";

/**
 * The final report is normally made the morning after the last day. If that
 * run was missed (server down, generation failed) it is made on one of the
 * following days instead; later than this it is left alone, so an install
 * whose config lists past editions does not produce (and mail) old reports.
 */
export const FINAL_CATCH_UP_DAYS = 3;

function addDays(day: string, n: number): string {
  return DateTime.fromISO(day, { zone: "UTC" }).plus({ days: n }).toISODate() ?? "";
}

/** A digest is made on every campaign day, first and last included. */
export function isDigestDay(c: Pick<Campaign, "start" | "end">, today: string): boolean {
  return c.start <= today && today <= c.end;
}

/** The final report is due from the day after the last day, for FINAL_CATCH_UP_DAYS days. */
export function isFinalDay(c: Pick<Campaign, "end">, today: string): boolean {
  return addDays(c.end, 1) <= today && today <= addDays(c.end, FINAL_CATCH_UP_DAYS);
}

/** The period a report of this kind covers when run on `today` (campaign timezone), or null when none is due. */
export function scheduledPeriod(
  kind: ScheduledKind,
  c: Pick<Campaign, "start" | "end">,
  today: string,
): { from: string; to: string } | null {
  if (kind === "digest") return isDigestDay(c, today) ? { from: c.start, to: today } : null;
  return isFinalDay(c, today) ? { from: c.start, to: c.end } : null;
}

export interface ReportJobResult {
  job: string;
  day: string;
  due: boolean;
  archived: number[];
  skipped: ReportLang[];
  failed: ReportLang[];
}

/** One job per campaign and kind; none when reports are disabled. Throws on an invalid cron expression. */
export function buildReportJobs(config: ReportJobsConfig, deps: ReportJobDeps): Job[] {
  const r = config.reports;
  if (!r.enabled) return [];
  const languages = [...new Set(r.languages)];
  const jobs: Job[] = [];
  for (const campaign of config.campaigns) {
    for (const kind of ["digest", "final"] as const) {
      const name = `report:${kind}:${campaign.id}`;
      const schedule = r.schedule[kind];
      if (!isCronExpression(schedule)) throw new Error(`job ${name}: invalid cron expression '${schedule}'`);
      jobs.push({
        name,
        schedule,
        run: (signal) => runReportJob({ name, kind, campaign, languages }, deps, signal),
      });
    }
  }
  return jobs;
}

async function runReportJob(
  job: { name: string; kind: ScheduledKind; campaign: Campaign; languages: readonly ReportLang[] },
  deps: ReportJobDeps,
  signal: AbortSignal,
): Promise<ReportJobResult> {
  const { campaign, kind } = job;
  const day = dayIn(deps.now(), campaign.timezone);
  const period = scheduledPeriod(kind, campaign, day);
  const result: ReportJobResult = {
    job: job.name,
    day,
    due: period !== null,
    archived: [],
    skipped: [],
    failed: [],
  };
  if (!period) return result;

  for (const lang of job.languages) {
    if (signal.aborted) break;
    const parts = { kind, campaign: campaign.id, lang, ...period };
    const existing = await findScheduledReport(deps.db, parts);
    if (existing) {
      // Already archived today (a second run, a restart): no duplicate. Only
      // a delivery that failed earlier is tried again.
      result.skipped.push(lang);
      if (existing.mail_status === "failed") await deliver(existing, campaign, deps);
      continue;
    }
    let report: ReportRow;
    try {
      report = await generateAndArchive(deps, { campaign, kind, lang, ...period, trigger: "schedule" });
    } catch (err) {
      if ((err as { code?: string }).code === "duplicate_report") {
        result.skipped.push(lang); // another process archived it a moment ago
        continue;
      }
      // Recorded as a failed row by generateAndArchive; the other languages still run.
      deps.log.error({ err, job: job.name, lang }, "scheduled report failed");
      result.failed.push(lang);
      continue;
    }
    result.archived.push(report.id);
    await deliver(report, campaign, deps);
  }
  deps.log.info(result, "scheduled reports");
  return result;
}

/**
 * E-mails an archived report: the bytes sent are the archived file's, read
 * back and verified. Never throws: a failed delivery is logged and recorded on
 * the row, and the report stays archived.
 */
async function deliver(report: ReportRow, campaign: Campaign, deps: ReportJobDeps): Promise<void> {
  const { mailer } = deps;
  if (!mailer) return;
  try {
    const { pdf } = await readArchived(deps, report.id);
    const { messageId } = await mailer.send({ report, pdf, campaign });
    await recordDelivery(deps.db, report.id, { status: "sent", at: deps.now() });
    deps.log.info({ report: report.id, messageId, recipients: mailer.recipients.length }, "report e-mailed");
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    deps.log.error({ err, report: report.id }, "report e-mail failed; the report stays archived");
    await recordDelivery(deps.db, report.id, { status: "failed", error: message, at: deps.now() }).catch(
      (recordErr: unknown) =>
        deps.log.error({ err: recordErr, report: report.id }, "could not record the delivery"),
    );
  }
}
