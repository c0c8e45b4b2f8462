import type { AssetUrls } from "../assets.ts";
import type { FilterErrorModel } from "../view-models/filter-error.ts";

/**
 * A 400 inside a frame: the friendly wording of the dashboard's filter error,
 * without the site navigation a framed page must not carry.
 */
export function WallErrorPage(props: { model: FilterErrorModel; heading: string; assets: AssetUrls }) {
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
      </head>
      <body class="wall-body">
        <main class="wall wall-error" id="main">
          <h1>{props.heading}</h1>
          <p>{model.intro}</p>
          {model.problem ? <p class="error-problem">{model.problem}</p> : null}
          {model.hint ? <p class="error-hint">{model.hint}</p> : null}
          <p>
            <code>{model.technical}</code>
          </p>
        </main>
      </body>
    </html>
  );
}
