import { type AssetUrls, scriptUrl } from "../assets.ts";
import type { WallCard as WallCardModel, WallModel } from "../view-models/wall.ts";
import { JsonData } from "./json-data.tsx";

/**
 * The embeddable social wall: no site navigation, no filter form, large
 * cards readable from across a room. The server renders the first cards (the
 * wall works without JavaScript, just not live); public/wall.js refreshes them
 * every 30 seconds and builds the same markup with textContent only.
 */
export function WallPage(props: { model: WallModel; assets: AssetUrls }) {
  const { model } = props;
  return (
    <html lang={model.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{model.title}</title>
        {/* No favicon request: a framed wall should cost its host one page, one stylesheet, one script. */}
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={props.assets.css} />
        <script src={scriptUrl(props.assets, "wall")} defer />
      </head>
      <body class="wall-body">
        <main class="wall" id="main">
          <header class="wall-head">
            <h1 class="wall-title">
              <span class="wall-tag">{model.heading}</span> <span class="wall-sub">{model.subheading}</span>
            </h1>
            <div class="wall-state">
              {/* Shown by wall.js once it runs: without the script the wall is not live. */}
              <p class="wall-live" id="wall-live" hidden>
                <span class="wall-dot" aria-hidden="true" />
                <span id="wall-live-text">{model.live}</span>
                <span class="wall-live-hint"> · {model.liveHint}</span>
              </p>
              <p class="wall-updated">
                {model.updatedLabel}:{" "}
                <time id="wall-updated" datetime={model.updatedIso}>
                  {model.updated}
                </time>
              </p>
              <p class="wall-status" id="wall-status" aria-live="polite" />
            </div>
          </header>
          <p class="wall-empty" id="wall-empty" hidden={model.cards.length > 0}>
            {model.empty}
          </p>
          <ol class="wall-list" id="wall-list" aria-label={model.postsLabel}>
            {model.cards.map((c) => (
              <WallCard card={c} />
            ))}
          </ol>
          <JsonData id="wall-config" value={model.config} />
        </main>
      </body>
    </html>
  );
}

/** wall.js builds exactly this structure; change both together. */
function WallCard(props: { card: WallCardModel }) {
  const c = props.card;
  const time = <time datetime={c.timeIso}>{c.time}</time>;
  return (
    <li class="wall-item" data-uid={c.uid}>
      <article class="wall-card">
        <p class="wall-author">
          {c.name ? <span class="wall-name">{c.name}</span> : null}{" "}
          <span class="wall-handle">{c.handle}</span>
        </p>
        <p class="wall-text">{c.text}</p>
        <p class="wall-meta">
          <span class="wall-platform">{c.platform}</span>{" "}
          {c.url ? (
            <a href={c.url} target="_blank" rel="noopener nofollow">
              {time}
            </a>
          ) : (
            time
          )}{" "}
          {c.clusters ? <span class="wall-clusters">{c.clusters}</span> : null}
        </p>
      </article>
    </li>
  );
}
