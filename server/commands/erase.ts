import type { Logger } from "pino";
import { eraseAuthorWith } from "../../data/privacy/erasure.ts";
import { archiveDirFromEnv } from "../../reports/archive.ts";
import { openAnyRuntime } from "../any-runtime.ts";
import { loadConfig } from "../config.ts";
import { createReportRegenerator } from "../privacy-jobs.ts";
import { configPathFromEnv } from "../runtime.ts";
import { UsageError } from "./usage-error.ts";

export interface EraseOptions {
  author?: string | undefined;
  platform?: string | undefined;
  /** Without it nothing is removed: the command says what would be. */
  yes?: boolean | undefined;
  /** Also make flagged archived reports again (PDF generation; takes a while per report). */
  regenerate?: boolean | undefined;
}

/** The install's secret; by default RESONANZ_SECRET. */
export type SecretSource = (env: NodeJS.ProcessEnv) => string | Promise<string>;

export const secretFromEnv: SecretSource = (env) => {
  const secret = env.RESONANZ_SECRET;
  if (!secret)
    throw new UsageError("RESONANZ_SECRET is not set: the erasure log keeps a keyed hash of the handle");
  return secret;
};

/**
 * `npm run erase -- --author HANDLE [--platform P] [--yes] [--regenerate]`:
 * erases an author's posts (GDPR Art. 17, data/privacy/erasure.ts). Without
 * `--yes` it prints what would be removed and removes nothing (exit 0). One
 * JSON line on stdout with the counts; the handle itself is not printed.
 */
export async function eraseCommand(
  opts: EraseOptions,
  env: NodeJS.ProcessEnv,
  log: Logger,
  out: (line: string) => void,
  secretSource: SecretSource = secretFromEnv,
): Promise<number> {
  if (!opts.author) throw new UsageError("--author HANDLE is required, e.g. --author @name@social.example");
  if (opts.regenerate && !opts.yes) throw new UsageError("--regenerate needs --yes");
  const config = loadConfig(configPathFromEnv(env));
  // SQLite (RESONANZ_DB), or PostgreSQL with DATABASE_URL (under its write lock).
  const rt = await openAnyRuntime(config, env, log, "resonanz erase");
  try {
    const secret = await secretSource(env);
    const result = await eraseAuthorWith(
      rt.privacy.erasure,
      {
        campaigns: config.campaigns,
        secret,
        now: () => new Date(),
        log,
        regenerate: opts.regenerate
          ? createReportRegenerator({
              db: rt.db,
              archiveDir: archiveDirFromEnv(env),
              campaigns: rt.campaigns,
              now: () => new Date(),
              log,
            })
          : undefined,
      },
      { handle: opts.author, platform: opts.platform ?? null, dryRun: !opts.yes, trigger: "cli" },
    );
    out(JSON.stringify(result));
    if (result.dryRun) {
      process.stderr.write(
        `Nichts gelöscht (Probelauf). Mit --yes werden ${result.posts} Beiträge von ${result.authors} Konten entfernt und ${result.reportsFlagged} archivierte Berichte markiert.\n` +
          `Nothing removed (dry run). With --yes, ${result.posts} posts of ${result.authors} accounts are removed and ${result.reportsFlagged} archived reports flagged.\n`,
      );
    }
    return 0;
  } finally {
    await rt.close();
  }
}
