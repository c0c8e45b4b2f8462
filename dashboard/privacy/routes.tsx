import { Hono } from "hono";
import { jsxRenderer } from "hono/jsx-renderer";
import { type AssetUrls, loadAssets } from "../assets.ts";
import { parseUiLang } from "../i18n/index.ts";
import { pageHeaders } from "../page-headers.ts";
import { PrivacyPage } from "./privacy-page.tsx";
import { buildPrivacyNoticeModel, type PrivacyNoticeSettings } from "./view-model.ts";

export interface PrivacyPageDeps {
  settings: PrivacyNoticeSettings;
  /** Default: loaded from dashboard/public once, when the routes are made. */
  assets?: AssetUrls | undefined;
}

/**
 * The privacy notice: `GET /datenschutz` (German, `?lang=en` English) and
 * `GET /privacy`, which redirects there keeping the language. Public on
 * purpose: anyone whose posts are stored must be able to read it.
 */
export function createPrivacyPageRoutes(deps: PrivacyPageDeps): Hono {
  const app = new Hono();
  const assets = deps.assets ?? loadAssets().urls;
  app.get("/datenschutz", pageHeaders, jsxRenderer(), (c) => {
    const lang = parseUiLang(c.req.query("lang"));
    return c.render(<PrivacyPage model={buildPrivacyNoticeModel(lang, deps.settings)} assets={assets} />);
  });
  app.get("/privacy", (c) =>
    c.redirect(parseUiLang(c.req.query("lang")) === "en" ? "/datenschutz?lang=en" : "/datenschutz", 301),
  );
  return app;
}
