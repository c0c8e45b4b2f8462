/**
 * The world's own time. Without a speed the week is over and everything is
 * visible; with `--speed N` the week plays from its first day at N× real time,
 * so posts appear on the replay servers (and then on the dashboard) as the
 * clock passes them.
 */
export interface WorldClock {
  /** World time, UTC milliseconds. */
  now(): number;
}

export function createWorldClock(
  world: { start: number; end: number },
  speed: number | null,
  realNow = Date.now,
): WorldClock {
  if (!speed) return { now: () => world.end };
  const t0 = realNow();
  return { now: () => Math.min(world.start + (realNow() - t0) * speed, world.end) };
}

/** A clock tests can set by hand. */
export function manualClock(at: number): WorldClock & { set(ms: number): void } {
  let t = at;
  return {
    now: () => t,
    set(ms) {
      t = ms;
    },
  };
}
