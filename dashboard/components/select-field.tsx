import type { Option } from "../view-models/filter-form.ts";

/** A labelled select of a GET or POST form (the filter form, search, reports). */
export function SelectField(props: { id: string; name: string; label: string; options: readonly Option[] }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.name}>
        {props.options.map((o) => (
          <option value={o.value} selected={o.selected}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
