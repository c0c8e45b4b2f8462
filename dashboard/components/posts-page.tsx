import type { AssetUrls } from "../assets.ts";
import { MESSAGES } from "../i18n/index.ts";
import { pageHref, type Query } from "../urls.ts";
import type { FilterFormModel } from "../view-models/filter-form.ts";
import type { PostsModel } from "../view-models/posts.ts";
import { FilterForm } from "./filter-form.tsx";
import { Layout } from "./layout.tsx";
import { PostsResults } from "./posts-results.tsx";
import { PostsSearch } from "./posts-search.tsx";

export interface PostsPageProps {
  model: PostsModel;
  form: FilterFormModel;
  assets: AssetUrls;
  query: Query;
}

/** Beiträge: full-text search and sentiment on top of the common filters, newest first, page by page. */
export function PostsPage(props: PostsPageProps) {
  const { model, query } = props;
  const m = MESSAGES[model.lang];
  const lang = model.lang === "en" ? "en" : undefined;
  return (
    <Layout
      lang={model.lang}
      title={model.title}
      assets={props.assets}
      otherLangHref={pageHref("/posts", query, { lang: model.lang === "de" ? "en" : undefined })}
      current="posts"
      query={query}
    >
      <div class="page-head">
        <h1>{model.heading}</h1>
        <p class="period">
          {model.campaignName} · {m.periodLabel}: {model.period}
        </p>
      </div>
      <PostsSearch model={model} />
      <FilterForm
        lang={model.lang}
        model={props.form}
        resetHref={pageHref("/posts", { lang })}
        action="/posts"
      />
      <PostsResults model={model} />
    </Layout>
  );
}
