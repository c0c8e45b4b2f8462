import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Selectable } from "kysely";
import type { Logger } from "pino";
import type { DB } from "../data/db.ts";
import { NotFoundError, ResonanzError } from "../data/errors.ts";
import type { CampaignSet } from "../data/filters.ts";
import type { ReportsTable } from "../data/schema.ts";
import { archiveFileName, assertSafeParts, type ReportNameParts } from "./archive-names.ts";

/**
 * A row of the archive. `erasure_pending_at` (migration 0006) is set when an
 * erasure removed posts from the period the file covers; optional here so that
 * rows built by hand (tests, mail previews) need not name it.
 */
export type ReportRow = Omit<Selectable<ReportsTable>, "erasure_pending_at"> & {
  erasure_pending_at?: string | null;
};
export type ReportTrigger = ReportsTable["trigger"];

export interface ArchiveDeps {
  db: DB;
  /** Absolute directory the files live under (RESONANZ_REPORTS_DIR). */
  archiveDir: string;
  now: () => Date;
  log: Logger;
  /** The configured campaigns: the report compares with the previous edition when there is one. */
  campaigns?: CampaignSet;
}

export interface ArchiveInput extends ReportNameParts {
  pdf: Buffer;
  /** Default: "request" for manual reports, "schedule" for digest and final. */
  trigger?: ReportTrigger;
}

/** `data/reports/` in the project, unless RESONANZ_REPORTS_DIR says otherwise (relative to the working directory). */
export function archiveDirFromEnv(env: NodeJS.ProcessEnv): string {
  const fromEnv = env.RESONANZ_REPORTS_DIR;
  if (fromEnv) return resolve(fromEnv);
  return resolve(dirname(fileURLToPath(import.meta.url)), "../data/reports");
}

/** A scheduled report for this campaign, kind, period and language is already archived. */
export class DuplicateReportError extends ResonanzError {
  constructor(message: string) {
    super(message, 409, "duplicate_report");
  }
}

/**
 * The stored file is missing or does not match its recorded SHA-256: it is
 * refused, never served. 409 rather than 500: the request is fine, the
 * archive's state conflicts with its own record, and the message says so.
 */
