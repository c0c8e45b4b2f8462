import type { Context } from "hono";
import type { JSX } from "hono/jsx/jsx-runtime";
import { RequestContext } from "hono/jsx-renderer";
import type { AssetUrls } from "../../dashboard/assets.ts";
import { Layout } from "../../dashboard/components/layout.tsx";
import type { UiLang } from "../../dashboard/i18n/index.ts";
import { pageHeaders } from "../../dashboard/page-headers.ts";
import { pageHref } from "../../dashboard/urls.ts";
import { ACCESS_MESSAGES } from "./messages.ts";

/** The login page: one password field (admin or viewer password), plain form, no script. */
export function LoginPage(props: {
  lang: UiLang;
  assets: AssetUrls;
  next: string | undefined;
  problem?: "wrong" | { limitedMinutes: number } | "none";
  loggedInAs?: string | null;
}) {
  const m = ACCESS_MESSAGES[props.lang];
  const q = { next: props.next, lang: props.lang === "en" ? "en" : undefined };
  const problem =
    props.problem === "wrong"
      ? m.loginWrong
      : props.problem === "none"
        ? m.loginNone
        : props.problem
          ? m.loginLimited(props.problem.limitedMinutes)
          : null;
  return (
    <Layout
      lang={props.lang}
      title={`${m.loginTitle} – Resonanz`}
      assets={props.assets}
      otherLangHref={pageHref("/login", q, { lang: props.lang === "de" ? "en" : undefined })}
    >
      <h1>{m.loginTitle}</h1>
      {props.loggedInAs ? <p class="notice">{m.loggedInAs(m.roles[props.loggedInAs] ?? "")}</p> : null}
      {problem ? (
        <p class="notice notice-error" role="alert" id="login-problem">
          {problem}
        </p>
      ) : null}
      {props.problem === "none" ? null : (
        <>
          <p>{m.loginIntro}</p>
          <form method="post" action={pageHref("/login", q)} class="login-form">
            <div class="field">
              <label for="login-password">{m.passwordLabel}</label>
              <input
                id="login-password"
                name="password"
                type="password"
                autocomplete="current-password"
                required
                maxlength={1024}
                aria-invalid={props.problem === "wrong" ? "true" : undefined}
                aria-describedby={problem ? "login-problem" : undefined}
              />
            </div>
            <div class="actions">
              <button type="submit">{m.loginSubmit}</button>
            </div>
          </form>
        </>
      )}
    </Layout>
  );
}

export interface AccessErrorProps {
  lang: UiLang;
  assets: AssetUrls;
  title: string;
  message: string;
  path: string;
  showLogin?: boolean;
}

/** A refusal people can read: what happened and where to go (403, 410, 404 …). */
export function AccessErrorPage(props: AccessErrorProps) {
  const m = ACCESS_MESSAGES[props.lang];
  const en = props.lang === "en" ? "en" : undefined;
  return (
    <Layout
      lang={props.lang}
      title={`${props.title} – Resonanz`}
      assets={props.assets}
      otherLangHref={pageHref(props.path, { lang: props.lang === "de" ? "en" : undefined })}
    >
      <div class="error-page">
        <h1>{props.title}</h1>
        <p class="error-problem">{props.message}</p>
      </div>
      <p>
        {props.showLogin ? (
          <a href={pageHref("/login", { next: props.path, lang: en })}>{m.toLogin}</a>
        ) : (
          <a href={pageHref("/", { lang: en })}>{m.toStart}</a>
        )}
      </p>
    </Layout>
  );
}

/** A whole page from a middleware: the doctype, the request context (header, CSRF field), the page headers. */
export async function renderPage(c: Context, status: number, page: JSX.Element): Promise<Response> {
  const body = await (<RequestContext.Provider value={c}>{page}</RequestContext.Provider>).toString();
  await pageHeaders(c, async () => {
    c.res = c.html(`<!DOCTYPE html>${body}`, status as 200);
  });
  return c.res;
}

export function renderErrorPage(c: Context, status: number, props: AccessErrorProps): Promise<Response> {
  return renderPage(c, status, <AccessErrorPage {...props} />);
}
