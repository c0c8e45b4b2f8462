import { DateTime } from "luxon";
import type { Campaign } from "../../data/campaign.ts";
import { localeOf, stateName } from "../../data/format.ts";
import type { EventRow } from "../../data/queries/events.ts";
import type { Timeline } from "../../data/queries/timeline.ts";
import { exploreMessages } from "../i18n/explore.ts";
import { MESSAGES, type UiLang } from "../i18n/index.ts";
import { pageHref, type Query, sharedQuery } from "../urls.ts";
import { createFormatter } from "./format.ts";

/**
 * Veranstaltungen: a calendar of the filter window (weeks as rows, Monday to
 * Sunday as columns, days in the campaign's timezone) and a table of every
 * event. Pure; the page component only places the strings.
 */
export interface EventsInput {
  lang: UiLang;
  campaign: Campaign;
  /** The filter window, calendar days in the campaign's timezone. */
  from: string;
  to: string;
  /** getEvents: most posts first. */
  events: readonly EventRow[];
  /** getTimeline(…, "day"): the day totals. */
  timeline: Timeline;
  clusters: readonly { id: string; name: string }[];
  query: Query;
}

export interface CalendarEvent {
  id: string;
  title: string;
  posts: string;
  /** "Tag 2 von 5" for events longer than a day, else null. */
  dayOf: string | null;
}

export interface CalendarDay {
  /** YYYY-MM-DD. */
  iso: string;
  /** "20.04." / "20 Apr". */
  label: string;
  inWindow: boolean;
  /** "12 Beiträge"; null outside the window. */
  posts: string | null;
  events: CalendarEvent[];
}

export interface CalendarWeek {
  /** "KW 16" (visible) and "Kalenderwoche 16/2017" (for screen readers). */
  label: string;
  longLabel: string;
  days: CalendarDay[];
}

export interface EventTableRow {
  id: string;
  title: string;
  dates: string;
  /** The first day, for <time datetime>. */
  start: string;
  city: string;
  state: string;
  cluster: { name: string; href: string } | null;
  posts: string;
}

export interface EventsModel {
  lang: UiLang;
  title: string;
  heading: string;
  intro: string;
  campaignName: string;
  period: string;
  calendar: {
    heading: string;
    caption: string;
    hint: string;
    weekColumn: string;
    weekdays: { short: string; long: string }[];
    weeks: CalendarWeek[];
    outsideWindow: string;
    dayEventsLabel: string;
  };
  table: {
    heading: string;
    caption: string;
    columns: { event: string; dates: string; city: string; state: string; cluster: string; posts: string };
    rows: EventTableRow[];
  };
  /** Said instead of the table when no event falls in the window. */
  empty: string | null;
}

/** Calendar days are zone-free dates: day arithmetic in UTC cannot trip over a DST switch. */
const day = (iso: string) => DateTime.fromISO(iso, { zone: "UTC" });

export function buildEventsModel(input: EventsInput): EventsModel {
  const { lang, from, to, query } = input;
  const m = MESSAGES[lang];
  const x = exploreMessages[lang];
  const fmt = createFormatter(lang);
  const names = new Map(input.clusters.map((c) => [c.id, c.name]));
  const period = fmt.period(from, to);

  // The timeline's `t` is the local day's start with its offset: its first ten characters are the Berlin day.
  const totals = new Map(input.timeline.series.map((p) => [p.t.slice(0, 10), p.posts]));

  const weeks: CalendarWeek[] = [];
  const first = day(from).startOf("week"); // luxon weeks are ISO weeks: Monday first
  const last = day(to).endOf("week").startOf("day");
  for (let monday = first; monday <= last; monday = monday.plus({ weeks: 1 })) {
    const days: CalendarDay[] = [];
    for (let i = 0; i < 7; i++) {
      const d = monday.plus({ days: i });
      const iso = d.toISODate() ?? "";
      const inWindow = iso >= from && iso <= to;
      const total = totals.get(iso) ?? 0;
      days.push({
        iso,
        label: d.setLocale(localeOf(lang)).toFormat(lang === "de" ? "dd.MM." : "d MMM"),
        inWindow,
        posts: inWindow ? x.dayPosts(fmt.integer(total), total) : null,
        events: inWindow ? eventsOn(iso, input.events, lang, fmt.integer) : [],
      });
    }
    weeks.push({
      label: x.weekLabel(monday.weekNumber),
      longLabel: x.weekLabelLong(monday.weekNumber, monday.weekYear),
      days,
    });
  }

  const shared = sharedQuery(query);
  const rows: EventTableRow[] = input.events.map((e) => ({
    id: e.id,
    title: e.title,
    dates: fmt.period(e.start, e.end),
    start: e.start,
    city: e.city ?? x.noCity,
    state: e.state ? stateName(e.state, lang) : "–",
    cluster: e.cluster
      ? {
          name: names.get(e.cluster) ?? e.cluster,
          href: pageHref(`/clusters/${encodeURIComponent(e.cluster)}`, shared),
        }
      : null,
    posts: fmt.integer(e.posts),
  }));

  return {
    lang,
    title: `${x.eventsTitle} – ${input.campaign.name} – ${m.appName}`,
    heading: x.eventsTitle,
    intro: x.eventsIntro,
    campaignName: input.campaign.name,
    period,
    calendar: {
      heading: x.calendarHeading,
      caption: x.calendarCaption(period),
      hint: x.calendarHint,
      weekColumn: x.weekColumn,
      weekdays: x.weekdaysShort.map((short, i) => ({ short, long: x.weekdaysLong[i] ?? short })),
      weeks,
      outsideWindow: x.outsideWindow,
      dayEventsLabel: x.dayEventsLabel,
    },
    table: {
      heading: x.eventsListHeading,
      caption: x.eventsListCaption(fmt.integer(rows.length), rows.length),
      columns: {
        event: x.colEvent,
        dates: x.colDates,
        city: x.colCity,
        state: x.colState,
        cluster: x.colCluster,
        posts: x.colPosts,
      },
      rows,
    },
    empty: rows.length === 0 ? x.eventsEmpty : null,
  };
}

/**
 * The events on one day, in getEvents' order (most posts first). The count is
 * the event's own (all its days): posts are linked to an event, not to one of
 * its days, so a multi-day event says "insgesamt" and which of its days this is.
 */
function eventsOn(
  iso: string,
  events: readonly EventRow[],
  lang: UiLang,
  int: (n: number) => string,
): CalendarEvent[] {
  const x = exploreMessages[lang];
  return events
    .filter((e) => e.start <= iso && iso <= e.end)
    .map((e) => {
      const days = Math.round(day(e.end).diff(day(e.start), "days").days) + 1;
      const nth = Math.round(day(iso).diff(day(e.start), "days").days) + 1;
      return {
        id: e.id,
        title: e.title,
        posts: days > 1 ? x.eventPostsMultiDay(int(e.posts), e.posts) : x.eventPosts(int(e.posts), e.posts),
        dayOf: days > 1 ? x.eventDayOf(nth, days) : null,
      };
    });
}
