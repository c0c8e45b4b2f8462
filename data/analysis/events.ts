import { parse as parseCsv } from "csv-parse/sync";
import ICAL from "ical.js";
import { z } from "zod";
import { normalizeTag } from "../campaign.ts";
import { isCalendarDay } from "../time.ts";

/** A campaign event: calendar days in the campaign's timezone, both inclusive. */
export interface CampaignEvent {
  id: string;
  title: string;
  start: string;
  end: string;
  city: string | null;
  /** ISO 3166-2, e.g. "DE-NW". */
  state: string | null;
  /** Registry id of the organising cluster, when known. */
  cluster: string | null;
  /** A hashtag people use for this event, without "#", lower-cased. */
  hashtag: string | null;
}

export interface ParsedEvents {
  events: CampaignEvent[];
  /** Entries that were skipped, with their position (1-based entry, or line for CSV) and why. */
  errors: { at: number; message: string }[];
}

export type EventFormat = "json" | "csv" | "ics";

const nullableText = z
  .string()
  .trim()
  .transform((s) => s || null)
  .nullish()
  .transform((s) => s ?? null);

/** One entry as the registry (data/registry/events.json) or an organiser's JSON writes it. */
const jsonEvent = z.looseObject({
  id: z.string().trim().min(1),
  title: z.string().trim().min(1),
  /** "2017-04-20" or "2017-04-20/2017-04-28"; or start/end separately. */
  date: nullableText,
  start: nullableText,
  end: nullableText,
  city: nullableText,
  state: nullableText,
  organisingCluster: nullableText,
  cluster: nullableText,
  hashtag: nullableText,
});

/** Reads events from JSON (`{"events": […]}` or a bare list), CSV or iCalendar; bad entries are reported, not fatal. */
export function parseEvents(text: string, format: EventFormat): ParsedEvents {
  if (format === "json") return parseEventsJson(text);
  if (format === "csv") return parseEventsCsv(text);
  return parseEventsIcs(text);
}

export function parseEventsJson(text: string): ParsedEvents {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`events file is not valid JSON: ${(err as Error).message}`);
  }
  const list = Array.isArray(raw) ? raw : (raw as { events?: unknown })?.events;
  if (!Array.isArray(list)) throw new Error('events JSON must be a list or an object with an "events" list');
  const out: ParsedEvents = { events: [], errors: [] };
  list.forEach((entry, i) => {
    const parsed = jsonEvent.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      out.errors.push({ at: i + 1, message: `${issue?.path.join(".") || "entry"}: ${issue?.message}` });
      return;
    }
    const e = parsed.data;
    const [start, end] = e.start ? [e.start, e.end ?? e.start] : (e.date?.split("/") ?? []);
    add(out, i + 1, {
      id: e.id,
      title: e.title,
      start: start ?? "",
      end: end ?? start ?? "",
      city: e.city,
      state: e.state,
      cluster: e.cluster ?? e.organisingCluster,
      hashtag: e.hashtag,
    });
  });
  return out;
}

/** CSV with a header: id,title,start,end,city,state,cluster,hashtag (`date` may stand for start; `;` or `,`). */
export function parseEventsCsv(text: string): ParsedEvents {
  const firstLine = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ";" : ",";
  let rows: Record<string, string>[];
  try {
    rows = parseCsv(text, {
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      bom: true,
      delimiter,
      skip_empty_lines: true,
      relax_column_count: true,
    });
  } catch (err) {
    throw new Error(`events CSV cannot be read: ${(err as Error).message}`);
  }
  const out: ParsedEvents = { events: [], errors: [] };
  rows.forEach((r, i) => {
    const start = r.start || r.date || "";
    add(out, i + 2, {
      id: r.id?.trim() || `csv-${i + 1}`,
      title: r.title?.trim() ?? "",
      start,
      end: r.end || start,
      city: r.city?.trim() || null,
      state: r.state?.trim() || null,
      cluster: r.cluster?.trim() || null,
      hashtag: r.hashtag?.trim() || null,
    });
  });
  return out;
}

