import { validate as isCronExpression } from "node-cron";
import type { Logger } from "pino";
import type { Campaign } from "../data/campaign.ts";
import type { DB } from "../data/db.ts";
import type { CampaignSet } from "../data/filters.ts";
import type { FlaggedReport } from "../data/privacy/erasure.ts";
import { type RetentionPolicy, type RetentionResult, runRetentionSteps } from "../data/privacy/retention.ts";
import type { PrivacyStore } from "../data/privacy/store.ts";
import { retireArchivedReport } from "../reports/archive.ts";
import { generateAndArchive } from "../reports/archive-generate.ts";
import type { Job } from "./scheduler.ts";

export const RETENTION_JOB = "privacy:retention";

export interface PrivacyJobsConfig {
  campaigns: readonly Campaign[];
  privacy: RetentionPolicy & { schedule: string };
}

export interface PrivacyJobDeps {
  /** The database's side of retention (data/privacy/store.ts for SQLite, data/pg/privacy-store.ts). */
  store: PrivacyStore;
  /** The install's secret (pseudonyms are keyed with it). */
  secret: string;
  now: () => Date;
  log: Logger;
}

/**
 * The daily retention run (data/privacy/retention.ts). Always scheduled: rows
 * deleted at the source are purged even when no `retentionDays` is set.
 * Throws on an invalid cron expression.
 */
export function buildPrivacyJobs(config: PrivacyJobsConfig, deps: PrivacyJobDeps): Job[] {
  const { schedule } = config.privacy;
  if (!isCronExpression(schedule))
    throw new Error(`job ${RETENTION_JOB}: invalid cron expression '${schedule}'`);
  return [
    {
      name: RETENTION_JOB,
      schedule,
      run: (signal): Promise<RetentionResult> =>
        runRetentionSteps(
          deps.store.retention({ campaigns: config.campaigns, secret: deps.secret }),
          deps,
          {
            retentionDays: config.privacy.retentionDays,
            deletedAtSourceDays: config.privacy.deletedAtSourceDays,
          },
          signal,
        ),
    },
  ];
}

export interface RegeneratorDeps {
  db: DB;
  archiveDir: string;
  campaigns: CampaignSet;
  now: () => Date;
  log: Logger;
}

/**
 * The `regenerate` callback of an erasure: the old file (which holds the
 * erased posts) is removed and its row retired first, then the report is made
 * again for the same campaign, kind, language and period, with the same
 * trigger (a scheduled report stays the scheduled one). If generation fails,
 * the old file is gone all the same and the failure is a recorded row.
 */
export function createReportRegenerator(deps: RegeneratorDeps): (report: FlaggedReport) => Promise<void> {
  return async (report) => {
    await retireArchivedReport(deps, report.id);
    const campaign = deps.campaigns.campaigns.find((c) => c.id === report.campaign);
    if (!campaign)
      throw new Error(
        `campaign ${report.campaign} is no longer configured: report ${report.id} was removed, not made again`,
      );
    await generateAndArchive(
      { ...deps, campaigns: deps.campaigns },
      {
        campaign,
        kind: report.kind,
        lang: report.lang,
        from: report.period_from,
        to: report.period_to,
        trigger: report.trigger,
      },
    );
  };
}
