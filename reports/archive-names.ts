import { isCalendarDay } from "../data/time.ts";

/**
 * Names of archived report files, built from validated parts only: a campaign
 * id, a kind, a language, two calendar days and a timestamp. Nothing a user
 * typed reaches a path or a header, so there is no path traversal and no header
 * injection to defend against downstream. Pure.
 */

export const REPORT_KINDS = ["digest", "final", "manual"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_LANGS = ["de", "en"] as const;
export type ReportLang = (typeof REPORT_LANGS)[number];

/** The config's campaign id pattern (server/config.ts), repeated here as a last line of defence. */
const CAMPAIGN_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export interface ReportNameParts {
  kind: ReportKind;
  campaign: string;
  lang: ReportLang;
  from: string;
  to: string;
}

export class UnsafeNameError extends Error {
  override name = "UnsafeNameError";
}

/** Throws when a part could carry anything but the expected characters. */
export function assertSafeParts(p: ReportNameParts): void {
  if (!CAMPAIGN_ID.test(p.campaign)) throw new UnsafeNameError(`unsafe campaign id '${p.campaign}'`);
  if (!(REPORT_KINDS as readonly string[]).includes(p.kind))
    throw new UnsafeNameError(`unknown report kind '${p.kind}'`);
  if (!(REPORT_LANGS as readonly string[]).includes(p.lang))
    throw new UnsafeNameError(`unknown report language '${p.lang}'`);
  for (const d of [p.from, p.to])
    if (!isCalendarDay(d)) throw new UnsafeNameError(`not a calendar day '${d}'`);
  if (p.from > p.to) throw new UnsafeNameError(`period starts after it ends: ${p.from} > ${p.to}`);
}

/** "20170429T160000Z": sortable, and free of ':' (not allowed in Windows file names). */
export function compactStamp(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}

/**
 * The archive-relative path: one folder per campaign, then period, kind,
 * language and creation time. `unique` (hex) keeps two reports made in the
 * same second apart.
 */
export function archiveFileName(p: ReportNameParts, createdAt: Date, unique: string): string {
  assertSafeParts(p);
  if (!/^[0-9a-f]{1,32}$/.test(unique)) throw new UnsafeNameError("unique suffix must be lower-case hex");
  return `${p.campaign}/${p.from}_${p.to}-${p.kind}-${p.lang}-${compactStamp(createdAt)}-${unique}.pdf`;
}

const KIND_WORD: Record<ReportLang, Record<ReportKind, string>> = {
  de: { digest: "zwischenbericht", final: "abschlussbericht", manual: "bericht" },
  en: { digest: "interim-report", final: "final-report", manual: "report" },
};

/** The name a download or an e-mail attachment gets: "resonanz-clusterwoche-2017-zwischenbericht-2017-04-20-2017-04-23-de.pdf". */
export function downloadFileName(p: ReportNameParts): string {
  assertSafeParts(p);
  return `resonanz-${p.campaign}-${KIND_WORD[p.lang][p.kind]}-${p.from}-${p.to}-${p.lang}.pdf`;
}