export class ArchiveIntegrityError extends ResonanzError {
  constructor(message: string) {
    super(message, 409, "archive_integrity");
  }
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function defaultTrigger(kind: ReportNameParts["kind"]): ReportTrigger {
  return kind === "manual" ? "request" : "schedule";
}

/**
 * Writes the PDF under the archive directory and records it. The file is
 * written to a temporary name, flushed and renamed, so a crash never leaves a
 * half-written file under a name the table points at; the row is inserted only
 * after the rename, and the file removed again if the insert fails.
 */
export async function archiveReport(deps: ArchiveDeps, input: ArchiveInput): Promise<ReportRow> {
  assertSafeParts(input);
  const createdAt = deps.now();
  const unique = randomBytes(4).toString("hex");
  const file = archiveFileName(input, createdAt, unique);
  const full = insideArchive(deps.archiveDir, file);
  const sha256 = sha256Hex(input.pdf);

  await mkdir(dirname(full), { recursive: true });
  const tmp = resolve(dirname(full), `.tmp-${unique}-${process.pid}.pdf`);
  try {
    const fh = await open(tmp, "wx", 0o640);
    try {
      await fh.writeFile(input.pdf);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, full);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  await syncDir(dirname(full));

  try {
    const row = await deps.db
      .insertInto("reports")
      .values({
        kind: input.kind,
        campaign: input.campaign,
        lang: input.lang,
        period_from: input.from,
        period_to: input.to,
        file,
        bytes: input.pdf.length,
        sha256,
        created_at: createdAt.toISOString(),
        trigger: input.trigger ?? defaultTrigger(input.kind),
        status: "archived",
        error: null,
        mail_status: null,
        mail_error: null,
        mailed_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    deps.log.info(
      { report: row.id, kind: row.kind, campaign: row.campaign, lang: row.lang, file, bytes: row.bytes },
      "report archived",
    );
    return row;
  } catch (err) {
    await rm(full, { force: true });
    // The unique index on scheduled reports: SQLite's code, or PostgreSQL's unique_violation.
    const code = (err as { code?: string }).code;
    if (code === "SQLITE_CONSTRAINT_UNIQUE" || code === "23505") {
      throw new DuplicateReportError(
        `a ${input.kind} report for ${input.campaign} ${input.from}–${input.to} (${input.lang}) is already archived`,
      );
    }
    throw err;
  }
}

/** Records a generation that produced no file, so the archive shows the attempt and its reason. */
export async function recordFailedReport(
  deps: Pick<ArchiveDeps, "db" | "now">,
  input: ReportNameParts & { trigger?: ReportTrigger; error: string },
): Promise<ReportRow> {
  return deps.db
    .insertInto("reports")
    .values({
      kind: input.kind,
      campaign: input.campaign,
      lang: input.lang,
      period_from: input.from,
      period_to: input.to,
      file: null,
      bytes: null,
      sha256: null,
      created_at: deps.now().toISOString(),
      trigger: input.trigger ?? defaultTrigger(input.kind),
      status: "failed",
      error: input.error.slice(0, 1000),
      mail_status: null,
      mail_error: null,
      mailed_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The archived scheduled report for these parts, if any: what makes the jobs idempotent. */
export async function findScheduledReport(db: DB, p: ReportNameParts): Promise<ReportRow | undefined> {
  return db
    .selectFrom("reports")
    .selectAll()
    .where("trigger", "=", "schedule")
    .where("status", "=", "archived")
    .where("campaign", "=", p.campaign)
    .where("kind", "=", p.kind)
    .where("period_from", "=", p.from)
    .where("period_to", "=", p.to)
    .where("lang", "=", p.lang)
    .executeTakeFirst();
}

/** Every recorded report (failed attempts included), newest first; one campaign's when given. */
export async function listReports(db: DB, campaign?: string): Promise<ReportRow[]> {
  let q = db.selectFrom("reports").selectAll();
  if (campaign !== undefined) q = q.where("campaign", "=", campaign);
  return q.orderBy("created_at", "desc").orderBy("id", "desc").execute();
}

/**
 * The archived PDF of report `id`, after checking it is still the file that
 * was archived: size and SHA-256 must match the row. A missing or altered file
 * is refused with an ArchiveIntegrityError (and logged), never served.
 */
export async function readArchived(
  deps: Pick<ArchiveDeps, "db" | "archiveDir" | "log">,
  id: number,
): Promise<{ report: ReportRow; pdf: Buffer }> {
  const report = await deps.db.selectFrom("reports").selectAll().where("id", "=", id).executeTakeFirst();
  if (!report) throw new NotFoundError(`no archived report ${id}`);
  if (report.status !== "archived" || report.file === null || report.sha256 === null) {
    throw new NotFoundError(`report ${id} has no archived file (its generation failed)`);
  }
  const refuse = (reason: string, extra: Record<string, unknown> = {}) => {
    deps.log.error({ report: id, file: report.file, ...extra }, `archived report refused: ${reason}`);
    return new ArchiveIntegrityError(`archived report ${id} cannot be served: ${reason}`);
  };
  let full: string;
  try {
    full = insideArchive(deps.archiveDir, report.file);
  } catch {
    throw refuse("its recorded path leaves the archive directory");
  }
  let pdf: Buffer;
  try {
    pdf = await readFile(full);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw refuse(code === "ENOENT" ? "the file is missing" : `the file cannot be read (${code ?? "error"})`);
  }
  const actual = sha256Hex(pdf);
  if (pdf.length !== report.bytes || !sameHex(actual, report.sha256)) {
    throw refuse("the file does not match its recorded SHA-256 (it was changed or damaged)", {
      expected: report.sha256,
      actual,
    });
  }
  return { report, pdf };
}

/** Notes the outcome of e-mailing a report; the report itself stays archived either way. */
export async function recordDelivery(
  db: DB,
  id: number,
  outcome: { status: "sent" | "failed"; error?: string; at: Date },
): Promise<void> {
  await db
    .updateTable("reports")
    .set({
      mail_status: outcome.status,
      mail_error: outcome.error?.slice(0, 1000) ?? null,
      mailed_at: outcome.at.toISOString(),
    })
    .where("id", "=", id)
    .execute();
}

/** The archived report still holds posts an erasure removed since: it is to be made again. */
export function isErasurePending(r: Pick<ReportRow, "status" | "erasure_pending_at">): boolean {
  return r.status === "archived" && r.erasure_pending_at != null;
}

/** What a superseded report's row says after its file was removed. */
export const SUPERSEDED_AFTER_ERASURE =
  "nach Löschung ersetzt: die Datei enthielt gelöschte Beiträge / superseded after an erasure: the file held erased posts";

/**
 * Retires an archived report whose file holds erased posts (Art. 17): the file
 * is removed and the row kept as a record without a file (status "failed",
 * which the archive table allows without one, with the reason in `error`).
 * Done before the report is made again, so a scheduled report's
 * once-per-period rule leaves room for its successor.
 */
export async function retireArchivedReport(
  deps: Pick<ArchiveDeps, "db" | "archiveDir" | "log">,
  id: number,
): Promise<ReportRow> {
  const report = await deps.db.selectFrom("reports").selectAll().where("id", "=", id).executeTakeFirst();
  if (!report) throw new NotFoundError(`no archived report ${id}`);
  await deps.db
    .updateTable("reports")
    .set({ status: "failed", file: null, bytes: null, sha256: null, error: SUPERSEDED_AFTER_ERASURE })
    .where("id", "=", id)
    .execute();
  if (report.file !== null) {
    try {
      await rm(insideArchive(deps.archiveDir, report.file), { force: true });
    } catch (err) {
      // The row no longer points at it; a file left behind is logged for the operator to remove.
      deps.log.error({ err, report: id, file: report.file }, "could not remove a superseded report file");
    }
  }
  deps.log.info({ report: id }, "archived report retired after an erasure");
  return {
    ...report,
    status: "failed",
    file: null,
    bytes: null,
    sha256: null,
    error: SUPERSEDED_AFTER_ERASURE,
  };
}

/** Resolves `file` under `dir`, refusing anything that would land outside it. */
function insideArchive(dir: string, file: string): string {
  const root = resolve(dir);
  const full = resolve(root, file);
  const rel = relative(root, full);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel))
    throw new Error(`path outside the archive: ${file}`);
  return full;
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b.toLowerCase(), "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Makes the rename durable; some platforms cannot open a directory, which is not worth failing for. */
async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, "r");
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // best effort
  }
}
