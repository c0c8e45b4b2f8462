import { parseArgs } from "node:util";
import type { Logger } from "pino";
import { NotFoundError, ValidationError } from "../data/errors.ts";
import { analyzeCommand } from "./commands/analyze.ts";
import { backupCommand } from "./commands/backup.ts";
import { collectCommand } from "./commands/collect.ts";
import { copyToPostgresCommand } from "./commands/copy-to-postgres.ts";
import { demoCommand } from "./commands/demo.ts";
import { eraseCommand } from "./commands/erase.ts";
import { hashPasswordCommand } from "./commands/hash-password.ts";
import { importCommand, parseImportArgs } from "./commands/import.ts";
import { reportCommand } from "./commands/report.ts";
import { restoreCommand } from "./commands/restore.ts";
import { rollupsCommand } from "./commands/rollups.ts";
import { startCommand } from "./commands/start.ts";
import { UsageError } from "./commands/usage-error.ts";
import { workerCommand } from "./commands/worker.ts";
import { ConfigError } from "./config.ts";

export const HELP = `Resonanz — Hashtag-Monitor und Berichte / hashtag monitor and reports

Usage: resonanz <command> [options]    (or: npm run <command> -- [options])

Commands:
  start                         serve the dashboard and run the scheduled collectors; with
                                DATABASE_URL a web instance on PostgreSQL (the worker collects)
  demo [--speed N] [--posts N] [--seed N]
                                the same, offline, against the generated Clusterwoche demo world
  collect [--source NAME]       one collection run now; one JSON line per source on stdout (with
                                DATABASE_URL only while no worker holds the collector lock)
  import --platform x|linkedin|instagram|csv [--author NAME] FILE
                                import a platform export (FILE - reads stdin); one JSON summary line
  analyze FILE                  dry-run the analysis (language, sentiment, clusters, events) on
                                JSON lines {"text","platform"?,"lang"?,"createdAt"?}; FILE - reads stdin
  worker                        PostgreSQL (DATABASE_URL): collect, keep the rollups, make the
                                scheduled reports and run retention while holding the database's
                                collector lock; a second worker waits for the first
  copy-to-postgres [--from FILE]
                                move an install to PostgreSQL: every row of the SQLite database
                                (RESONANZ_DB) into the empty database at DATABASE_URL
  rollups [--rebuild]           finish building the hourly rollups now (--rebuild: from nothing)
  report --kind week|cluster [--cluster ID] [--campaign ID] [--lang de|en] --out FILE
                                write the end-of-week or a cluster's report (PDF)
  erase --author HANDLE [--platform P] [--yes] [--regenerate]
                                erase an author's posts (GDPR Art. 17); without --yes only says
                                what would be removed; --regenerate remakes affected reports
  backup [--force] FILE         a consistent copy of the database, also while the server runs
  restore FILE                  replace the database by a backup (stop the server first); the old
                                file is kept as RESONANZ_DB.before-restore
  bench [--posts N] [--json] [--keep DIR]
                                the performance benchmark: ingest, API routes at 10k/100k/1M posts,
                                search, week PDF and XLSX, memory, DuckDB side by side, page weight
  hash-password                 read a password from stdin, print its scrypt hash for
                                RESONANZ_ADMIN_PASSWORD_HASH / RESONANZ_VIEWER_PASSWORD_HASH
  help                          this text

Environment: PORT (3000), HOST (127.0.0.1), RESONANZ_CONFIG (shipped Clusterwoche config),
             RESONANZ_DB (data/resonanz.sqlite), RESONANZ_DEMO_DB (data/demo.sqlite), LOG_LEVEL (info),
             DATABASE_URL (PostgreSQL for \`start\`, \`worker\`, \`collect\`, \`import\`, \`erase\`,
             \`report\`, \`rollups\`, \`copy-to-postgres\`;
             postgres://user:password@host:5432/db)
Access:      RESONANZ_ADMIN_PASSWORD or RESONANZ_ADMIN_PASSWORD_HASH, RESONANZ_VIEWER_PASSWORD or
             RESONANZ_VIEWER_PASSWORD_HASH, RESONANZ_SECRET (signs share links and forms)
`;

