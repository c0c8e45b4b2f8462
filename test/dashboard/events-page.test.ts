import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFormatter } from "../../dashboard/view-models/format.ts";
import { getEvents } from "../../data/queries/events.ts";
import { getTimeline } from "../../data/queries/timeline.ts";
import { createWorld, decode, get, type World, XSS_EVENT } from "./posts-world.ts";

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.close();
});

const page = (path: string) => get(w.app, path);

/** The <td> of one calendar day. */
function dayCell(html: string, iso: string): string {
  const at = html.indexOf(`<time datetime="${iso}">`);
  expect(at, `calendar day ${iso}`).toBeGreaterThan(-1);
  const start = html.lastIndexOf("<td", at);
  return html.slice(start, html.indexOf("</td>", at));
}

function calendar(html: string): string {
  return html.slice(
    html.indexOf('<table class="calendar">'),
    html.indexOf("</table>", html.indexOf('<table class="calendar">')),
  );
}

function eventsTable(html: string): string {
  const start = html.indexOf('<table class="events-table">');
  expect(start).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf("</table>", start));
}

describe("GET /events", () => {
  it("renders a calendar table of the window: caption, weekday column headers, weeks as row headers", async () => {
    const { status, html } = await page("/events");
    expect(status).toBe(200);
    expect(html).toContain('<html lang="de">');
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
    expect(html).toContain("<h1>Veranstaltungen</h1>");
    expect(html).toContain('aria-current="page">Veranstaltungen</a>');
    const cal = calendar(html);
    expect(cal).toContain("<caption");
    expect(cal).toContain("Veranstaltungen und Beiträge pro Tag, 20.04.2017 – 28.04.2017</caption>");
    expect(cal.match(/<th scope="col"/g)).toHaveLength(8); // week + Mo–So
    for (const day of ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]) {
      expect(cal).toContain(`<span class="visually-hidden">${day}</span>`);
    }
    expect(cal.match(/<th scope="row"/g)).toHaveLength(2);
    expect(cal).toContain("Kalenderwoche 16/2017");
    expect(cal).toContain("Kalenderwoche 17/2017");
    // 17–19 April and 29–30 April are outside the window.
    expect(cal.match(/cal-outside/g)).toHaveLength(5);
  });

  it("prints each day's total as getTimeline counts it, and each event's posts as getEvents counts them", async () => {
    const { html } = await page("/events");
    const f = w.filters();
    const [timeline, events] = await Promise.all([
      getTimeline(w.database.db, f, "day"),
      getEvents(w.database.db, f),
    ]);
    const fmt = createFormatter("de");
    expect(timeline.series).toHaveLength(9);
    for (const p of timeline.series) {
      const n = p.posts;
      expect(dayCell(html, p.t.slice(0, 10))).toContain(
        `<p class="cal-total">${fmt.integer(n)} ${n === 1 ? "Beitrag" : "Beiträge"}</p>`,
      );
    }
    const owl = events.find((e) => e.id === "owl-tag");
    const hm = events.find((e) => e.id === "hm");
    expect(owl?.posts).toBeGreaterThan(0);
    expect(hm?.posts).toBe(1);
    expect(dayCell(html, "2017-04-21")).toContain("Tag der offenen Tür");
    expect(dayCell(html, "2017-04-21")).toContain(
      `<span class="cal-event-posts">${owl?.posts} ${owl?.posts === 1 ? "Beitrag" : "Beiträge"}</span>`,
    );
    // The five-day fair appears on each of its days, with its total and which day it is.
    for (const [i, day] of ["2017-04-24", "2017-04-25", "2017-04-26", "2017-04-27", "2017-04-28"].entries()) {
      const cell = dayCell(html, day);
      expect(cell).toContain('<span class="cal-event-title">Hannover Messe</span>');
      expect(cell).toContain(`(Tag ${i + 1} von 5)`);
      expect(cell).toContain("1 Beitrag insgesamt");
    }
    expect(dayCell(html, "2017-04-20")).not.toContain("cal-events");
  });

  it("lists every event in getEvents' order, most posts first, with dates, city, Land and a cluster link", async () => {
    const { html } = await page("/events");
    const events = await getEvents(w.database.db, w.filters());
    const table = eventsTable(html);
    expect(table).toContain(
      `<caption id="events-list-caption">3 Veranstaltungen im Zeitraum, meiste Beiträge zuerst</caption>`,
    );
    const titles = [...table.matchAll(/<th scope="row">([^<]*)<\/th>/g)].map((m) => decode(m[1] ?? ""));
    expect(titles).toEqual(events.map((e) => e.title));
    const counts = [...table.matchAll(/<td class="num">([^<]*)<\/td>/g)].map((m) => m[1]);
    expect(counts).toEqual(events.map((e) => String(e.posts)));
    expect(table).toContain('<a href="/clusters/its-owl">it&#39;s OWL Clustermanagement GmbH</a>');
    expect(table).toContain('<time datetime="2017-04-24">24.04.2017 – 28.04.2017</time>');
    expect(table).toContain('<td class="text">Hannover</td><td class="text">Niedersachsen</td>');
  });

  it("follows the filter window: a shorter window has fewer weeks and only its events", async () => {
    const { html } = await page("/events?from=2017-04-24&to=2017-04-25");
    const cal = calendar(html);
    expect(cal.match(/<th scope="row"/g)).toHaveLength(1);
    expect(cal).not.toContain("Tag der offenen Tür");
    expect(cal).toContain("Hannover Messe");
    const events = await getEvents(w.database.db, w.filters({ from: "2017-04-24", to: "2017-04-25" }));
    expect(events.map((e) => e.id)).toEqual(["hm"]);
    expect(eventsTable(html)).toContain("1 Veranstaltung im Zeitraum");
    expect(html).toContain('action="/events"');
  });

  it("says so when no event falls in the window", async () => {
    const { status, html } = await page("/events?campaign=clusterwoche-2019");
    expect(status).toBe(200);
    expect(html).toContain("Im gewählten Zeitraum finden keine erfassten Veranstaltungen statt.");
    expect(html).not.toContain('<table class="events-table">');
  });

  it("shows a hostile event title only escaped, and no inline style", async () => {
    const { html } = await page("/events");
    expect(html).not.toContain(XSS_EVENT);
    expect(html).toContain("&lt;script&gt;alert(&quot;event&quot;)&lt;/script&gt;");
    expect(html).not.toMatch(/\sstyle=/i);
  });

  it("English, with a language switch that keeps the filters", async () => {
    const { status, html } = await page("/events?lang=en&platform=mastodon");
    expect(status).toBe(200);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("<h1>Events</h1>");
    expect(html).toContain('<span class="visually-hidden">Monday</span>');
    expect(html).toContain("Events and posts per day, 20 Apr 2017 – 28 Apr 2017");
    expect(html).toContain("(day 2 of 5)");
    expect(html).toContain('<a href="/clusters/its-owl?platform=mastodon&amp;lang=en">');
    const toGerman = /<a href="([^"]*)" lang="de" hreflang="de">Deutsch<\/a>/.exec(html);
    expect(decode(toGerman?.[1] ?? "")).toBe("/events?platform=mastodon");
  });

  it("a bad filter gets the friendly 400 page", async () => {
    const { status, html } = await page("/events?state=DE-XX");
    expect(status).toBe(400);
    expect(html).toContain("<h1>Ungültiger Filter</h1>");
    expect(html).toContain("Bundesland");
  });
});
