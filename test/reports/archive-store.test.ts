import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NotFoundError } from "../../data/errors.ts";
import {
  ArchiveIntegrityError,
  archiveReport,
  DuplicateReportError,
  findScheduledReport,
  listReports,
  readArchived,
  recordDelivery,
  recordFailedReport,
  sha256Hex,
} from "../../reports/archive.ts";
import { generateAndArchive } from "../../reports/archive-generate.ts";
import { CW2017, createTestDb, makePost, seed, type TestDb } from "../helpers/db.ts";
import { recordingLog, tempArchiveDir } from "./archive-helpers.ts";
import { IN_CI, missingPdfTools, qpdfCheck } from "./pdf-tools.ts";

const NOW = new Date("2017-04-23T16:00:00Z");
const qpdfMissing = missingPdfTools.includes("qpdf") && !IN_CI;
if (qpdfMissing)
  console.warn("[archive-store] qpdf not installed: skipping the qpdf --check test (fails in CI)");

let t: TestDb;
let archive: ReturnType<typeof tempArchiveDir>;
let rec: ReturnType<typeof recordingLog>;
const deps = () => ({ db: t.database.db, archiveDir: archive.dir, now: () => NOW, log: rec.log });
const PDF = Buffer.from("%PDF-1.4\n% not a real report, but bytes to archive\n%%EOF\n");
const parts = {
  kind: "digest",
  campaign: "clusterwoche-2017",
  lang: "de",
  from: "2017-04-20",
  to: "2017-04-23",
} as const;

beforeEach(async () => {
  t = await createTestDb(() => NOW);
  archive = tempArchiveDir();
  rec = recordingLog();
});
afterEach(async () => {
  await t.database.close();
  archive.remove();
});

