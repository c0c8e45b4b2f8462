import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { validate } from "node-cron";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { listReports } from "../../reports/archive.ts";
import { createReportMailer, type ReportMailer } from "../../reports/mail.ts";
import { parseConfig } from "../../server/config.ts";
import {
  buildReportJobs,
  FINAL_CATCH_UP_DAYS,
  isDigestDay,
  isFinalDay,
  type ReportJobDeps,
  type ReportJobResult,
  type ReportJobsConfig,
  scheduledPeriod,
} from "../../server/report-jobs.ts";
import type { Job } from "../../server/scheduler.ts";
import { CW2017, CW2019, createTestDb, makePost, seed, type TestDb } from "../helpers/db.ts";
import {
  closedPort,
  mimeParts,
  recordingLog,
  startSmtpSink,
  tempArchiveDir,
} from "../reports/archive-helpers.ts";
import { pdfText, skipPdfTools } from "../reports/pdf-tools.ts";

const CW = { start: "2017-04-20", end: "2017-04-28" };

describe("which day is a report day (campaign timezone)", () => {
  it.each([
    ["2017-04-19", false, false],
    ["2017-04-20", true, false],
    ["2017-04-24", true, false],
    ["2017-04-28", true, false],
    ["2017-04-29", false, true],
    ["2017-05-01", false, true],
    ["2017-05-02", false, false],
    ["2018-04-29", false, false],
  ])("%s: digest %s, final %s", (day, digest, final) => {
    expect(isDigestDay(CW, day)).toBe(digest);
    expect(isFinalDay(CW, day)).toBe(final);
  });

  it("the catch-up window is three days", () => {
    expect(FINAL_CATCH_UP_DAYS).toBe(3);
  });

  it.each([
    ["digest", "2017-04-19", null],
    ["digest", "2017-04-20", { from: "2017-04-20", to: "2017-04-20" }],
    ["digest", "2017-04-23", { from: "2017-04-20", to: "2017-04-23" }],
    ["digest", "2017-04-29", null],
    ["final", "2017-04-28", null],
    ["final", "2017-04-29", { from: "2017-04-20", to: "2017-04-28" }],
    ["final", "2017-04-30", { from: "2017-04-20", to: "2017-04-28" }],
  ] as const)("%s on %s covers %j", (kind, day, period) => {
    expect(scheduledPeriod(kind, CW, day)).toEqual(period);
  });
});

describe("config: the reports section", () => {
  const base = { campaigns: [CW2017], sources: {} };
  const errorOf = (reports: unknown): string => {
    try {
      parseConfig({ ...base, reports }, "test.json");
    } catch (err) {
      return (err as Error).message;
    }
    throw new Error("expected a ConfigError");
  };

  it("defaults: digest 18:00, final 06:00, German, no recipients, enabled", () => {
    expect(parseConfig(base, "test.json").reports).toEqual({
      schedule: { digest: "0 18 * * *", final: "0 6 * * *" },
      languages: ["de"],
      recipients: [],
      enabled: true,
    });
    expect(
      parseConfig({ ...base, reports: { schedule: { final: "30 7 * * *" } } }, "t").reports.schedule,
    ).toEqual({
      digest: "0 18 * * *",
      final: "30 7 * * *",
    });
  });

  it.each([
    [{ schedule: { digest: "every evening" } }, "$.reports.schedule.digest: must be a cron expression"],
    [{ schedule: { final: "0 25 * * *" } }, "$.reports.schedule.final: must be a cron expression"],
    [{ languages: ["fr"] }, "$.reports.languages[0]: must be de or en"],
    [{ languages: [] }, "$.reports.languages: needs at least one language"],
    [{ languages: ["de", "de"] }, "$.reports.languages: must not list a language twice"],
    [{ recipients: ["presse@example.org", "nobody"] }, "$.reports.recipients[1]: must be an e-mail address"],
    [{ from: "Resonanz" }, "$.reports.from: must be an e-mail address"],
    [{ enabled: "yes" }, "$.reports.enabled:"],
    [{ smtp: "smtp://u:p@host" }, '$.reports: Unrecognized key: "smtp"'],
  ])("%j → %s", (reports, message) => {
    expect(errorOf(reports)).toContain(message);
  });
});

