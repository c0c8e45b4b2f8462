import type { Child } from "hono/jsx";
import { METRICS_VERSION } from "../../data/analysis/metrics.ts";
import type { AssetUrls } from "../assets.ts";
import { MESSAGES, type UiLang } from "../i18n/index.ts";

/**
 * The page frame every dashboard page shares: landmarks (banner, main,
 * contentinfo), a skip link and the language switch. Pages pass their content
 * as children; scripts are external files only, so a strict CSP can forbid
 * inline code later without touching the pages.
 */
export interface LayoutProps {
  lang: UiLang;
  title: string;
  assets: AssetUrls;
  /** Link to the same page in the other UI language, with every other parameter kept. */
  otherLangHref: string;
  scripts?: string[];
  children?: Child;
}

export function Layout(props: LayoutProps) {
  const m = MESSAGES[props.lang];
  const other: UiLang = props.lang === "de" ? "en" : "de";
  return (
    <html lang={props.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{props.title}</title>
        <link rel="stylesheet" href={props.assets.css} />
        {(props.scripts ?? []).map((src) => (
          <script src={src} defer />
        ))}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {m.skipLink}
        </a>
        <header class="site-header">
          <p class="app-name">
            <a href={props.lang === "en" ? "/?lang=en" : "/"}>{m.appName}</a>
          </p>
          <nav aria-label={m.languageSwitchLabel}>
            <a href={props.otherLangHref} lang={other} hreflang={other}>
              {m.otherLanguageName}
            </a>
          </nav>
        </header>
        <main id="main" tabindex={-1}>
          {props.children}
        </main>
        <footer class="site-footer">
          <p>{m.footerText(METRICS_VERSION)}</p>
        </footer>
      </body>
    </html>
  );
}
