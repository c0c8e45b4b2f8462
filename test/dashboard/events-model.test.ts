import { describe, expect, it } from "vitest";
import type { UiLang } from "../../dashboard/i18n/index.ts";
import { buildEventsModel } from "../../dashboard/view-models/events.ts";
import type { EventRow } from "../../data/queries/events.ts";
import type { Timeline } from "../../data/queries/timeline.ts";
import { CW2017 } from "../helpers/db.ts";

function event(o: Partial<EventRow> = {}): EventRow {
  return {
    id: "e1",
    title: "Tag der offenen Tür",
    start: "2017-04-21",
    end: "2017-04-21",
    cluster: "its-owl",
    state: "DE-NW",
    city: "Paderborn",
    posts: 12,
    ...o,
  };
}

/** Gap-filled days as getTimeline returns them (offset of the day in Berlin). */
function timeline(from: string, counts: number[]): Timeline {
  const start = Date.parse(`${from}T12:00:00Z`);
  return {
    bucket: "day",
    series: counts.map((posts, i) => {
      const day = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
      const offset = day >= "2017-03-26" && day < "2017-10-29" ? "+02:00" : "+01:00";
      return { t: `${day}T00:00:00${offset}`, posts, potentialReach: 0, engagement: 0 };
    }),
  };
}

function build(lang: UiLang, o: { from?: string; to?: string; events?: EventRow[]; counts?: number[] } = {}) {
  const from = o.from ?? "2017-04-20";
  const to = o.to ?? "2017-04-28";
  return buildEventsModel({
    lang,
    campaign: CW2017,
    from,
    to,
    events: o.events ?? [event()],
    timeline: timeline(from, o.counts ?? [1, 1500, 0, 0, 0, 0, 0, 0, 3]),
    clusters: [{ id: "its-owl", name: "it's OWL Clustermanagement GmbH" }],
    query: { lang: lang === "en" ? "en" : "", platform: "mastodon", q: "x" },
  });
}

describe("buildEventsModel: calendar grid", () => {
  it.each([
    // from, to, weeks, first Monday, last Sunday, week labels
    ["2017-04-20", "2017-04-28", 2, "2017-04-17", "2017-04-30", ["KW 16", "KW 17"]],
    ["2017-04-24", "2017-04-24", 1, "2017-04-24", "2017-04-30", ["KW 17"]],
    ["2017-04-23", "2017-04-24", 2, "2017-04-17", "2017-04-30", ["KW 16", "KW 17"]],
    // Across a year: 1 Jan 2017 is a Sunday of ISO week 52 of 2016.
    ["2016-12-30", "2017-01-02", 2, "2016-12-26", "2017-01-08", ["KW 52", "KW 1"]],
    // Across the switch to summer time (26 March 2017): still seven days a row.
    ["2017-03-24", "2017-03-28", 2, "2017-03-20", "2017-04-02", ["KW 12", "KW 13"]],
  ])("%s..%s: %d week rows from %s to %s", (from, to, weeks, firstMonday, lastSunday, labels) => {
    const c = build("de", { from, to, events: [], counts: [] }).calendar;
    expect(c.weeks).toHaveLength(weeks);
    for (const w of c.weeks) expect(w.days).toHaveLength(7);
    expect(c.weeks[0]?.days[0]?.iso).toBe(firstMonday);
    expect(c.weeks.at(-1)?.days[6]?.iso).toBe(lastSunday);
    expect(c.weeks.map((w) => w.label)).toEqual(labels);
    const inWindow = c.weeks.flatMap((w) => w.days).filter((d) => d.inWindow);
    expect(inWindow[0]?.iso).toBe(from);
    expect(inWindow.at(-1)?.iso).toBe(to);
  });

  it.each([
    [
      "de",
      ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"],
      "Montag",
      "Kalenderwoche 16/2017",
      "20.04.",
      "1.500 Beiträge",
    ],
    [
      "en",
      ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
      "Monday",
      "Calendar week 16/2017",
      "20 Apr",
      "1,500 posts",
    ],
  ] as const)("%s labels", (lang, short, monday, longWeek, dayLabel, friday) => {
    const c = build(lang).calendar;
    expect(c.weekdays.map((d) => d.short)).toEqual(short);
    expect(c.weekdays[0]?.long).toBe(monday);
    expect(c.weeks[0]?.longLabel).toBe(longWeek);
    const days = c.weeks.flatMap((w) => w.days);
    expect(days.find((d) => d.iso === "2017-04-20")?.label).toBe(dayLabel);
    expect(days.find((d) => d.iso === "2017-04-21")?.posts).toBe(friday);
  });

  it("gives days outside the window no numbers and no events", () => {
    const days = build("de", {
      events: [event({ start: "2017-04-17", end: "2017-04-21" })],
    }).calendar.weeks.flatMap((w) => w.days);
    const monday = days.find((d) => d.iso === "2017-04-17");
    expect(monday).toMatchObject({ inWindow: false, posts: null, events: [] });
    expect(days.find((d) => d.iso === "2017-04-20")?.posts).toBe("1 Beitrag");
    expect(days.find((d) => d.iso === "2017-04-22")?.posts).toBe("0 Beiträge");
  });

  it.each([
    [
      "de",
      "12 Beiträge insgesamt",
      ["Tag 1 von 5", "Tag 2 von 5", "Tag 3 von 5", "Tag 4 von 5", "Tag 5 von 5"],
    ],
    ["en", "12 posts in total", ["day 1 of 5", "day 2 of 5", "day 3 of 5", "day 4 of 5", "day 5 of 5"]],
  ] as const)("%s: a multi-day event appears on each of its days", (lang, posts, dayOf) => {
    const multi = event({
      id: "hm",
      title: "Hannover Messe",
      start: "2017-04-24",
      end: "2017-04-28",
      cluster: null,
    });
    const days = build(lang, { events: [multi] }).calendar.weeks.flatMap((w) => w.days);
    const withEvent = days.filter((d) => d.events.length > 0);
    expect(withEvent.map((d) => d.iso)).toEqual([
      "2017-04-24",
      "2017-04-25",
      "2017-04-26",
      "2017-04-27",
      "2017-04-28",
    ]);
    expect(withEvent.map((d) => d.events[0]?.dayOf)).toEqual(dayOf);
    expect(withEvent[0]?.events[0]?.posts).toBe(posts);
  });

  it.each([
    ["de", 1, "1 Beitrag"],
    ["de", 0, "0 Beiträge"],
    ["en", 1, "1 post"],
    ["en", 2345, "2,345 posts"],
  ] as const)("%s: a one-day event with %d posts says %s, and no day number", (lang, n, text) => {
    const days = build(lang, { events: [event({ posts: n })] }).calendar.weeks.flatMap((w) => w.days);
    expect(days.find((d) => d.iso === "2017-04-21")?.events).toEqual([
      { id: "e1", title: "Tag der offenen Tür", posts: text, dayOf: null },
    ]);
  });
});

