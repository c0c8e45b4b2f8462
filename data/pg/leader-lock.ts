import { createHash } from "node:crypto";
import type pg from "pg";

export interface LeaderLock {
  /** True while this process holds the lock: false when not acquired, after release() and once lost. */
  readonly held: boolean;
  /**
   * Settles with the reason when a held lock is lost: its connection failed or
   * was ended by the server (restart, pg_terminate_backend, idle timeout) or a
   * heartbeat went unanswered. Another process may be collecting from then on,
   * so the holder stops. Stays pending when the lock is released or never held.
   */
  readonly lost: Promise<Error>;
  /** Unlocks and returns the connection to the pool; safe to call more than once. */
  release(): Promise<void>;
}

export interface LeaderLockOptions {
  /** How often the held connection is asked `SELECT 1`, and how long an answer may take (default 10 s). */
  heartbeatMs?: number;
}

/**
 * Tries once, without waiting, to become the one process doing `name` (e.g.
 * "collector": only one `resonanz worker` collects while several web instances
 * share the database). A session-level advisory lock on a connection taken from
 * the pool for as long as the lock is held: PostgreSQL frees it when that
 * session ends, so a crashed holder cannot block the next one. The connection
 * is dedicated because session locks are re-entrant: two acquirers sharing a
 * pooled session would both "hold" it.
 *
 * A connection cut without a TCP close (half-open) shows up here through the
 * heartbeat, but the server only frees the lock once it notices the session is
 * gone (tcp_keepalives_* on the server bound that): the old holder stops first.
 */
export async function acquireLeaderLock(
  pool: pg.Pool,
  name: string,
  options: LeaderLockOptions = {},
): Promise<LeaderLock> {
  const key = leaderLockKey(name);
  const client = await pool.connect();
  let acquired: boolean;
  try {
    const r = await client.query<{ acquired: boolean }>(
      "SELECT pg_try_advisory_lock($1::bigint) AS acquired",
      [key],
    );
    acquired = r.rows[0]?.acquired === true;
  } catch (err) {
    client.release(err instanceof Error ? err : true);
    throw err;
  }
  if (!acquired) {
    client.release();
    return { held: false, lost: new Promise<Error>(() => {}), release: async () => {} };
  }

  let state: "held" | "released" | "lost" = "held";
  let signalLost: (err: Error) => void = () => {};
  const lost = new Promise<Error>((resolve) => {
    signalLost = resolve;
  });
  const heartbeatMs = options.heartbeatMs ?? 10_000;

  const onError = (err: Error) => loseLock(err);
  const onEnd = () => loseLock(new Error(`leader lock "${name}" lost: its database connection ended`));
  client.on("error", onError);
  client.on("end", onEnd);
  let beating = false;
  const heartbeat = setInterval(() => {
    if (beating) return;
    beating = true;
    let timer: NodeJS.Timeout | undefined;
    const silence = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${heartbeatMs} ms`)), heartbeatMs);
    });
    Promise.race([client.query("SELECT 1"), silence])
      .then(
        () => {},
        (err: unknown) => {
          const reason = err instanceof Error ? err.message : String(err);
          loseLock(new Error(`leader lock "${name}" lost: heartbeat failed (${reason})`));
        },
      )
      .finally(() => {
        clearTimeout(timer);
        beating = false;
      });
  }, heartbeatMs);
  heartbeat.unref();

  function stopWatching(): void {
    clearInterval(heartbeat);
    client.off("error", onError);
    client.off("end", onEnd);
  }

  function loseLock(err: Error): void {
    if (state !== "held") return;
    state = "lost";
    stopWatching();
    // With an error the pool discards the connection instead of reusing it.
    client.release(err);
    signalLost(err);
  }

  return {
    get held() {
      return state === "held";
    },
    lost,
    async release() {
      if (state !== "held") return;
      state = "released";
      clearInterval(heartbeat);
      // The listeners stay until the connection is handed back: an error now must not go unheard (pg would throw it).
      try {
        await client.query("SELECT pg_advisory_unlock($1::bigint)", [key]);
        stopWatching();
        client.release();
      } catch (err) {
        // The session is going away anyway, and the lock with it.
        stopWatching();
        client.release(err instanceof Error ? err : true);
      }
    },
  };
}

/**
 * The advisory-lock key of a name: the first 8 bytes of SHA-256("resonanz:" +
 * name) as a signed 64-bit integer, the same in every process and unlikely to
 * meet another application's keys (or Kysely's migration lock) in one database.
 */
export function leaderLockKey(name: string): string {
  return createHash("sha256").update(`resonanz:${name}`).digest().readBigInt64BE(0).toString();
}
