import { sql } from "kysely";
import { DateTime } from "luxon";
import type { DB } from "../db.ts";
import { ValidationError } from "../errors.ts";
import { daySpan, type Filters } from "../filters.ts";
import { rollupRows, rollupTarget } from "./rollup-scope.ts";
import { scopedPosts } from "./scope.ts";

export type Bucket = "hour" | "day";

export interface TimelinePoint {
  /** Bucket start, ISO with the campaign timezone's offset. */
  t: string;
  posts: number;
  potentialReach: number;
  engagement: number;
}

export interface Timeline {
  bucket: Bucket;
  series: TimelinePoint[];
}

/**
 * Posts per hour or per day in the campaign's timezone, gap-filled. SQLite
 * groups by UTC hour (cheap); the hours are then folded into local buckets,
 * which works for any zone whose offset is whole hours, as Europe/Berlin's is.
 */
/** Hourly series longer than this are refused: 31 days are 744 points already. */
export const MAX_HOURLY_DAYS = 31;

interface HourRow {
  hour: string;
  posts: number;
  potentialReach: number;
  engagement: number;
}

/** The series from the hourly rollups when they hold the filtered posts, else from the posts. */
export async function getTimeline(db: DB, f: Filters, bucket: Bucket): Promise<Timeline> {
  checkSpan(f, bucket);
  const target = await rollupTarget(db, f);
  if (!target) return fold(f, bucket, await hoursFromPosts(db, f));
  const rows = await rollupRows(db, "rollup_hours", f, target.family, target.scope)
    .select([
      "hour",
      sql<number>`sum(posts)`.as("posts"),
      sql<number>`sum(potential_reach)`.as("potentialReach"),
      sql<number>`sum(engagement)`.as("engagement"),
    ])
    .groupBy("hour")
    .execute();
  return fold(f, bucket, rows);
}

/** The same series always from the raw posts: the reference the rollups are tested against. */
export async function getTimelineFromPosts(db: DB, f: Filters, bucket: Bucket): Promise<Timeline> {
  checkSpan(f, bucket);
  return fold(f, bucket, await hoursFromPosts(db, f));
}

function checkSpan(f: Filters, bucket: Bucket): void {
  if (bucket === "hour" && daySpan(f.from, f.to) > MAX_HOURLY_DAYS) {
    throw new ValidationError(
      `invalid parameter 'bucket': hourly buckets cover at most ${MAX_HOURLY_DAYS} days; use bucket=day`,
      "bucket",
    );
  }
}

function hoursFromPosts(db: DB, f: Filters): Promise<HourRow[]> {
  return scopedPosts(db, f)
    .select([
      sql<string>`substr(posts.created_at, 1, 13)`.as("hour"),
      sql<number>`count(*)`.as("posts"),
      sql<number>`sum(posts.author_followers_at_collection)`.as("potentialReach"),
      sql<number>`sum(posts.likes + posts.reposts + posts.replies + posts.quotes)`.as("engagement"),
    ])
    .groupBy("hour")
    .execute();
}

/** Folds UTC hours into gap-filled local hours or days. */
function fold(f: Filters, bucket: Bucket, rows: readonly HourRow[]): Timeline {
  const { keys, bucketOf } = skeleton(f.from, f.to, f.campaign.timezone, bucket);
  const points = new Map<string, TimelinePoint>();
  for (const key of keys) points.set(key, { t: key, posts: 0, potentialReach: 0, engagement: 0 });
  for (const r of rows) {
    const key = bucketOf.get(r.hour);
    const p = key === undefined ? undefined : points.get(key);
    if (!p) continue;
    p.posts += r.posts;
    p.potentialReach += r.potentialReach;
    p.engagement += r.engagement;
  }
  return { bucket, series: [...points.values()] };
}

interface Skeleton {
  /** Every bucket start of the window, ISO with the zone's offset, in order. */
  keys: string[];
  /** UTC hour ("2017-04-20T22") → the bucket it falls in. */
  bucketOf: Map<string, string>;
}

/**
 * The buckets of a window and which UTC hour falls in which, computed once per
 * window, zone and bucket size: time-zone arithmetic (luxon, Intl) was the
 * largest cost of a timeline request, and dashboards ask for the same windows
 * again and again. A small cache of immutable values, not shared state.
 */
const skeletons = new Map<string, Skeleton>();

function skeleton(from: string, to: string, tz: string, bucket: Bucket): Skeleton {
  const cacheKey = `${from}|${to}|${tz}|${bucket}`;
  const hit = skeletons.get(cacheKey);
  if (hit) return hit;
  const keys: string[] = [];
  const bucketOf = new Map<string, string>();
  const start = DateTime.fromISO(from, { zone: tz }).startOf("day");
  const end = DateTime.fromISO(to, { zone: tz }).startOf("day").plus({ days: 1 });
  for (let t = start; t < end; t = t.plus(bucket === "hour" ? { hours: 1 } : { days: 1 })) keys.push(iso(t));
  // Whole-hour offsets (checked in the config): each UTC hour lies in exactly one local bucket.
  for (let h = start.toUTC(); h < end.toUTC(); h = h.plus({ hours: 1 })) {
    bucketOf.set(h.toFormat("yyyy-LL-dd'T'HH"), iso(h.setZone(tz).startOf(bucket)));
  }
  if (skeletons.size > 500) skeletons.clear();
  const made = { keys, bucketOf };
  skeletons.set(cacheKey, made);
  return made;
}

function iso(t: DateTime): string {
  return t.toISO({ suppressMilliseconds: true }) ?? "";
}
