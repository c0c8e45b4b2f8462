import type { EventsModel } from "../view-models/events.ts";

/** Every event in the window, most posts first (getEvents' order), with its organising cluster linked. */
export function EventsTable(props: { model: EventsModel }) {
  const t = props.model.table;
  const cols = t.columns;
  return (
    <section class="events-list" aria-labelledby="events-list-heading">
      <h2 id="events-list-heading">{t.heading}</h2>
      {props.model.empty ? (
        <p class="empty">{props.model.empty}</p>
      ) : (
        <section class="table-scroll" aria-labelledby="events-list-caption" tabindex={0}>
          <table class="events-table">
            <caption id="events-list-caption">{t.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{cols.event}</th>
                <th scope="col">{cols.dates}</th>
                <th scope="col">{cols.city}</th>
                <th scope="col">{cols.state}</th>
                <th scope="col">{cols.cluster}</th>
                <th scope="col" class="num">
                  {cols.posts}
                </th>
              </tr>
            </thead>
            <tbody>
              {t.rows.map((r) => (
                <tr>
                  <th scope="row">{r.title}</th>
                  <td class="text">
                    <time datetime={r.start}>{r.dates}</time>
                  </td>
                  <td class="text">{r.city}</td>
                  <td class="text">{r.state}</td>
                  <td class="text">{r.cluster ? <a href={r.cluster.href}>{r.cluster.name}</a> : "–"}</td>
                  <td class="num">{r.posts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}
