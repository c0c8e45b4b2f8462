import { exploreMessages } from "../i18n/explore.ts";
import type { PostsModel } from "../view-models/posts.ts";
import { SelectField } from "./select-field.tsx";

/**
 * A plain GET form, like the filter form: the search stays in the URL, so a
 * result can be bookmarked or mailed. It keeps the filters as hidden fields
 * and drops the cursor, so a new search starts at the first page.
 */
export function PostsSearch(props: { model: PostsModel }) {
  const x = exploreMessages[props.model.lang];
  const s = props.model.search;
  return (
    <section class="posts-search" aria-labelledby="search-heading">
      <h2 id="search-heading">{x.searchHeading}</h2>
      <form method="get" action="/posts" class="search-form">
        {s.hidden.map((h) => (
          <input type="hidden" name={h.name} value={h.value} />
        ))}
        <div class="field search-field">
          <label for="s-q">{x.searchLabel}</label>
          <input
            id="s-q"
            name="q"
            type="search"
            value={s.q}
            maxlength={500}
            autocomplete="off"
            aria-describedby="s-q-hint"
          />
        </div>
        <SelectField id="s-sentiment" name="sentiment" label={x.sentimentLabel} options={s.sentiments} />
        <div class="actions">
          <button type="submit">{x.searchSubmit}</button>
          {s.resetHref ? <a href={s.resetHref}>{x.searchReset}</a> : null}
        </div>
        <p id="s-q-hint" class="hint">
          {x.searchHint}
        </p>
      </form>
    </section>
  );
}
