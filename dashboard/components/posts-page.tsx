import type { AssetUrls } from "../assets.ts";
import type { Query } from "../urls.ts";
import type { FilterFormModel } from "../view-models/filter-form.ts";
import type { PostsModel } from "../view-models/posts.ts";
import { FilteredPage } from "./filtered-page.tsx";
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
  return (
    <FilteredPage
      model={model}
      path="/posts"
      current="posts"
      query={query}
      assets={props.assets}
      form={props.form}
      beforeForm={<PostsSearch model={model} />}
    >
      <PostsResults model={model} />
    </FilteredPage>
  );
}