/** Runs one command; returns the exit code. Errors a user can fix are printed without a stack. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv, log: Logger): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "start":
        parseArgs({ args: rest, options: {}, strict: true });
        return await startCommand(env, log);
      case "demo": {
        const { values } = parseArgs({
          args: rest,
          strict: true,
          options: { speed: { type: "string" }, posts: { type: "string" }, seed: { type: "string" } },
        });
        return await demoCommand(values, env, log);
      }
      case "collect": {
        const { values } = parseArgs({ args: rest, options: { source: { type: "string" } }, strict: true });
        return await collectCommand(values, env, log, (line) => process.stdout.write(`${line}\n`));
      }
      case "import":
        return await importCommand(parseImportArgs(rest), env, log, (line) =>
          process.stdout.write(`${line}\n`),
        );
      case "analyze": {
        const { positionals } = parseArgs({ args: rest, options: {}, strict: true, allowPositionals: true });
        if (positionals.length > 1) throw new UsageError(`one FILE at a time, got ${positionals.length}`);
        return await analyzeCommand(positionals[0], env, log, (line) => process.stdout.write(`${line}\n`));
      }
      case "worker":
        parseArgs({ args: rest, options: {}, strict: true });
        return await workerCommand(env, log);
      case "copy-to-postgres": {
        const { values } = parseArgs({ args: rest, options: { from: { type: "string" } }, strict: true });
        return await copyToPostgresCommand(values, env, log, (line) => process.stdout.write(`${line}\n`));
      }
      case "rollups": {
        const { values } = parseArgs({ args: rest, options: { rebuild: { type: "boolean" } }, strict: true });
        return await rollupsCommand(values, env, log, (line) => process.stdout.write(`${line}\n`));
      }
      case "report": {
        const { values } = parseArgs({
          args: rest,
          strict: true,
          options: {
            kind: { type: "string" },
            cluster: { type: "string" },
            campaign: { type: "string" },
            lang: { type: "string" },
            out: { type: "string" },
          },
        });
        return await reportCommand(values, env, log);
      }
      case "backup": {
        const { values, positionals } = parseArgs({
          args: rest,
          strict: true,
          allowPositionals: true,
          options: { force: { type: "boolean" } },
        });
        if (positionals.length > 1) throw new UsageError(`one FILE at a time, got ${positionals.length}`);
        return await backupCommand({ file: positionals[0], force: values.force }, env, log, (line) =>
          process.stdout.write(`${line}\n`),
        );
      }
      case "restore": {
        const { positionals } = parseArgs({ args: rest, options: {}, strict: true, allowPositionals: true });
        if (positionals.length > 1) throw new UsageError(`one FILE at a time, got ${positionals.length}`);
        return await restoreCommand({ file: positionals[0] }, env, log, (line) =>
          process.stdout.write(`${line}\n`),
        );
      }
      case "erase": {
        const { values } = parseArgs({
          args: rest,
          strict: true,
          options: {
            author: { type: "string" },
            platform: { type: "string" },
            yes: { type: "boolean" },
            regenerate: { type: "boolean" },
          },
        });
        return await eraseCommand(values, env, log, (line) => process.stdout.write(`${line}\n`));
      }
      case "bench": {
        const { values } = parseArgs({
          args: rest,
          strict: true,
          options: { posts: { type: "string" }, json: { type: "boolean" }, keep: { type: "string" } },
        });
        // Loaded only here: the benchmark needs the demo world and DuckDB (a development dependency).
        const { benchCommand } = await import("./commands/bench.ts");
        return await benchCommand(values, (text) => process.stdout.write(text));
      }
      case "hash-password":
        parseArgs({ args: rest, options: {}, strict: true });
        return await hashPasswordCommand(process.stdin, (line) => process.stdout.write(`${line}\n`));
      case undefined:
      case "help":
      case "--help":
      case "-h":
        process.stdout.write(HELP);
        return command === undefined ? 2 : 0;
      default:
        process.stderr.write(`unknown command '${command}'\n\n${HELP}`);
        return 2;
    }
  } catch (err) {
    if (
      err instanceof ConfigError ||
      err instanceof UsageError ||
      err instanceof ValidationError ||
      err instanceof NotFoundError ||
      isArgError(err)
    ) {
      process.stderr.write(`resonanz ${command}: ${(err as Error).message}\n`);
      return 2;
    }
    log.error({ err }, `${command} failed`);
    process.stderr.write(`resonanz ${command}: ${(err as Error).message ?? String(err)}\n`);
    return 1;
  }
}

function isArgError(err: unknown): boolean {
  return (
    typeof err === "object" &&
    err !== null &&
    String((err as { code?: string }).code).startsWith("ERR_PARSE_ARGS")
  );
}
