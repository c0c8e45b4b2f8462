import { createHmac } from "node:crypto";
import type { DB } from "../../data/db.ts";

/**
 * Failed-login limiter: at most `max` failures per key (client address)
 * within `windowMs`; then the key is refused until the oldest failure leaves
 * the window. The failures are kept in the database (migration 0012), so every
 * web instance behind a load balancer counts the same ones and a restart
 * forgets none; each is stored under a keyed hash of the address (the install's
 * secret), never the address, and deleted once it is out of the window.
 */
export interface RateLimiter {
  /** Whether the key may try now; when not, how many seconds until it may. */
  check(key: string): Promise<Verdict>;
  /** Records a failure. */
  fail(key: string): Promise<void>;
  /** Forgets the key's failures (after a success). */
  reset(key: string): Promise<void>;
}

export type Verdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimitOptions {
  max: number;
  windowMs: number;
  now: () => number;
}

export function createRateLimiter(
  deps: { db: DB; secret: () => Promise<Buffer> },
  opts: RateLimitOptions,
): RateLimiter {
  const { db } = deps;
  const stored = async (key: string) =>
    createHmac("sha256", await deps.secret())
      .update(`login:${key}`)
      .digest("base64url");
  return {
    async check(key) {
      const now = opts.now();
      const rows = await db
        .selectFrom("login_failures")
        .select("failed_at")
        .where("key", "=", await stored(key))
        .where("failed_at", ">", now - opts.windowMs)
        .execute();
      // PostgreSQL hands a bigint back as text.
      return verdict(
        rows.map((r) => Number(r.failed_at)),
        now,
        opts,
      );
    },
    async fail(key) {
      const now = opts.now();
      await db
        .insertInto("login_failures")
        .values({ key: await stored(key), failed_at: now })
        .execute();
      // Whatever has left the window is of no use to anyone: gone, for every key.
      await db
        .deleteFrom("login_failures")
        .where("failed_at", "<=", now - opts.windowMs)
        .execute();
    },
    async reset(key) {
      await db
        .deleteFrom("login_failures")
        .where("key", "=", await stored(key))
        .execute();
    },
  };
}

/** The verdict on a key from the times of its failures within the window. Pure. */
export function verdict(
  failures: readonly number[],
  now: number,
  opts: Pick<RateLimitOptions, "max" | "windowMs">,
): Verdict {
  if (failures.length < opts.max) return { allowed: true };
  const sorted = [...failures].sort((a, b) => a - b);
  // The failure whose leaving brings the count below the maximum.
  const oldest = sorted[sorted.length - opts.max] ?? now;
  const ms = oldest + opts.windowMs - now;
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)) };
}
