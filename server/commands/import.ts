import { readFile, stat } from "node:fs/promises";
import { parseArgs } from "node:util";
import type { Logger } from "pino";
import {
  decodeExport,
  IMPORT_PLATFORMS,
  ImportFormatError,
  type ImportPlatform,
  isImportPlatform,
  type ParseResult,
  parseExport,
  storeImport,
} from "../../collectors/import/index.ts";
import { tagMatchesCampaign } from "../../data/campaign.ts";
import { openAnyRuntime } from "../any-runtime.ts";
import { loadConfig } from "../config.ts";
import { configPathFromEnv } from "../runtime.ts";
import { UsageError } from "./usage-error.ts";

/** Exports above this size are refused (CLI and upload page alike). */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
const MAX_AUTHOR_LENGTH = 100;

export interface ImportOptions {
  platform?: string | undefined;
  file?: string | undefined;
  author?: string | undefined;
}

/** `import --platform P [--author NAME] FILE` from the words after the command name. */
export function parseImportArgs(args: string[]): ImportOptions {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: { platform: { type: "string" }, author: { type: "string" } },
  });
  if (positionals.length > 1) throw new UsageError(`one FILE at a time, got ${positionals.length}`);
  return { ...values, file: positionals[0] };
}

/**
 * `npm run import -- --platform x|linkedin|instagram|csv [--author NAME] FILE`:
 * imports a platform export (FILE `-` reads stdin) and prints one JSON summary
 * line. Exit 0 once the file was read, bad rows included (they are listed in
 * the line with their line numbers); 2 when the command or the file cannot be
 * used as asked (unknown platform, no file, not that platform's format).
 */
export async function importCommand(
  opts: ImportOptions,
  env: NodeJS.ProcessEnv,
  log: Logger,
  out: (line: string) => void,
): Promise<number> {
  const platform = checkPlatform(opts.platform);
  const author = checkAuthor(opts.author);
  if (!opts.file) throw new UsageError("FILE is required: the export to import (- reads standard input)");
  const file = opts.file;
  // Config before anything is read or opened, as every command does.
  const config = loadConfig(configPathFromEnv(env));
  const parsed = parseImportFile(platform, await readInput(file), { author }, file);

  // SQLite (RESONANZ_DB), or PostgreSQL with DATABASE_URL: the same store door, under its write lock.
  const rt = await openAnyRuntime(config, env, log, "resonanz import");
  try {
    const isCampaignTag = (tag: string) => config.campaigns.some((c) => tagMatchesCampaign(tag, c.hashtags));
    const summary = await storeImport(
      { store: rt.store, isCampaignTag, analysisAhead: rt.analysisAhead },
      { platform, file: file === "-" ? "stdin" : file, parsed },
    );
    out(JSON.stringify(summary));
    const stored = summary.rows - summary.rejected;
    if (stored > summary.campaignPosts) {
      const note = `${summary.campaignPosts} of ${stored} imported posts carry a campaign hashtag; only those count on the dashboard and in reports`;
      if (summary.campaignPosts === 0) log.warn({ file }, note);
      else log.info({ file }, note);
    }
    return 0;
  } finally {
    await rt.close();
  }
}

/** Parses decoded bytes; a file that is not the platform's format is a usage error naming the file. */
export function parseImportFile(
  platform: ImportPlatform,
  bytes: Uint8Array,
  opts: { author?: string | undefined },
  fileName: string,
): ParseResult {
  try {
    return parseExport(platform, decodeExport(bytes), opts);
  } catch (err) {
    if (err instanceof ImportFormatError) throw new UsageError(`${fileName}: ${err.message}`);
    throw err;
  }
}

export function checkPlatform(value: string | undefined): ImportPlatform {
  const list = IMPORT_PLATFORMS.join(", ");
  if (!value) throw new UsageError(`--platform is required: one of ${list}`);
  if (!isImportPlatform(value)) throw new UsageError(`unknown platform '${value}': use one of ${list}`);
  return value;
}

export function checkAuthor(value: string | undefined): string | undefined {
  const author = value?.trim();
  if (author === undefined || author === "") return undefined;
  if (author.length > MAX_AUTHOR_LENGTH || /\p{Cc}/u.test(author))
    throw new UsageError(`--author must be a name of at most ${MAX_AUTHOR_LENGTH} characters`);
  return author;
}

async function readInput(file: string): Promise<Uint8Array> {
  if (file === "-") return readStdin();
  let size: number;
  try {
    const s = await stat(file);
    if (s.isDirectory()) throw new UsageError(`${file} is a directory, not an export file`);
    size = s.size;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  if (size > MAX_IMPORT_BYTES)
    throw new UsageError(`${file} is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`);
  try {
    return await readFile(file);
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > MAX_IMPORT_BYTES)
      throw new UsageError(`standard input is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}
