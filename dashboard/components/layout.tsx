import type { Child } from "hono/jsx";
import { METRICS_VERSION } from "../../data/analysis/metrics.ts";
import { type AssetUrls, scriptUrl } from "../assets.ts";
import { MESSAGES, type UiLang } from "../i18n/index.ts";
import { pageHref, type Query, sharedQuery } from "../urls.ts";

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
  /** Script names from dashboard/public ("chart" is Chart.js), loaded deferred in this order. */
  scripts?: string[];
  /** The page the main navigation marks as current (none on error pages). */
  current?: NavKey;
  /** The request's query: the main navigation keeps its filters and UI language. */
  query?: Query;
  children?: Child;
}

const NAV = [
  { key: "overview", path: "/" },
  { key: "clusters", path: "/clusters" },
  { key: "laender", path: "/laender" },
  { key: "events", path: "/events" },
  { key: "posts", path: "/posts" },
  { key: "sources", path: "/sources" },
  { key: "reports", path: "/reports" },
  { key: "import", path: "/import" },
] as const;

export type NavKey = (typeof NAV)[number]["key"];

export function Layout(props: LayoutProps) {
  const m = MESSAGES[props.lang];
  const other: UiLang = props.lang === "de" ? "en" : "de";
  const navQuery = { ...sharedQuery(props.query ?? {}), lang: props.lang === "en" ? "en" : undefined };
  return (
    <html lang={props.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{props.title}</title>
        {/* No favicon file: an empty data URL keeps browsers from asking for /favicon.ico (a 404). */}
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={props.assets.css} />
        {(props.scripts ?? []).map((name) => (
          <script src={scriptUrl(props.assets, name)} defer />
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
          <nav aria-label={m.mainNavLabel} class="main-nav">
            <ul>
              {NAV.map((item) => (
                <li>
                  <a
                    href={pageHref(item.path, navQuery)}
                    aria-current={props.current === item.key ? "page" : undefined}
                  >
                    {m.nav[item.key]}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
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