describe("buildReportJobs", () => {
  const deps = {} as ReportJobDeps; // the jobs are only built here, never run

  it("builds one job per campaign and kind from the config defaults; every cron is valid", () => {
    const config = parseConfig({ campaigns: [CW2017, CW2019], sources: {} }, "test.json");
    const jobs = buildReportJobs(config, deps);
    expect(jobs.map((j) => [j.name, j.schedule])).toEqual([
      ["report:digest:clusterwoche-2017", "0 18 * * *"],
      ["report:final:clusterwoche-2017", "0 6 * * *"],
      ["report:digest:clusterwoche-2019", "0 18 * * *"],
      ["report:final:clusterwoche-2019", "0 6 * * *"],
    ]);
    for (const j of jobs) expect(validate(j.schedule), j.name).toBe(true);
    expect(jobs.every((j) => !j.continuous)).toBe(true);
  });

  it("takes the configured times; none when disabled; throws on a bad cron", () => {
    const reports = {
      schedule: { digest: "30 17 * * *", final: "15 7 * * *" },
      languages: ["de"],
      enabled: true,
    } as const;
    const config: ReportJobsConfig = { campaigns: [CW2017], reports };
    expect(buildReportJobs(config, deps).map((j) => j.schedule)).toEqual(["30 17 * * *", "15 7 * * *"]);
    expect(buildReportJobs({ ...config, reports: { ...reports, enabled: false } }, deps)).toEqual([]);
    expect(() =>
      buildReportJobs(
        { ...config, reports: { ...reports, schedule: { digest: "nope", final: "0 6 * * *" } } },
        deps,
      ),
    ).toThrow("job report:digest:clusterwoche-2017: invalid cron expression 'nope'");
  });
});