describe("buildEventsModel: table", () => {
  it.each([
    [
      "de",
      "2 Veranstaltungen im Zeitraum, meiste Beiträge zuerst",
      "24.04.2017 – 28.04.2017",
      "Niedersachsen",
    ],
    ["en", "2 events in the period, most posts first", "24 Apr 2017 – 28 Apr 2017", "Lower Saxony"],
  ] as const)("%s rows in getEvents' order with names, periods and Länder", (lang, caption, period, land) => {
    const events = [
      event({
        id: "hm",
        title: "Hannover Messe",
        start: "2017-04-24",
        end: "2017-04-28",
        cluster: null,
        state: "DE-NI",
        posts: 1200,
      }),
      event({ city: null, cluster: "gone" }),
    ];
    const t = build(lang, { events }).table;
    expect(t.caption).toBe(caption);
    expect(t.rows.map((r) => r.id)).toEqual(["hm", "e1"]);
    expect(t.rows[0]).toMatchObject({ dates: period, state: land, city: "Paderborn", cluster: null });
    expect(t.rows[0]?.posts).toBe(lang === "de" ? "1.200" : "1,200");
    // A cluster missing from the registry is shown by its id; the link keeps the shared filters.
    expect(t.rows[1]?.cluster).toEqual({
      name: "gone",
      href: lang === "de" ? "/clusters/gone?platform=mastodon" : "/clusters/gone?platform=mastodon&lang=en",
    });
    expect(t.rows[1]?.city).toBe("–");
  });

  it("links a registry cluster by its name", () => {
    expect(build("de").table.rows[0]?.cluster).toEqual({
      name: "it's OWL Clustermanagement GmbH",
      href: "/clusters/its-owl?platform=mastodon",
    });
  });

  it.each(["de", "en"] as const)(
    "%s: no events → an empty sentence, the calendar still shows the days",
    (lang) => {
      const model = build(lang, { events: [] });
      expect(model.empty).toMatch(lang === "de" ? /keine erfassten Veranstaltungen/ : /No recorded events/);
      expect(model.table.rows).toEqual([]);
      expect(model.calendar.weeks).toHaveLength(2);
    },
  );
});
