import { MESSAGES, type UiLang } from "../i18n/index.ts";
import type { PostModel } from "../view-models/overview.ts";

/**
 * The newest posts. Their text, names and handles come from strangers on the
 * internet: they are only ever JSX text children (escaped), never raw HTML.
 */
export function PostList(props: { lang: UiLang; posts: PostModel[]; listId?: string }) {
  const m = MESSAGES[props.lang];
  return (
    <section class="posts" aria-labelledby="posts-heading">
      <h2 id="posts-heading">{m.postsHeading}</h2>
      <p class="hint">{m.postsTimezoneNote}</p>
      {props.posts.length === 0 ? (
        <p class="empty">{m.postsEmpty}</p>
      ) : (
        <ol class="post-list" id={props.listId}>
          {props.posts.map((p) => (
            <li>
              <article class="post" data-uid={p.uid}>
                <p class="post-meta">
                  <span class="post-author">
                    {p.name ? <span class="post-name">{p.name} </span> : null}
                    <span class="post-handle">{p.handle}</span>
                  </span>
                  <span class="post-platform">{p.platform}</span>
                  <time datetime={p.timeIso}>{p.time}</time>
                </p>
                <p class="post-text" lang={p.lang ?? undefined}>
                  {p.text}
                </p>
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
