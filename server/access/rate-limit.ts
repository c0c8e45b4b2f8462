/**
 * Failed-login limiter: at most `max` failures per key (client IP) within
 * `windowMs`; then the key is refused until the oldest failure leaves the
 * window. In memory on purpose: one process serves the dashboard, and a
 * restart forgetting the counts costs an attacker a restart per 5 guesses.
 * The number of keys is capped so a flood of addresses cannot grow memory.
 */
export interface RateLimiter {
  /** Whether the key may try now; when not, how many seconds until it may. */
  check(key: string): { allowed: true } | { allowed: false; retryAfterSeconds: number };
  /** Records a failure. */
  fail(key: string): void;
  /** Forgets the key's failures (after a success). */
  reset(key: string): void;
}

export interface RateLimitOptions {
  max: number;
  windowMs: number;
  now: () => number;
  /** Upper bound of tracked keys; the oldest are dropped first. */
  maxKeys?: number;
}

export function createRateLimiter(opts: RateLimitOptions): RateLimiter {
  const failures = new Map<string, number[]>();
  const maxKeys = opts.maxKeys ?? 10_000;

  const recent = (key: string): number[] => {
    const cutoff = opts.now() - opts.windowMs;
    const list = (failures.get(key) ?? []).filter((t) => t > cutoff);
    if (list.length === 0) failures.delete(key);
    else failures.set(key, list);
    return list;
  };

  return {
    check(key) {
      const list = recent(key);
      if (list.length < opts.max) return { allowed: true };
      const oldest = list[list.length - opts.max] ?? opts.now();
      const ms = oldest + opts.windowMs - opts.now();
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)) };
    },
    fail(key) {
      const list = recent(key);
      list.push(opts.now());
      // Map order is insertion order: re-inserting keeps the busiest keys at the end.
      failures.delete(key);
      failures.set(key, list.slice(-opts.max));
      while (failures.size > maxKeys) {
        const first = failures.keys().next().value;
        if (first === undefined) break;
        failures.delete(first);
      }
    },
    reset(key) {
      failures.delete(key);
    },
  };
}
