import type { Context } from "hono";
import type { JSX } from "hono/jsx/jsx-runtime";
import { jsxRenderer } from "hono/jsx-renderer";
import type { DB } from "../data/db.ts";
import { ValidationError } from "../data/errors.ts";
import { type CampaignSet, type Filters, parseFilters } from "../data/filters.ts";
import { listRegistryClusters } from "../data/queries/clusters.ts";
import { type AccessView, accessView } from "./access-view.ts";
import type { AssetUrls } from "./assets.ts";
import { FilterErrorPage } from "./components/error-page.tsx";
import { parseUiLang, type UiLang } from "./i18n/index.ts";
import { pageHeaders } from "./page-headers.ts";
import type { Query } from "./urls.ts";
import { buildFilterErrorModel } from "./view-models/filter-error.ts";
import { buildFilterFormModel, type FilterFormModel } from "./view-models/filter-form.ts";

export interface PageDeps {
  db: DB;
  campaigns: CampaignSet;
  assets: AssetUrls;
  now: () => Date;
}

/** What every filtered page handler gets: the request's query, UI language, parsed filters and the filter form. */
export interface PageContext {
  c: Context;
  query: Query;
  lang: UiLang;
  filters: Filters;
  form: FilterFormModel;
  deps: PageDeps;
  /** Who is asking; `access.csrfToken` goes into POST forms. */
  access: AccessView;
}

/**
 * A dashboard page that takes the common filters (CONTRACT.md): security
 * headers, the doctype, filters parsed from the URL (`postLang` is the post
 * language, `lang` the UI language), and a friendly 400 page naming the wrong
 * field when a filter — or anything the handler validates with a
 * ValidationError — is bad. The handler returns the page element.
 */
export function filteredPage(deps: PageDeps, render: (ctx: PageContext) => Promise<JSX.Element>) {
  return [
    pageHeaders,
    jsxRenderer(),
    async (c: Context) => {
      const query: Query = c.req.query();
      const lang = parseUiLang(query.lang);
      try {
        const filters = parseFilters(apiFilterQuery(query), deps.campaigns);
        const clusters = await listRegistryClusters(deps.db);
        const form = buildFilterFormModel({ lang, campaigns: deps.campaigns, filters, query, clusters });
        return c.render(await render({ c, query, lang, filters, form, deps, access: accessView(c) }));
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        c.status(400);
        const model = buildFilterErrorModel({ lang, message: err.message, param: err.param, query });
        return c.render(
          <FilterErrorPage model={model} assets={deps.assets} query={query} path={c.req.path} />,
        );
      }
    },
  ] as const;
}

/**
 * On pages `lang` is the UI language (CONTRACT.md), so the post-language filter
 * is called `postLang` here and renamed to the API's `lang` for parseFilters.
 */
export function apiFilterQuery(query: Query): Query {
  return {
    campaign: query.campaign,
    from: query.from,
    to: query.to,
    platform: query.platform,
    lang: query.postLang,
    cluster: query.cluster,
    state: query.state,
  };
}

export { type AccessView, ANONYMOUS, accessView } from "./access-view.ts";