describe("archiveReport", () => {
  it("writes the file under the campaign's folder and a row with its size and SHA-256", async () => {
    const row = await archiveReport(deps(), { ...parts, pdf: PDF });
    expect(row).toMatchObject({
      kind: "digest",
      campaign: "clusterwoche-2017",
      lang: "de",
      period_from: "2017-04-20",
      period_to: "2017-04-23",
      bytes: PDF.length,
      sha256: sha256Hex(PDF),
      created_at: NOW.toISOString(),
      trigger: "schedule",
      status: "archived",
      error: null,
      mail_status: null,
    });
    expect(row.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(row.file).toMatch(
      /^clusterwoche-2017\/2017-04-20_2017-04-23-digest-de-20170423T160000Z-[0-9a-f]{8}\.pdf$/,
    );
    const onDisk = readFileSync(join(archive.dir, row.file ?? ""));
    expect(onDisk.equals(PDF)).toBe(true);
    // No temporary file is left behind.
    expect(readdirSync(join(archive.dir, "clusterwoche-2017"))).toEqual([row.file?.split("/")[1]]);
    expect(await listReports(t.database.db)).toEqual([row]);
  });

  it("a manual report is recorded as requested; two in the same second get two files", async () => {
    const a = await archiveReport(deps(), { ...parts, kind: "manual", pdf: PDF });
    const b = await archiveReport(deps(), { ...parts, kind: "manual", pdf: PDF });
    expect([a.trigger, b.trigger]).toEqual(["request", "request"]);
    expect(a.file).not.toBe(b.file);
    expect((await listReports(t.database.db, "clusterwoche-2017")).map((r) => r.id)).toEqual([b.id, a.id]);
    expect(await listReports(t.database.db, "clusterwoche-2019")).toEqual([]);
  });

  it("refuses a second scheduled report for the same campaign, kind, period and language, and removes its file", async () => {
    const first = await archiveReport(deps(), { ...parts, pdf: PDF });
    await expect(archiveReport(deps(), { ...parts, pdf: PDF })).rejects.toBeInstanceOf(DuplicateReportError);
    expect(readdirSync(join(archive.dir, "clusterwoche-2017"))).toHaveLength(1);
    expect(await findScheduledReport(t.database.db, parts)).toEqual(first);
    // Another language or day is another report.
    await archiveReport(deps(), { ...parts, lang: "en", pdf: PDF });
    await archiveReport(deps(), { ...parts, to: "2017-04-24", pdf: PDF });
    expect(await listReports(t.database.db)).toHaveLength(3);
  });

  it.each([
    ["a campaign id with a path", { campaign: "../../etc" }],
    ["an upper-case campaign id", { campaign: "Clusterwoche" }],
    ["a day that is not one", { from: "2017-02-30" }],
    ["a day with a path", { to: "2017-04-23/../../x" }],
    ["a period backwards", { from: "2017-04-24" }],
    ["an unknown language", { lang: "fr" }],
    ["an unknown kind", { kind: "weekly" }],
  ])("refuses %s before writing anything", async (_, change) => {
    await expect(archiveReport(deps(), { ...parts, ...change, pdf: PDF } as never)).rejects.toThrow();
    expect(readdirSync(archive.dir)).toEqual([]);
    expect(await listReports(t.database.db)).toEqual([]);
  });
});

describe("readArchived", () => {
  it("returns the verified bytes", async () => {
    const row = await archiveReport(deps(), { ...parts, pdf: PDF });
    const got = await readArchived(deps(), row.id);
    expect(got.pdf.equals(PDF)).toBe(true);
    expect(got.report.id).toBe(row.id);
  });

  it("refuses a tampered file, and logs it", async () => {
    const row = await archiveReport(deps(), { ...parts, pdf: PDF });
    const tampered = Buffer.from(PDF);
    tampered[10] = 0x58; // same length, other content
    writeFileSync(join(archive.dir, row.file ?? ""), tampered);
    const err = await readArchived(deps(), row.id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArchiveIntegrityError);
    expect((err as ArchiveIntegrityError).status).toBe(409);
    expect((err as Error).message).toBe(
      `archived report ${row.id} cannot be served: the file does not match its recorded SHA-256 (it was changed or damaged)`,
    );
    const logged = rec.lines.find((l) => l.msg.startsWith("archived report refused"));
    expect(logged).toMatchObject({
      level: 50,
      report: row.id,
      expected: row.sha256,
      actual: sha256Hex(tampered),
    });
  });

  it("refuses a missing file and a row whose path leaves the archive", async () => {
    const row = await archiveReport(deps(), { ...parts, pdf: PDF });
    await t.database.db
      .updateTable("reports")
      .set({ file: "../outside.pdf" })
      .where("id", "=", row.id)
      .execute();
    await expect(readArchived(deps(), row.id)).rejects.toThrow(
      "its recorded path leaves the archive directory",
    );
    await t.database.db
      .updateTable("reports")
      .set({ file: "clusterwoche-2017/gone.pdf" })
      .where("id", "=", row.id)
      .execute();
    await expect(readArchived(deps(), row.id)).rejects.toThrow(
      `archived report ${row.id} cannot be served: the file is missing`,
    );
  });

  it("an unknown id or a failed generation is not found", async () => {
    await expect(readArchived(deps(), 999)).rejects.toBeInstanceOf(NotFoundError);
    const failed = await recordFailedReport(deps(), { ...parts, error: "boom" });
    expect(failed).toMatchObject({ status: "failed", file: null, error: "boom" });
    await expect(readArchived(deps(), failed.id)).rejects.toBeInstanceOf(NotFoundError);
    // A failed attempt does not count as archived: the job may try again.
    expect(await findScheduledReport(t.database.db, parts)).toBeUndefined();
  });

  it("records a delivery outcome on the row", async () => {
    const row = await archiveReport(deps(), { ...parts, pdf: PDF });
    await recordDelivery(t.database.db, row.id, { status: "failed", error: "connect ECONNREFUSED", at: NOW });
    const [after] = await listReports(t.database.db);
    expect(after).toMatchObject({
      mail_status: "failed",
      mail_error: "connect ECONNREFUSED",
      mailed_at: NOW.toISOString(),
    });
  });
});

describe("generateAndArchive", () => {
  it.skipIf(qpdfMissing)("archives a real week report that passes qpdf --check", async () => {
    seed(t.store, [makePost(), makePost({ createdAt: "2017-04-22T10:00:00.000Z" })]);
    const row = await generateAndArchive(deps(), {
      campaign: CW2017,
      kind: "digest",
      lang: "de",
      from: "2017-04-20",
      to: "2017-04-23",
    });
    const file = join(archive.dir, row.file ?? "");
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(sha256Hex(bytes)).toBe(row.sha256);
    expect(bytes.length).toBe(row.bytes);
    const check = qpdfCheck(file);
    expect(check.status, check.output).toBe(0);
  });

  it("records a failed generation and rethrows", async () => {
    const broken = { ...CW2017, id: "Bad Id" };
    await expect(
      generateAndArchive(deps(), {
        campaign: broken,
        kind: "final",
        lang: "en",
        from: "2017-04-20",
        to: "2017-04-28",
      }),
    ).rejects.toThrow("unsafe campaign id 'Bad Id'");
    expect(existsSync(join(archive.dir, "Bad Id"))).toBe(false);
    const [row] = await listReports(t.database.db);
    expect(row).toMatchObject({ status: "failed", file: null, kind: "final", lang: "en" });
    expect(row?.error).toContain("unsafe campaign id");
  });
});