/**
 * iCalendar (an organiser's calendar export): each VEVENT's UID, SUMMARY,
 * DTSTART/DTEND (as days; an all-day DTEND is exclusive), LOCATION as the
 * city, and the non-standard X-RESONANZ-CLUSTER / X-RESONANZ-HASHTAG /
 * X-RESONANZ-STATE properties when present; a "#tag" in the description
 * also names the event's hashtag.
 */
export function parseEventsIcs(text: string): ParsedEvents {
  let vevents: InstanceType<typeof ICAL.Component>[];
  try {
    vevents = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents("vevent");
  } catch (err) {
    throw new Error(`events calendar cannot be read: ${(err as Error).message}`);
  }
  const out: ParsedEvents = { events: [], errors: [] };
  vevents.forEach((v, i) => {
    const e = new ICAL.Event(v);
    const startTime = e.startDate;
    const endTime = e.endDate;
    if (!startTime) {
      out.errors.push({ at: i + 1, message: "DTSTART: missing" });
      return;
    }
    const start = dayOf(startTime);
    let end = endTime ? dayOf(endTime) : start;
    // All-day events end the day before DTEND.
    if (endTime?.isDate && end > start)
      end = new Date(Date.parse(`${end}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const prop = (name: string) => {
      const value = v.getFirstPropertyValue(name);
      return typeof value === "string" && value.trim() ? value.trim() : null;
    };
    add(out, i + 1, {
      id: e.uid || `ics-${i + 1}`,
      title: e.summary ?? "",
      start,
      end,
      city: e.location?.trim() || null,
      state: prop("x-resonanz-state"),
      cluster: prop("x-resonanz-cluster"),
      hashtag: prop("x-resonanz-hashtag") ?? /#([\p{L}\p{N}_]+)/u.exec(e.description ?? "")?.[1] ?? null,
    });
  });
  return out;
}

function dayOf(t: { year: number; month: number; day: number }): string {
  return `${String(t.year).padStart(4, "0")}-${String(t.month).padStart(2, "0")}-${String(t.day).padStart(2, "0")}`;
}

function add(out: ParsedEvents, at: number, e: CampaignEvent): void {
  const problems: string[] = [];
  if (!e.title) problems.push("title: missing");
  if (!isCalendarDay(e.start)) problems.push(`start: not a calendar day: '${e.start.slice(0, 30)}'`);
  if (!isCalendarDay(e.end)) problems.push(`end: not a calendar day: '${e.end.slice(0, 30)}'`);
  else if (isCalendarDay(e.start) && e.end < e.start) problems.push("end: before start");
  if (e.state && !/^DE-[A-Z]{2}$/.test(e.state))
    problems.push(`state: not an ISO 3166-2 code: '${e.state.slice(0, 10)}'`);
  if (problems.length > 0) {
    out.errors.push({ at, message: problems.join("; ") });
    return;
  }
  out.events.push({ ...e, hashtag: e.hashtag ? normalizeTag(e.hashtag) : null });
}

/** How far from an event a post with its hashtag still counts for it (a hashtag is reused next year). */
const HASHTAG_WINDOW_DAYS = 7;

/**
 * The events a post belongs to. Documented rule: (1) the post carries the
 * event's hashtag and was made within a week of the event; or (2) the post is
 * attributed to the event's organising cluster and was made on a day of the
 * event (campaign timezone). A post may belong to several events.
 */
export function eventsOfPost(
  post: { day: string; hashtags: readonly string[]; clusters: readonly string[] },
  events: readonly CampaignEvent[],
): string[] {
  const tags = new Set(post.hashtags.map(normalizeTag));
  const ids: string[] = [];
  for (const e of events) {
    const byTag =
      e.hashtag !== null && tags.has(e.hashtag) && withinDays(post.day, e.start, e.end, HASHTAG_WINDOW_DAYS);
    const byCluster =
      e.cluster !== null && post.clusters.includes(e.cluster) && post.day >= e.start && post.day <= e.end;
    if (byTag || byCluster) ids.push(e.id);
  }
  return ids;
}

function withinDays(day: string, start: string, end: string, days: number): boolean {
  const t = Date.parse(`${day}T00:00:00Z`);
  return (
    t >= Date.parse(`${start}T00:00:00Z`) - days * 86_400_000 &&
    t <= Date.parse(`${end}T00:00:00Z`) + days * 86_400_000
  );
}
