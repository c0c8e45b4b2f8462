import { stripBom } from "./decode.ts";
import { parseGenericCsv } from "./generic-csv.ts";
import { parseInstagramCsv, parseInstagramJson } from "./instagram.ts";
import { parseLinkedIn } from "./linkedin.ts";
import type { ImportPlatform, ParseOptions, ParseResult } from "./types.ts";
import { parseXArchive } from "./x-archive.ts";
import { parseXCsv } from "./x-csv.ts";

export { decodeExport } from "./decode.ts";
export {
  IMPORT_SOURCE,
  type ImportSummary,
  importTarget,
  MAX_REPORTED_ERRORS,
  storeImport,
} from "./store.ts";
export * from "./types.ts";

/**
 * A platform export's text to posts and row errors. X and Instagram exports
 * come as JSON (the platform's data download) or CSV (analytics and
 * third-party tools); which one is told by the content, not the file name.
 * Throws ImportFormatError when the file is not the chosen format at all.
 */
export function parseExport(platform: ImportPlatform, text: string, opts: ParseOptions = {}): ParseResult {
  switch (platform) {
    case "x":
      return looksLikeJson(text) ? parseXArchive(text, opts) : parseXCsv(text, opts);
    case "instagram":
      return looksLikeJson(text) ? parseInstagramJson(text, opts) : parseInstagramCsv(text, opts);
    case "linkedin":
      return parseLinkedIn(text, opts);
    case "csv":
      return parseGenericCsv(text);
  }
}

function looksLikeJson(text: string): boolean {
  return /^\s*(?:\[|\{|window\.YTD\.)/.test(stripBom(text));
}
