import type { AssetUrls } from "../assets.ts";
import type { Query } from "../urls.ts";
import type { EventsModel } from "../view-models/events.ts";
import type { FilterFormModel } from "../view-models/filter-form.ts";
import { EventsCalendar } from "./events-calendar.tsx";
import { EventsTable } from "./events-table.tsx";
import { FilteredPage } from "./filtered-page.tsx";

export interface EventsPageProps {
  model: EventsModel;
  form: FilterFormModel;
  assets: AssetUrls;
  query: Query;
}

/** Veranstaltungen: the window as a calendar, then every event as a sortable-by-eye table. */
export function EventsPage(props: EventsPageProps) {
  const { model, query } = props;
  return (
    <FilteredPage
      model={model}
      path="/events"
      current="events"
      query={query}
      assets={props.assets}
      form={props.form}
      intro={{ text: model.intro, class: "hint" }}
    >
      <EventsCalendar model={model} />
      <EventsTable model={model} />
    </FilteredPage>
  );
}
