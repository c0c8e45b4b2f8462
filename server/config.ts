import { readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { validate as isCronExpression } from "node-cron";
import { z } from "zod";
import { hasWholeHourOffsets, isCalendarDay, isValidTimezone } from "../data/time.ts";

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const projectRoot = PROJECT_ROOT;

/** The shipped #Clusterwoche config, used when RESONANZ_CONFIG is not set. */
export const DEFAULT_CONFIG_PATH = resolve(projectRoot, "data/config/clusterwoche.json");
export const DEFAULT_DB_PATH = resolve(projectRoot, "data/resonanz.sqlite");

const cron = z.string().refine(isCronExpression, "must be a cron expression such as */5 * * * *");
const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });
const hashtag = z
  .string()
  .regex(/^#?[\p{L}\p{N}_]+$/u, "must be a hashtag: letters, digits and _ only, e.g. Clusterwoche")
  .transform((t) => t.replace(/^#/, ""));
const day = z.string().refine(isCalendarDay, "must be a calendar day YYYY-MM-DD");

const campaignSchema = z
  .object({
    id: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9-]{0,63}$/,
        "must be lower-case letters, digits and '-', e.g. clusterwoche-2017",
      ),
    name: z.string().min(1),
    hashtags: z.array(hashtag).min(1, "needs at least one hashtag"),
    start: day,
    end: day,
    timezone: z
      .string()
      .refine(isValidTimezone, "must be an IANA timezone such as Europe/Berlin")
      .refine(
        hasWholeHourOffsets,
        "must be a timezone whose UTC offsets are whole hours (timelines bucket by hour)",
      )
      .default("Europe/Berlin"),
  })
  .strict()
  .refine((c) => c.start <= c.end, { message: "end must not be before start", path: ["end"] });

const mastodonSchema = z
  .object({
    instances: z.array(httpUrl).min(1, "needs at least one instance URL"),
    schedule: cron.default("*/5 * * * *"),
    /** Pages per target and run, so one run stays short; backfill resumes next run. */
    maxPagesPerRun: z.number().int().min(1).max(1000).default(25),
    /** Count refresh at each post's origin instance (and detection of deletions). */
    refresh: z
      .object({
        schedule: cron.default("*/30 * * * *"),
        maxPerRun: z.number().int().min(1).max(5000).default(200),
        minIntervalMinutes: z.number().min(1).max(100_000).default(60),
        enabled: z.boolean().default(true),
      })
      .strict()
      .default({ schedule: "*/30 * * * *", maxPerRun: 200, minIntervalMinutes: 60, enabled: true }),
  })
  .strict();

const wsUrl = z.url({ protocol: /^wss?$/, error: "must be a ws(s) URL" });

const blueskySchema = z
  .object({
    /** Public AppView for getPosts/getProfiles (no login needed). */
    service: httpUrl.default("https://public.api.bsky.app"),
    /** Jetstream subscribe endpoint. */
    jetstream: wsUrl.default("wss://jetstream2.us-east.bsky.network/subscribe"),
    schedule: cron.default("* * * * *"),
    /** A run stops after this many seconds without a new event once it has caught up. */
    idleSeconds: z.number().min(0.1).max(600).default(3),
    /** Upper bound of one run, so a busy firehose cannot keep a run going forever. */
    maxRunSeconds: z.number().min(1).max(3600).default(50),
  })
  .strict();

const rssSchema = z
  .object({
    feeds: z.array(httpUrl).min(1, "needs at least one feed URL"),
    schedule: cron.default("*/15 * * * *"),
    /** Words that make an item relevant even without a hashtag (e.g. "Clusterwoche"); case-insensitive. */
    keywords: z.array(z.string().min(2)).default([]),
  })
  .strict();

const email = z.email({ error: "must be an e-mail address such as presse@example.org" });

const REPORT_SCHEDULE_DEFAULTS = { digest: "0 18 * * *", final: "0 6 * * *" };

/**
 * Scheduled reports (server/report-jobs.ts): a daily digest on campaign days
 * and a final report the morning after the last day, archived and, with
 * recipients here and SMTP_URL in the environment, e-mailed. Cron times are
 * Europe/Berlin (the scheduler's zone). No secrets here: SMTP credentials
 * come from the environment only.
 */
const reportsSchema = z
  .object({
    schedule: z
      .object({
        digest: cron.default(REPORT_SCHEDULE_DEFAULTS.digest),
        final: cron.default(REPORT_SCHEDULE_DEFAULTS.final),
      })
      .strict()
      .default(REPORT_SCHEDULE_DEFAULTS),
    languages: z
      .array(z.enum(["de", "en"], { error: "must be de or en" }))
      .min(1, "needs at least one language")
      .refine((l) => new Set(l).size === l.length, "must not list a language twice")
      .default(["de"]),
    recipients: z.array(email).default([]),
    /** The sender address of report e-mails. */
    from: email.optional(),
    enabled: z.boolean().default(true),
  })
  .strict();

const PRIVACY_SCHEDULE_DEFAULT = "30 3 * * *";

/**
 * GDPR (data/privacy/, server/privacy-jobs.ts, /datenschutz). Stored posts are
 * personal data: `retentionDays` after a campaign's end their text and
 * identity go (aggregates stay); rows deleted at the source go entirely after
 * `deletedAtSourceDays`. `controller` and `legalBasis` fill the privacy notice,
 * which warns while they are missing.
 */
const privacySchema = z
  .object({
    /** Days after the end of a post's campaign; absent: text and identity are kept. */
    retentionDays: z.number().int().min(1).max(36_500).optional(),
    deletedAtSourceDays: z.number().int().min(0).max(36_500).default(30),
    /** When the daily retention run starts (Europe/Berlin). */
    schedule: cron.default(PRIVACY_SCHEDULE_DEFAULT),
    controller: z
      .object({
        name: z.string().min(1).max(300),
        address: z.string().min(1).max(1000),
        email,
        /** The data-protection officer. */
        dpo: z
          .object({
            name: z.string().min(1).max(300).optional(),
            email,
            address: z.string().min(1).max(1000).optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    /** The legal basis as the notice should state it, e.g. "Art. 6 Abs. 1 lit. e DSGVO i. V. m. § 3 BDSG". */
    legalBasis: z.string().min(1).max(2000).optional(),
  })
  .strict();

export const configSchema = z
  .object({
    campaigns: z.array(campaignSchema).min(1, "needs at least one campaign"),
    /** The campaign pages and reports show when none is chosen; default: the first. */
    defaultCampaign: z.string().optional(),
    operator: z
      .object({
        // It goes into the User-Agent header, which carries printable ASCII only.
        contact: z
          .string()
          .min(3)
          .max(200)
          .regex(
            /^[\x20-\x7e]+$/,
            "must be printable ASCII (an e-mail address or URL), it is sent in the User-Agent",
          ),
      })
      .strict()
      .optional(),
    sources: z
      .object({
        mastodon: mastodonSchema.optional(),
        bluesky: blueskySchema.optional(),
        rss: rssSchema.optional(),
      })
      .strict(),
    clusters: z.string().optional(),
    events: z.string().optional(),
    /** The operator's own sentiment words, merged over the bundled lexicons (they win). */
    sentimentLexicon: z.string().optional(),
    http: z
      .object({
        timeoutMs: z.number().int().min(100).max(300_000).default(15_000),
        maxRetries: z.number().int().min(0).max(10).default(3),
        maxRateLimitWaitMs: z.number().int().min(0).max(3_600_000).default(300_000),
        /**
         * A reverse proxy in front sets X-Forwarded-Proto/-For: believe them for
         * the cookie's Secure flag and the login limiter's client address.
         * Leave false when clients reach the app directly (they could lie).
         */
        trustProxy: z.boolean().optional(),
      })
      .strict()
      .default({ timeoutMs: 15_000, maxRetries: 3, maxRateLimitWaitMs: 300_000 }),
    /**
     * Who may read the dashboard (server/access/): "public" (default) everyone
     * who reaches it, "login" only with a session (admin, viewer or share link).
     * Admin actions always need the admin login.
     */
    access: z
      .object({
        viewers: z.enum(["public", "login"], { error: "must be public or login" }).default("public"),
      })
      .strict()
      .default({ viewers: "public" }),
    privacy: privacySchema.default({ deletedAtSourceDays: 30, schedule: PRIVACY_SCHEDULE_DEFAULT }),
    reports: reportsSchema.default({
      schedule: REPORT_SCHEDULE_DEFAULTS,
      languages: ["de"],
      recipients: [],
      enabled: true,
    }),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const ids = new Set<string>();
    cfg.campaigns.forEach((c, i) => {
      if (ids.has(c.id))
        ctx.addIssue({ code: "custom", path: ["campaigns", i, "id"], message: `duplicate id '${c.id}'` });
      ids.add(c.id);
    });
    if (cfg.defaultCampaign !== undefined && !ids.has(cfg.defaultCampaign)) {
      ctx.addIssue({
        code: "custom",
        path: ["defaultCampaign"],
        message: `no campaign has id '${cfg.defaultCampaign}'`,
      });
    }
  });

export type Config = z.infer<typeof configSchema> & { path: string };

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses an already-read config; `origin` names the file in messages. */
export function parseConfig(raw: unknown, origin: string): Config {
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${jsonPath(i.path)}: ${i.message}`);
    throw new ConfigError(`invalid config ${origin}:\n${lines.join("\n")}`);
  }
  return { ...parsed.data, path: origin };
}

/** Reads, parses and validates the config file; relative paths in it are relative to the file. */
export function loadConfig(path: string): Config {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new ConfigError(
      `cannot read config ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`config ${path} is not valid JSON: ${(err as Error).message}`);
  }
  const cfg = parseConfig(raw, path);
  const base = dirname(resolve(path));
  const rel = (p: string | undefined) => (p === undefined || isAbsolute(p) ? p : resolve(base, p));
  return {
    ...cfg,
    path: resolve(path),
    clusters: rel(cfg.clusters),
    events: rel(cfg.events),
    sentimentLexicon: rel(cfg.sentimentLexicon),
  };
}

/** `$.campaigns[0].start`: the JSON path a person can find in the file. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return `$${path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("")}`;
}
