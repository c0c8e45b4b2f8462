import { sql } from "kysely";
import { DateTime } from "luxon";
import type { DB } from "../db.ts";
import { ValidationError } from "../errors.ts";
import { daySpan, type Filters } from "../filters.ts";
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

export async function getTimeline(db: DB, f: Filters, bucket: Bucket): Promise<Timeline> {
  if (bucket === "hour" && daySpan(f.from, f.to) > MAX_HOURLY_DAYS) {
    throw new ValidationError(
      `invalid parameter 'bucket': hourly buckets cover at most ${MAX_HOURLY_DAYS} days; use bucket=day`,
      "bucket",
    );
  }
  const rows = await scopedPosts(db, f)
    .select([
      sql<string>`substr(posts.created_at, 1, 13)`.as("hour"),
      sql<number>`count(*)`.as("posts"),
      sql<number>`sum(posts.author_followers_at_collection)`.as("potentialReach"),
      sql<number>`sum(posts.likes + posts.reposts + posts.replies + posts.quotes)`.as("engagement"),
    ])
    .groupBy("hour")
    .execute();

  const tz = f.campaign.timezone;
  const points = new Map<string, TimelinePoint>();
  const start = DateTime.fromISO(f.from, { zone: tz }).startOf("day");
  const end = DateTime.fromISO(f.to, { zone: tz }).startOf("day").plus({ days: 1 });
  for (let t = start; t < end; t = t.plus(bucket === "hour" ? { hours: 1 } : { days: 1 })) {
    const key = iso(t);
    points.set(key, { t: key, posts: 0, potentialReach: 0, engagement: 0 });
  }
  for (const r of rows) {
    const local = DateTime.fromISO(`${r.hour}:00:00Z`, { zone: "UTC" }).setZone(tz);
    const key = iso(local.startOf(bucket));
    const p = points.get(key);
    if (!p) continue;
    p.posts += r.posts;
    p.potentialReach += r.potentialReach;
    p.engagement += r.engagement;
  }
  return { bucket, series: [...points.values()] };
}

function iso(t: DateTime): string {
  return t.toISO({ suppressMilliseconds: true }) ?? "";
}
