import { MESSAGES, type UiLang } from "../i18n/index.ts";
import type { TopPostModel } from "../view-models/cluster-detail.ts";

/**
 * The cluster's most engaging posts. Text and handles are untrusted: JSX text
 * children only (escaped), links only when they are http(s).
 */
export function ClusterTopPosts(props: {
  lang: UiLang;
  heading: string;
  empty: string;
  posts: TopPostModel[];
}) {
  const m = MESSAGES[props.lang];
  return (
    <section class="top-posts" aria-labelledby="top-posts-heading">
      <h2 id="top-posts-heading">{props.heading}</h2>
      {props.posts.length === 0 ? (
        <p class="empty">{props.empty}</p>
      ) : (
        <ol class="post-list top-post-list">
          {props.posts.map((p) => (
            <li>
              <article class="post">
                <p class="post-meta">
                  <span class="post-handle">{p.handle}</span>
                  <span class="post-platform">{p.platform}</span>
                  <time datetime={p.timeIso}>{p.time}</time>
                  <span class="post-engagement">{p.engagement}</span>
                </p>
                <p class="post-text">{p.text}</p>
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
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
