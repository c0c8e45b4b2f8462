import type { NormalizedPost } from "../types.ts";

/** The platforms an export can come from; also the posts' `platform` value. */
export const IMPORT_PLATFORMS = ["x", "linkedin", "instagram", "csv"] as const;
export type ImportPlatform = (typeof IMPORT_PLATFORMS)[number];

export function isImportPlatform(value: unknown): value is ImportPlatform {
  return typeof value === "string" && (IMPORT_PLATFORMS as readonly string[]).includes(value);
}

/** A row that could not be imported: `line` is where it starts in the file (JSON: its position in the list). */
export interface RowError {
  line: number;
  message: string;
}

export interface ParseResult {
  posts: NormalizedPost[];
  /** One per rejected row, in file order. */
  errors: RowError[];
}

export interface ParseOptions {
  /**
   * The account the export belongs to, for exports that do not name it (the X
   * archive, LinkedIn page exports, the Instagram data download). An author
   * named in the file itself wins.
   */
  author?: string | undefined;
}

/**
 * The file as a whole cannot be read as the chosen format: not CSV/JSON, or
 * the columns the format needs are missing. Bad rows never raise this; they
 * are reported per row.
 */
export class ImportFormatError extends Error {
  override name = "ImportFormatError";
}
