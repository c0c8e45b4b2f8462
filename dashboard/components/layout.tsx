import type { Context } from "hono";
import { type Child, useContext } from "hono/jsx";
import { RequestContext } from "hono/jsx-renderer";
import { METRICS_VERSION } from "../../data/analysis/metrics.ts";
import { type AssetUrls, scriptUrl } from "../assets.ts";
import { MESSAGES, type UiLang } from "../i18n/index.ts";
import { type AccessView, ANONYMOUS, accessView } from "../page-context.tsx";
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

export type NavKey = (typeof NAV)[number]["key"] | "admin";

/** The header's access texts (the login page's own texts live with it in server/access/). */
const ACCESS_LABELS = {
  de: {
    login: "Anmelden",
    logout: "Abmelden",
    admin: "Verwaltung",
    accountLabel: "Anmeldung",
    role: { admin: "Administrator:in", viewer: "Betrachter:in", share: "Gast" },
  },
  en: {
    login: "Log in",
    logout: "Log out",
    admin: "Administration",
    accountLabel: "Login",
    role: { admin: "administrator", viewer: "viewer", share: "guest" },
  },
} as const;

/** The request a page is rendered for (via jsxRenderer), or null in a plain render (unit tests). */
function requestContext(): Context | null {
  return useContext(RequestContext);
}

/**
 * The session's CSRF token as the hidden `_csrf` field every POST form
 * carries (server/access/csrf.ts); renders nothing without a session.
 */
export function CsrfField() {
  const c = requestContext();
  const token = c ? accessView(c).csrfToken : null;
  return token ? <input type="hidden" name="_csrf" value={token} /> : null;
}

/**
 * Renders its children only for an admin — or for everyone when access
 * control is not in the request (plain renders in unit tests).
 */
export function AdminOnly(props: { children?: Child }) {
  const c = requestContext();
  if (c?.get("access") !== undefined && accessView(c).role !== "admin") return null;
  return <>{props.children}</>;
}

export function Layout(props: LayoutProps) {
  const m = MESSAGES[props.lang];
  const other: UiLang = props.lang === "de" ? "en" : "de";
  const navQuery = { ...sharedQuery(props.query ?? {}), lang: props.lang === "en" ? "en" : undefined };
  const c = requestContext();
  const access = c ? accessView(c) : ANONYMOUS;
  // Without the access middleware (plain renders) the navigation stays as it always was.
  const managed = c?.get("access") !== undefined;
  // A cluster's share link sees its cluster only: no links to pages it may not open.
  const clusterLink = access.shareScope?.cluster ?? null;
  const nav = clusterLink
    ? []
    : NAV.filter((item) => item.key !== "import" || !managed || access.role === "admin");
  const home = clusterLink
    ? pageHref(`/clusters/${clusterLink}`, { campaign: access.shareScope?.campaign, lang: navQuery.lang })
    : props.lang === "en"
      ? "/?lang=en"
      : "/";
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
            <a href={home}>{m.appName}</a>
          </p>
          <nav aria-label={m.mainNavLabel} class="main-nav">
            <ul>
              {nav.map((item) => (
                <li>
                  <a
                    href={pageHref(item.path, navQuery)}
                    aria-current={props.current === item.key ? "page" : undefined}
                  >
                    {m.nav[item.key]}
                  </a>
                </li>
              ))}
              {access.role === "admin" ? (
                <li>
                  <a
                    href={pageHref("/admin", { lang: navQuery.lang })}
                    aria-current={props.current === "admin" ? "page" : undefined}
                  >
                    {ACCESS_LABELS[props.lang].admin}
                  </a>
                </li>
              ) : null}
            </ul>
          </nav>
          {managed ? (
            <AccountNav lang={props.lang} access={access} here={c ? pathWithQuery(c) : "/"} />
          ) : null}
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
          <p>
            {m.footerText(METRICS_VERSION)} ·{" "}
            <a href={props.lang === "en" ? "/datenschutz?lang=en" : "/datenschutz"}>{m.privacyLink}</a>
          </p>
        </footer>
      </body>
    </html>
  );
}

/** Login link, or who is logged in and a logout button (a POST form: logging out changes state). */
function AccountNav(props: { lang: UiLang; access: AccessView; here: string }) {
  const t = ACCESS_LABELS[props.lang];
  const { access } = props;
  if (access.role === null) {
    if (!access.loginAvailable) return null;
    const q: Query = {
      next: props.here === "/" ? undefined : props.here,
      lang: props.lang === "en" ? "en" : undefined,
    };
    return (
      <nav aria-label={t.accountLabel} class="account-nav">
        <a href={pageHref("/login", q)}>{t.login}</a>
      </nav>
    );
  }
  return (
    <nav aria-label={t.accountLabel} class="account-nav">
      <form method="post" action={props.lang === "en" ? "/logout?lang=en" : "/logout"} class="logout-form">
        <span class="account-role">{t.role[access.role]}</span>{" "}
        {access.csrfToken ? <input type="hidden" name="_csrf" value={access.csrfToken} /> : null}
        <button type="submit" class="link-button">
          {t.logout}
        </button>
      </form>
    </nav>
  );
}

/** The current page as a same-site path, for the login's way back. */
function pathWithQuery(c: Context): string {
  const url = new URL(c.req.url);
  return `${url.pathname}${url.search}`;
}
