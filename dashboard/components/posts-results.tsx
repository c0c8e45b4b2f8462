import { exploreMessages } from "../i18n/explore.ts";
import { MESSAGES } from "../i18n/index.ts";
import type { ExplorePostModel, PostsModel } from "../view-models/posts.ts";

/**
 * The matching posts. Text, names, handles and hashtags come from strangers on
 * the internet: they are only ever JSX text children (escaped), never raw HTML,
 * and only http(s) URLs become links.
 */
export function PostsResults(props: { model: PostsModel }) {
  const { model } = props;
  const m = MESSAGES[model.lang];
  const x = exploreMessages[model.lang];
  return (
    <section class="posts-results" aria-labelledby="results-heading">
      <h2 id="results-heading">{x.resultsHeading}</h2>
      <p class="result-count" id="result-count">
        {model.resultSentence}
        {model.pageSentence ? ` ${model.pageSentence}` : null}
      </p>
      <p class="hint">{m.postsTimezoneNote}</p>
      {model.empty ? (
        <div class="empty">
          <p>{model.empty.text}</p>
          <p class="hint">{model.empty.hint}</p>
        </div>
      ) : (
        <ol class="post-list explore-posts" aria-describedby="result-count">
          {model.posts.map((p) => (
            <li data-uid={p.uid}>
              <ExplorePost post={p} lang={model.lang} />
            </li>
          ))}
        </ol>
      )}
      {model.lastPageNote ? <p class="hint">{model.lastPageNote}</p> : null}
      {model.nextHref || model.firstHref ? (
        <nav class="pager" aria-label={x.pagingLabel}>
          {model.firstHref ? <a href={model.firstHref}>{x.firstPage}</a> : null}
          {model.nextHref ? (
            <a href={model.nextHref} rel="next" class="pager-next">
              {x.nextPage}
            </a>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}

function ExplorePost(props: { post: ExplorePostModel; lang: "de" | "en" }) {
  const p = props.post;
  const m = MESSAGES[props.lang];
  const x = exploreMessages[props.lang];
  return (
    <article class="post">
      <p class="post-meta">
        <span class="post-author">
          {p.name ? <span class="post-name">{p.name} </span> : null}
          <span class="post-handle">{p.handle}</span>
        </span>{" "}
        <span class="post-platform">{p.platform}</span> <time datetime={p.timeIso}>{p.time}</time>{" "}
        {p.language ? (
          <span class="post-lang">
            <span class="visually-hidden">{x.langLabel}: </span>
            {p.language}
          </span>
        ) : null}{" "}
        <span class={`sentiment-badge sentiment-${p.sentiment.key}`}>
          {x.sentimentLabel}: {p.sentiment.label}
        </span>
      </p>
      <p class="post-text">{p.text}</p>
      <dl class="post-facts">
        {p.clusters.length > 0 ? (
          <div>
            <dt>{x.clustersLabel}</dt>
            <dd>
              <ul class="inline-list">
                {p.clusters.map((c) => (
                  <li>
                    <a href={c.href}>{c.name}</a>
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        ) : null}
        {p.hashtags.length > 0 ? (
          <div>
            <dt>{x.hashtagsLabel}</dt>
            <dd>
              <ul class="inline-list">
                {p.hashtags.map((h) => (
                  <li>{h}</li>
                ))}
              </ul>
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{x.countsLabel}</dt>
          <dd>
            <ul class="inline-list post-counts">
              {p.counts.map((c) => (
                <li>
                  {c.label}: <span class="count-value">{c.value}</span>
                </li>
              ))}
            </ul>
          </dd>
        </div>
      </dl>
      {p.url ? (
        <p class="post-link">
          <a href={p.url} target="_blank" rel="noopener nofollow">
            {m.openOriginal}
            <span class="visually-hidden">
              {" "}
              ({m.postBy(p.handle)}, {m.newWindow})
            </span>
          </a>
        </p>
      ) : null}
    </article>
  );
}
