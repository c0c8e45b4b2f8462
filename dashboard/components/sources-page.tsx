import type { AssetUrls } from "../assets.ts";
import type { Query } from "../urls.ts";
import type { FilterFormModel } from "../view-models/filter-form.ts";
import type { SourcesModel } from "../view-models/sources.ts";
import { FilteredPage } from "./filtered-page.tsx";
import { SourcesTable } from "./sources-table.tsx";

export interface SourcesPageProps {
  model: SourcesModel;
  form: FilterFormModel;
  assets: AssetUrls;
  query: Query;
}

/** Abdeckung / coverage: which targets are collected, whether they work, and where collection paused. */
export function SourcesPage(props: SourcesPageProps) {
  const { model, query } = props;
  return (
    <FilteredPage
      model={model}
      path="/sources"
      current="sources"
      query={query}
      assets={props.assets}
      form={props.form}
    >
      <div class="sources-overview">
        {model.summary ? <p class="sources-summary">{model.summary}</p> : null}
        {model.empty ? (
          <div class="empty">
            <p class="sources-empty">{model.empty.text}</p>
            <p class="hint">{model.empty.hint}</p>
          </div>
        ) : null}
        <p class="hint">{model.intro}</p>
        <p class="hint">{model.gapNote}</p>
        <p class="hint">{model.timezoneNote}</p>
      </div>
      {model.groups.map((g) => (
        <SourcesTable lang={model.lang} group={g} />
      ))}
    </FilteredPage>
  );
}
