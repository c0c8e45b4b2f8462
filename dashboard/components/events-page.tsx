import type { AssetUrls } from "../assets.ts";
import { MESSAGES } from "../i18n/index.ts";
import { pageHref, type Query } from "../urls.ts";
import type { EventsModel } from "../view-models/events.ts";
import type { FilterFormModel } from "../view-models/filter-form.ts";
import { EventsCalendar } from "./events-calendar.tsx";
import { EventsTable } from "./events-table.tsx";
import { FilterForm } from "./filter-form.tsx";
import { Layout } from "./layout.tsx";

export interface EventsPageProps {
  model: EventsModel;
  form: FilterFormModel;
  assets: AssetUrls;
  query: Query;
}

/** Veranstaltungen: the window as a calendar, then every event as a sortable-by-eye table. */
export function EventsPage(props: EventsPageProps) {
  const { model, query } = props;
  const m = MESSAGES[model.lang];
  const lang = model.lang === "en" ? "en" : undefined;
  return (
    <Layout
      lang={model.lang}
      title={model.title}
      assets={props.assets}
      otherLangHref={pageHref("/events", query, { lang: model.lang === "de" ? "en" : undefined })}
      current="events"
      query={query}
    >
      <div class="page-head">
        <h1>{model.heading}</h1>
        <p class="period">
          {model.campaignName} · {m.periodLabel}: {model.period}
        </p>
        <p class="hint">{model.intro}</p>
      </div>
      <FilterForm
        lang={model.lang}
        model={props.form}
        resetHref={pageHref("/events", { lang })}
        action="/events"
      />
      <EventsCalendar model={model} />
      <EventsTable model={model} />
    </Layout>
  );
}
