import type { CalendarDay, EventsModel } from "../view-models/events.ts";

/**
 * A real table, so a screen reader announces "Freitag, KW 16" for each cell:
 * weekdays are column headers, weeks row headers. Wide by nature; it scrolls
 * sideways on a phone, and the events table below carries the same events.
 */
export function EventsCalendar(props: { model: EventsModel }) {
  const c = props.model.calendar;
  return (
    <section class="events-calendar" aria-labelledby="calendar-heading">
      <h2 id="calendar-heading">{c.heading}</h2>
      <p class="hint">{c.hint}</p>
      <section class="table-scroll calendar-scroll" aria-labelledby="calendar-caption" tabindex={0}>
        <table class="calendar">
          <caption id="calendar-caption">{c.caption}</caption>
          <thead>
            <tr>
              <th scope="col" class="cal-week-col">
                {c.weekColumn}
              </th>
              {c.weekdays.map((d) => (
                <th scope="col">
                  <span aria-hidden="true">{d.short}</span>
                  <span class="visually-hidden">{d.long}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {c.weeks.map((w) => (
              <tr>
                <th scope="row" class="cal-week">
                  <span aria-hidden="true">{w.label}</span>
                  <span class="visually-hidden">{w.longLabel}</span>
                </th>
                {w.days.map((d) => (
                  <DayCell day={d} outsideWindow={c.outsideWindow} eventsLabel={c.dayEventsLabel} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </section>
  );
}

function DayCell(props: { day: CalendarDay; outsideWindow: string; eventsLabel: string }) {
  const d = props.day;
  if (!d.inWindow) {
    return (
      <td class="cal-day cal-outside">
        <time datetime={d.iso}>{d.label}</time>
        <span class="visually-hidden"> ({props.outsideWindow})</span>
      </td>
    );
  }
  return (
    <td class={d.events.length > 0 ? "cal-day cal-has-events" : "cal-day"}>
      <p class="cal-date">
        <time datetime={d.iso}>{d.label}</time>
      </p>
      <p class="cal-total">{d.posts}</p>
      {d.events.length > 0 ? (
        <ul class="cal-events" aria-label={props.eventsLabel}>
          {d.events.map((e) => (
            <li>
              <span class="cal-event-title">{e.title}</span>
              {e.dayOf ? <span class="cal-event-day"> ({e.dayOf})</span> : null}
              <span class="visually-hidden">, </span>
              <span class="cal-event-posts">{e.posts}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </td>
  );
}
