import { MESSAGES, type UiLang } from "../i18n/index.ts";
import type { FilterFormModel } from "../view-models/filter-form.ts";
import { SelectField } from "./select-field.tsx";

/** A plain GET form: works without JavaScript and leaves the filters in the URL. */
export function FilterForm(props: {
  lang: UiLang;
  model: FilterFormModel;
  resetHref: string;
  /** The page the form reloads with the chosen filters (default: the overview). */
  action?: string;
  /** Offer the comparison campaign (the overview only). */
  showCompare?: boolean;
}) {
  const m = MESSAGES[props.lang];
  const f = props.model;
  return (
    <section class="filters" aria-labelledby="filters-heading">
      <h2 id="filters-heading">{m.filtersHeading}</h2>
      <form method="get" action={props.action ?? "/"} class="filter-form">
        {f.hidden
          .filter((h) => !(props.showCompare && h.name === "compare"))
          .map((h) => (
            <input type="hidden" name={h.name} value={h.value} />
          ))}
        <SelectField id="f-campaign" name="campaign" label={m.campaignLabel} options={f.campaigns} />
        <div class="field">
          <label for="f-from">{m.fromLabel}</label>
          <input id="f-from" name="from" type="date" value={f.from} aria-describedby="f-date-hint" />
        </div>
        <div class="field">
          <label for="f-to">{m.toLabel}</label>
          <input id="f-to" name="to" type="date" value={f.to} aria-describedby="f-date-hint" />
        </div>
        <SelectField id="f-platform" name="platform" label={m.platformLabel} options={f.platforms} />
        <SelectField id="f-cluster" name="cluster" label={m.clusterLabel} options={f.clusters} />
        <SelectField id="f-state" name="state" label={m.stateLabel} options={f.states} />
        <SelectField id="f-postlang" name="postLang" label={m.postLangLabel} options={f.postLangs} />
        {props.showCompare ? (
          <SelectField id="f-compare" name="compare" label={m.compareLabel} options={f.compare} />
        ) : null}
        <div class="actions">
          <button type="submit">{m.applyFilters}</button>
          <a href={props.resetHref}>{m.resetFilters}</a>
        </div>
        <p id="f-date-hint" class="hint">
          {f.dateHint}
        </p>
      </form>
    </section>
  );
}
