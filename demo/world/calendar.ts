/**
 * When people post during the week, in Europe/Berlin (CEST, UTC+2 all April).
 * Day weights follow the campaign: a quiet run-up, the opening at the
 * go-cluster annual conference in Berlin on Thursday 20 April, a weekend dip,
 * Hannover Messe from Monday 24 April, and a tail after the end on 28 April.
 */
export const WORLD_START = Date.UTC(2017, 3, 16, 22); // 17.04.2017 00:00 Berlin
export const WORLD_DAYS = 15; // 17.04. – 01.05.2017
export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

const DAY_WEIGHTS = [0.25, 0.35, 0.6, 2.6, 1.2, 0.5, 0.45, 1.9, 1.5, 1.4, 1.4, 1.3, 0.35, 0.2, 0.15];

const HOUR_WEIGHTS = [
  0.1, 0.05, 0.03, 0.03, 0.05, 0.15, 0.4, 0.9, 1.5, 2.0, 2.2, 2.0, 1.5, 1.6, 1.9, 1.8, 1.5, 1.1, 0.8, 0.7,
  0.6, 0.45, 0.3, 0.2,
];

/** Spikes: the opening (20 April, 10–12 h) and Hannover Messe's first morning (24 April, 9–11 h). */
const ANCHORS: { day: number; hours: number[]; factor: number }[] = [
  { day: 3, hours: [10, 11], factor: 3 },
  { day: 7, hours: [9, 10], factor: 2 },
];

export function dayWeights(): number[] {
  return [...DAY_WEIGHTS];
}

export function hourWeights(day: number): number[] {
  const w = [...HOUR_WEIGHTS];
  for (const a of ANCHORS) if (a.day === day) for (const h of a.hours) w[h] = (w[h] as number) * a.factor;
  return w;
}

/** The Berlin calendar day (YYYY-MM-DD) of day index `d` of the world. */
export function dayLabel(d: number): string {
  return new Date(WORLD_START + d * DAY_MS + 2 * HOUR_MS).toISOString().slice(0, 10);
}
