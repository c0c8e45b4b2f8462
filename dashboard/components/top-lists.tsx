import { MESSAGES, type UiLang } from "../i18n/index.ts";
import type { OverviewModel } from "../view-models/overview.ts";

/**
 * The most engaging posts and the hashtags used alongside the campaign's.
 * Post text and tags come from strangers: JSX text only.
 */
export function TopLists(props: { lang: UiLang; model: OverviewModel }) {
  const m = MESSAGES[props.lang];
  const { topPosts, hashtags } = props.model;
  return (
    <div class="top-lists">
      <section class="top-posts" aria-labelledby="top-posts-heading">
        <h2 id="top-posts-heading">{m.topPostsHeading}</h2>
        {topPosts.length === 0 ? (
          <p class="empty">{m.topPostsEmpty}</p>
        ) : (
          <ol class="post-list">
            {topPosts.map((p) => (
              <li>
                <article class="post">
                  <p class="post-meta">
                    <span class="post-handle">{p.handle}</span>
                    <span class="post-platform">{p.platform}</span>
                    <time datetime={p.timeIso}>{p.time}</time>
                  </p>
                  <p class="post-text">{p.text}</p>
                  <p class="post-engagement">
                    <strong>{m.engagementCount(p.engagement, p.engagementCount)}</strong>
                    {p.url ? (
                      <>
                        {" · "}
                        <a href={p.url} target="_blank" rel="noopener nofollow">
                          {m.openOriginal}
                          <span class="visually-hidden">
                            {" "}
                            ({m.postBy(p.handle)}, {m.newWindow})
                          </span>
                        </a>
                      </>
                    ) : null}
                  </p>
                </article>
              </li>
            ))}
          </ol>
        )}
      </section>
      <section class="hashtags" aria-labelledby="hashtags-heading">
        <h2 id="hashtags-heading">{m.hashtagsHeading}</h2>
        {hashtags.length === 0 ? (
          <p class="empty">{m.hashtagsEmpty}</p>
        ) : (
          <table class="hashtag-table">
            <caption class="visually-hidden">{m.hashtagsHeading}</caption>
            <thead>
              <tr>
                <th scope="col">{m.colHashtag}</th>
                <th scope="col">{m.postsColumn}</th>
              </tr>
            </thead>
            <tbody>
              {hashtags.map((h) => (
                <tr>
                  <th scope="row">{h.tag}</th>
                  <td>
                    <meter min={0} max={h.max} value={h.count} aria-hidden="true" /> {h.posts}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
