import type { Child } from "hono/jsx";
import type { AssetUrls } from "../assets.ts";
import { MESSAGES, type UiLang } from "../i18n/index.ts";
import { pageHref, type Query } from "../urls.ts";
import type { FilterFormModel } from "../view-models/filter-form.ts";
import { FilterForm } from "./filter-form.tsx";
import { Layout, type NavKey } from "./layout.tsx";

export interface FilteredPageProps {
  /** What every filtered page's model has: the words of its head. */
  model: { lang: UiLang; title: string; heading: string; campaignName: string; period: string };
  /** The page's own path: the language switch, the reset link and the form stay on it. */
  path: string;
  current: NavKey;
  query: Query;
  assets: AssetUrls;
  form: FilterFormModel;
  scripts?: string[];
  /** A sentence under the period (and its class). */
  intro?: { text: string; class: string } | null;
  /** Between the head and the filter form (the posts page's search). */
  beforeForm?: Child;
  children?: Child;
}

/**
 * The frame of every page that takes the filters: layout, heading with campaign
 * and period, and the filter form that reloads the same page.
 */
export function FilteredPage(props: FilteredPageProps) {
  const { model, query, path } = props;
  const m = MESSAGES[model.lang];
  return (
    <Layout
      lang={model.lang}
      title={model.title}
      assets={props.assets}
      otherLangHref={pageHref(path, query, { lang: model.lang === "de" ? "en" : undefined })}
      {...(props.scripts ? { scripts: props.scripts } : {})}
      current={props.current}
      query={query}
    >
      <div class="page-head">
        <h1>{model.heading}</h1>
        <p class="period">
          {model.campaignName} · {m.periodLabel}: {model.period}
        </p>
        {props.intro ? <p class={props.intro.class}>{props.intro.text}</p> : null}
      </div>
      {props.beforeForm ?? null}
      <FilterForm
        lang={model.lang}
        model={props.form}
        resetHref={pageHref(path, { lang: model.lang === "en" ? "en" : undefined })}
        action={path}
      />
      {props.children}
    </Layout>
  );
}
