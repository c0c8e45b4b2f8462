import type { Config } from "../config.ts";
import { ConfigError } from "../config.ts";
import { type PasswordHash, PasswordHashError, parsePasswordHash } from "./password.ts";
import { MIN_SECRET_LENGTH } from "./secret.ts";

/** Who may read the dashboard: everyone on the network, or only people with a session. */
export type ViewerMode = "public" | "login";

/** What the access layer is configured with (config file, environment, and the server's callbacks). */
export interface AccessOptions {
  /** config `access.viewers` (default "public"). */
  viewers?: ViewerMode;
  /** config `http.trustProxy`: believe X-Forwarded-Proto and X-Forwarded-For (default false). */
  trustProxy?: boolean;
  /** RESONANZ_ADMIN_PASSWORD: hashed when the access layer is created; only the hash is kept. */
  adminPassword?: string;
  /** RESONANZ_ADMIN_PASSWORD_HASH, already parsed. */
  adminPasswordHash?: PasswordHash;
  /** RESONANZ_VIEWER_PASSWORD. */
  viewerPassword?: string;
  /** RESONANZ_VIEWER_PASSWORD_HASH, already parsed. */
  viewerPasswordHash?: PasswordHash;
  /** RESONANZ_SECRET; without it a secret is generated and stored in the database. */
  secret?: string;
  /** Sliding session lifetime (default 12 h). */
  sessionTtlMs?: number;
  /** Failed logins per client address and window before 429 (default 5 per 15 minutes). */
  loginLimit?: { max: number; windowMs: number };
  /** The files an admin upload replaces: the config's `clusters` and `events` paths. */
  registryPath?: string;
  eventsPath?: string;
  /** Runs the configured collectors once (POST /admin/collect); absent: the button is not offered. */
  collectNow?: () => Promise<unknown>;
  /**
   * A web instance on PostgreSQL (server/pg-web.ts): a worker process collects
   * and applies registry and events, so "collect now" and the uploads answer
   * 501 saying so, and the admin page shows that instead of the forms.
   */
  workerCollects?: boolean;
  /** Reloads registry and events and re-attributes stored posts; absent: uploads answer 501 (restart applies). */
  reloadAnalysis?: () => Promise<void>;
}

/**
 * The access options from the config and the environment. A malformed hash
 * or secret stops the start (ConfigError, exit 2) naming the variable, never
 * its value. The plain password variables are removed from `env` once read,
 * so they do not linger in the process environment (child processes, dumps).
 */
export function accessOptionsFromEnv(
  env: NodeJS.ProcessEnv,
  config: Pick<Config, "access" | "http">,
): AccessOptions {
  const hash = (name: string): PasswordHash | undefined => {
    const v = env[name];
    if (v === undefined || v === "") return undefined;
    try {
      return parsePasswordHash(v);
    } catch (err) {
      if (err instanceof PasswordHashError) throw new ConfigError(`${name}: ${err.message}`);
      throw err;
    }
  };
  const adminPasswordHash = hash("RESONANZ_ADMIN_PASSWORD_HASH");
  const viewerPasswordHash = hash("RESONANZ_VIEWER_PASSWORD_HASH");
  const adminPassword = env.RESONANZ_ADMIN_PASSWORD || undefined;
  const viewerPassword = env.RESONANZ_VIEWER_PASSWORD || undefined;
  if (adminPassword && adminPasswordHash)
    throw new ConfigError("set RESONANZ_ADMIN_PASSWORD or RESONANZ_ADMIN_PASSWORD_HASH, not both");
  if (viewerPassword && viewerPasswordHash)
    throw new ConfigError("set RESONANZ_VIEWER_PASSWORD or RESONANZ_VIEWER_PASSWORD_HASH, not both");
  if (adminPassword && viewerPassword && adminPassword === viewerPassword)
    throw new ConfigError("RESONANZ_VIEWER_PASSWORD must differ from RESONANZ_ADMIN_PASSWORD");
  for (const p of [adminPassword, viewerPassword])
    if (p !== undefined && p.length < 8) throw new ConfigError("a password must have at least 8 characters");
  const secret = env.RESONANZ_SECRET || undefined;
  if (secret !== undefined && secret.length < MIN_SECRET_LENGTH)
    throw new ConfigError(`RESONANZ_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
  delete env.RESONANZ_ADMIN_PASSWORD;
  delete env.RESONANZ_VIEWER_PASSWORD;
  return {
    viewers: config.access.viewers,
    trustProxy: config.http.trustProxy ?? false,
    adminPassword,
    adminPasswordHash,
    viewerPassword,
    viewerPasswordHash,
    secret,
  };
}
