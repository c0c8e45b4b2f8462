import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type CampaignEvent, eventsOfPost, parseEvents } from "../../data/analysis/events.ts";

describe("event import", () => {
  it("reads the shipped registry's events: single days and intervals; undated ones reported", () => {
    const text = readFileSync(new URL("../../data/registry/events.json", import.meta.url), "utf8");
    const { events, errors } = parseEvents(text, "json");
    expect(events.find((e) => e.id === "cw2017-go-cluster-jahrestagung")).toMatchObject({
      start: "2017-04-20",
      end: "2017-04-20",
      city: "Berlin",
      state: "DE-BE",
    });
    expect(events.some((e) => e.start === "2017-04-24" && e.end === "2017-04-28")).toBe(true);
    expect(errors.length).toBe(4); // four entries have no date
    expect(errors[0]?.message).toMatch(/^start: not a calendar day/);
  });

  it("reads CSV with semicolons and German Excel's BOM, reporting bad rows by line", () => {
    const csv =
      "\uFEFFid;title;date;end;city;state;cluster;hashtag\n" +
      "e1;Tag der offenen Tür;2017-04-21;;Paderborn;DE-NW;its-owl;#OWLtag\n" +
      "e2;Ohne Datum;;;;;;\n" +
      "e3;Hannover Messe;2017-04-24;2017-04-28;Hannover;Niedersachsen;;HM17\n" +
      "e4;Workshop „KI“ <script>;2017-04-26;2017-04-25;;;;\n";
    const { events, errors } = parseEvents(csv, "csv");
    expect(events).toEqual([
      {
        id: "e1",
        title: "Tag der offenen Tür",
        start: "2017-04-21",
        end: "2017-04-21",
        city: "Paderborn",
        state: "DE-NW",
        cluster: "its-owl",
        hashtag: "owltag",
      },
    ]);
    expect(errors.map((e) => e.at)).toEqual([3, 4, 5]);
    expect(errors[1]?.message).toContain("state: not an ISO 3166-2 code");
    expect(errors[2]?.message).toBe("end: before start");
  });

  it("reads an iCalendar export: all-day DTEND is exclusive, X- properties and #tags in the description", () => {
    const ics = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//Test//DE",
      "BEGIN:VEVENT",
      "UID:hm17@example.org",
      "DTSTAMP:20170401T000000Z",
      "SUMMARY:Hannover Messe: Gemeinschaftsstand",
      "DTSTART;VALUE=DATE:20170424",
      "DTEND;VALUE=DATE:20170429",
      "LOCATION:Hannover",
      "DESCRIPTION:Besuchen Sie uns! #HM17",
      "X-RESONANZ-CLUSTER:automotive-nordwest",
      "X-RESONANZ-STATE:DE-NI",
      "END:VEVENT",
      "BEGIN:VEVENT",
      "UID:talk@example.org",
      "DTSTAMP:20170401T000000Z",
      "SUMMARY:Abendvortrag",
      "DTSTART;TZID=Europe/Berlin:20170420T190000",
      "DTEND;TZID=Europe/Berlin:20170420T210000",
      "END:VEVENT",
      "END:VCALENDAR",
    ].join("\r\n");
    const { events, errors } = parseEvents(ics, "ics");
    expect(errors).toEqual([]);
    expect(events).toEqual([
      {
        id: "hm17@example.org",
        title: "Hannover Messe: Gemeinschaftsstand",
        start: "2017-04-24",
        end: "2017-04-28",
        city: "Hannover",
        state: "DE-NI",
        cluster: "automotive-nordwest",
        hashtag: "hm17",
      },
      {
        id: "talk@example.org",
        title: "Abendvortrag",
        start: "2017-04-20",
        end: "2017-04-20",
        city: null,
        state: null,
        cluster: null,
        hashtag: null,
      },
    ]);
  });

  it.each([
    ["{", "json", /not valid JSON/],
    ['{"items": []}', "json", /must be a list or an object with an "events" list/],
    ["BEGIN:VCALENDAR\nthis is not", "ics", /cannot be read/],
  ] as const)("refuses an unreadable file as a whole: %j", (text, format, message) => {
    expect(() => parseEvents(text, format)).toThrow(message);
  });
});

describe("linking posts to events", () => {
  const events: CampaignEvent[] = [
    {
      id: "hm",
      title: "Hannover Messe",
      start: "2017-04-24",
      end: "2017-04-28",
      city: "Hannover",
      state: "DE-NI",
      cluster: null,
      hashtag: "hm17",
    },
    {
      id: "owl",
      title: "Tag der offenen Tür",
      start: "2017-04-21",
      end: "2017-04-21",
      city: "Paderborn",
      state: "DE-NW",
      cluster: "its-owl",
      hashtag: null,
    },
  ];
  it.each([
    ["event hashtag during the fair", { day: "2017-04-25", hashtags: ["HM17"], clusters: [] }, ["hm"]],
    ["event hashtag in the week before", { day: "2017-04-18", hashtags: ["hm17"], clusters: [] }, ["hm"]],
    ["event hashtag a year later", { day: "2018-04-25", hashtags: ["hm17"], clusters: [] }, []],
    [
      "organising cluster on the event's day",
      { day: "2017-04-21", hashtags: [], clusters: ["its-owl"] },
      ["owl"],
    ],
    ["organising cluster on another day", { day: "2017-04-22", hashtags: [], clusters: ["its-owl"] }, []],
    ["both at once", { day: "2017-04-21", hashtags: ["hm17"], clusters: ["its-owl"] }, ["hm", "owl"]],
    ["neither", { day: "2017-04-21", hashtags: ["clusterwoche"], clusters: ["biorn"] }, []],
  ])("%s", (_name, post, ids) => {
    expect(eventsOfPost(post, events)).toEqual(ids);
  });
});