describe("running the jobs with a fake clock", () => {
  let t: TestDb;
  let archive: ReturnType<typeof tempArchiveDir>;
  let rec: ReturnType<typeof recordingLog>;
  let now = new Date("2017-04-29T12:00:00Z");
  let mailer: ReportMailer | undefined;
  const signal = new AbortController().signal;

  function jobs(languages: ("de" | "en")[] = ["de", "en"]): { digest: Job; final: Job } {
    const built = buildReportJobs(
      {
        campaigns: [CW2017],
        reports: { schedule: { digest: "0 18 * * *", final: "0 6 * * *" }, languages, enabled: true },
      },
      { db: t.database.db, now: () => now, log: rec.log, archiveDir: archive.dir, mailer },
    );
    const [digest, final] = built;
    if (!digest || !final) throw new Error("expected two jobs");
    return { digest, final };
  }
  const run = async (job: Job, at: string) => {
    now = new Date(at);
    return (await job.run(signal)) as ReportJobResult;
  };
  const rows = () => listReports(t.database.db);

  beforeEach(async () => {
    t = await createTestDb(() => now);
    seed(t.store, [makePost(), makePost({ createdAt: "2017-04-22T10:00:00.000Z" })]);
    archive = tempArchiveDir();
    rec = recordingLog();
    mailer = undefined;
  });
  afterEach(async () => {
    mailer?.close();
    await t.database.close();
    archive.remove();
  });

  it("the digest archives on a campaign day, once per day and language, and not outside the campaign", async () => {
    const { digest } = jobs();
    // 18:00 in Berlin on the day before the campaign: nothing.
    expect(await run(digest, "2017-04-19T16:00:00Z")).toMatchObject({
      day: "2017-04-19",
      due: false,
      archived: [],
    });
    expect(await rows()).toEqual([]);

    const first = await run(digest, "2017-04-23T16:00:00Z");
    expect(first).toMatchObject({ day: "2017-04-23", due: true, skipped: [], failed: [] });
    expect(first.archived).toHaveLength(2);
    const again = await run(digest, "2017-04-23T19:30:00Z");
    expect(again).toMatchObject({ archived: [], skipped: ["de", "en"] });
    expect((await rows()).map((r) => [r.kind, r.lang, r.period_from, r.period_to, r.trigger])).toEqual([
      ["digest", "en", "2017-04-20", "2017-04-23", "schedule"],
      ["digest", "de", "2017-04-20", "2017-04-23", "schedule"],
    ]);
    for (const r of await rows()) expect(existsSync(join(archive.dir, r.file ?? ""))).toBe(true);

    // 23:30 UTC on the 28th is already the 29th in Berlin: the campaign is over.
    expect(await run(digest, "2017-04-28T22:30:00Z")).toMatchObject({ day: "2017-04-29", due: false });
    // The last day still gets its digest.
    expect((await run(digest, "2017-04-28T16:00:00Z")).archived).toHaveLength(2);
    expect(await rows()).toHaveLength(4);
  });

  it.skipIf(skipPdfTools)("the digest is titled an interim report, the final one a week report", async () => {
    const { digest, final } = jobs(["de"]);
    await run(digest, "2017-04-21T16:00:00Z");
    await run(final, "2017-04-29T04:00:00Z");
    const [finalRow, digestRow] = await rows();
    expect(digestRow).toMatchObject({ kind: "digest", period_from: "2017-04-20", period_to: "2017-04-21" });
    expect(pdfText(join(archive.dir, digestRow?.file ?? ""))).toContain("Zwischenbericht");
    expect(finalRow).toMatchObject({ kind: "final", period_to: "2017-04-28" });
    const finalText = pdfText(join(archive.dir, finalRow?.file ?? ""));
    expect(finalText).toContain("Wochenbericht");
    expect(finalText).not.toContain("Zwischenbericht");
  });

  it("the final report is archived once, after the last day", async () => {
    const { final } = jobs();
    expect(await run(final, "2017-04-28T04:00:00Z")).toMatchObject({ day: "2017-04-28", due: false });
    const first = await run(final, "2017-04-29T04:00:00Z");
    expect(first.archived).toHaveLength(2);
    expect(await run(final, "2017-04-29T04:00:00Z")).toMatchObject({ archived: [], skipped: ["de", "en"] });
    expect(await run(final, "2017-04-30T04:00:00Z")).toMatchObject({ archived: [], skipped: ["de", "en"] });
    expect(await run(final, "2017-06-01T04:00:00Z")).toMatchObject({ due: false, archived: [] });
    expect((await rows()).map((r) => [r.kind, r.lang, r.period_from, r.period_to])).toEqual([
      ["final", "en", "2017-04-20", "2017-04-28"],
      ["final", "de", "2017-04-20", "2017-04-28"],
    ]);
  });

  it("a final report missed on the morning after is made on a following day", async () => {
    const { final } = jobs(["de"]);
    expect((await run(final, "2017-05-01T04:00:00Z")).archived).toHaveLength(1);
  });

  it("an aborted run stops between languages", async () => {
    const { digest } = jobs();
    const controller = new AbortController();
    controller.abort();
    now = new Date("2017-04-23T16:00:00Z");
    expect(await digest.run(controller.signal)).toMatchObject({ due: true, archived: [] });
  });

  describe("e-mail", () => {
    let sink: Awaited<ReturnType<typeof startSmtpSink>>;
    beforeAll(async () => {
      sink = await startSmtpSink();
    });
    afterAll(async () => {
      await sink.close();
    });

    it("sends each archived scheduled report with the exact archived bytes, and records it", async () => {
      sink.received.length = 0;
      mailer = createReportMailer({
        smtpUrl: sink.url,
        from: "resonanz@example.org",
        recipients: ["presse@example.org"],
      });
      const { digest } = jobs(["de", "en"]);
      await run(digest, "2017-04-23T16:00:00Z");
      const archived = await rows();
      expect(archived.map((r) => r.mail_status)).toEqual(["sent", "sent"]);
      expect(sink.received).toHaveLength(2);
      for (const mail of sink.received) {
        expect(mail.to).toEqual(["presse@example.org"]);
        const parts = mimeParts(mail.raw);
        const attachment = parts.find((p) =>
          (p.headers["content-disposition"] ?? "").startsWith("attachment"),
        );
        const text = parts
          .find((p) => (p.headers["content-type"] ?? "").startsWith("text/plain"))
          ?.body.toString();
        const row = archived.find((r) => text?.includes(r.sha256 ?? "-"));
        expect(row, "the mail names an archived report's SHA-256").toBeDefined();
        const onDisk = readFileSync(join(archive.dir, row?.file ?? ""));
        expect(attachment?.body.equals(onDisk)).toBe(true);
      }
      // A second run neither archives nor mails again.
      await run(digest, "2017-04-23T17:00:00Z");
      expect(sink.received).toHaveLength(2);
    });

    it("SMTP down: logged and recorded, the report stays archived, the job does not fail; retried on a later run", async () => {
      mailer = createReportMailer({
        smtpUrl: `smtp://u:p@127.0.0.1:${await closedPort()}`,
        from: "resonanz@example.org",
        recipients: ["presse@example.org"],
        timeoutMs: 2000,
      });
      const { final } = jobs(["de"]);
      const result = await run(final, "2017-04-29T04:00:00Z");
      expect(result.archived).toHaveLength(1);
      const [row] = await rows();
      expect(row).toMatchObject({ status: "archived", mail_status: "failed" });
      expect(row?.mail_error).toMatch(/ECONNREFUSED/);
      expect(existsSync(join(archive.dir, row?.file ?? ""))).toBe(true);
      expect(rec.lines.some((l) => l.level === 50 && l.msg.startsWith("report e-mail failed"))).toBe(true);

      // The relay is back the next morning: the final report is not made again, but it is delivered.
      sink.received.length = 0;
      mailer.close();
      mailer = createReportMailer({
        smtpUrl: sink.url,
        from: "resonanz@example.org",
        recipients: ["presse@example.org"],
      });
      const retry = buildReportJobs(
        {
          campaigns: [CW2017],
          reports: {
            schedule: { digest: "0 18 * * *", final: "0 6 * * *" },
            languages: ["de"],
            enabled: true,
          },
        },
        { db: t.database.db, now: () => now, log: rec.log, archiveDir: archive.dir, mailer },
      )[1] as Job;
      expect(await run(retry, "2017-04-30T04:00:00Z")).toMatchObject({ archived: [], skipped: ["de"] });
      expect(sink.received).toHaveLength(1);
      expect((await rows()).map((r) => r.mail_status)).toEqual(["sent"]);
    });
  });
});
