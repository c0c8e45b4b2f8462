import type { AssetUrls } from "../assets.ts";
import type { Query } from "../urls.ts";
import type { FilterFormModel } from "../view-models/filter-form.ts";
import type { LaenderModel } from "../view-models/laender.ts";
import { FilteredPage } from "./filtered-page.tsx";
import { LaenderTiles } from "./laender-tiles.tsx";

export interface LaenderPageProps {
  model: LaenderModel;
  form: FilterFormModel;
  assets: AssetUrls;
  query: Query;
}

/** /laender: the tile map of the 16 Länder and the same numbers as a table; each Land links to the overview. */
export function LaenderPage(props: LaenderPageProps) {
  const { model, query } = props;
  return (
    <FilteredPage
      model={model}
      path="/laender"
      current="laender"
      query={query}
      assets={props.assets}
      form={props.form}
    >
      <section class="laender-map-section" aria-labelledby="laender-map-heading">
        <h2 id="laender-map-heading">{model.mapHeading}</h2>
        <p class="hint">{model.intro}</p>
        <p id="laender-map-summary" class="map-summary">
          {model.mapSummary}
        </p>
        <LaenderTiles model={model.tiles} />
      </section>
      <section class="laender-table" aria-labelledby="laender-table-heading">
        <h2 id="laender-table-heading">{model.tableHeading}</h2>
        <div class="table-scroll">
          <table>
            <caption>{model.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{model.columns.land}</th>
                <th scope="col">{model.columns.posts}</th>
                <th scope="col">{model.columns.clusters}</th>
                <th scope="col">{model.columns.potentialReach}</th>
              </tr>
            </thead>
            <tbody>
              {model.rows.map((r) => (
                <tr id={`land-${r.code}`}>
                  <th scope="row">
                    <a href={r.href}>{r.name}</a>
                  </th>
                  <td>{r.posts}</td>
                  <td>{r.clusters}</td>
                  <td>{r.potentialReach}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </FilteredPage>
  );
}
