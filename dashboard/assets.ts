import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Hono } from "hono";

/**
 * The dashboard's static files, served by the app itself: the dashboard runs on
 * closed networks, so there is no CDN and no separate web server to rely on.
 * Files are read once when the routes are created; a missing file fails at
 * start-up, not on the first page view.
 */
export interface AssetUrls {
  /** The one stylesheet: public/app.css followed by every public/css/*.css (one file per page). */
  css: string;
  /** Scripts by name: "chart" (Chart.js) and every public/NAME.js. */
  scripts: Readonly<Record<string, string>>;
}

interface Asset {
  body: string;
  type: string;
}

export interface Assets {
  urls: AssetUrls;
  files: ReadonlyMap<string, Asset>;
}

const JS = "text/javascript; charset=utf-8";
const CSS = "text/css; charset=utf-8";

/** Chart.js's package exports do not expose dist/chart.umd.js, so find dist/ via the main entry. */
function chartUmdPath(): string {
  const main = createRequire(import.meta.url).resolve("chart.js");
  return join(dirname(main), "chart.umd.js");
}

export function loadAssets(): Assets {
  const publicDir = fileURLToPath(new URL("./public/", import.meta.url));
  const cssDir = join(publicDir, "css");
  const files = new Map<string, Asset>();
  const scripts: Record<string, string> = {};
  const add = (path: string, body: string, type: string): string => {
    files.set(path, { body, type });
    // A content hash in the URL lets browsers cache for a year and still see every deploy.
    const version = createHash("sha256").update(body).digest("hex").slice(0, 12);
    return `${path}?v=${version}`;
  };
  // The map file is not served; drop the pointer so browser dev tools do not request it.
  const read = (file: string) => readFileSync(file, "utf8").replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n");

  scripts.chart = add("/assets/chart.umd.js", read(chartUmdPath()), JS);
  for (const name of readdirSync(publicDir).sort()) {
    if (name.endsWith(".js"))
      scripts[name.slice(0, -3)] = add(`/assets/${name}`, read(join(publicDir, name)), JS);
  }
  const pageCss = existsSync(cssDir)
    ? readdirSync(cssDir)
        .filter((n) => n.endsWith(".css"))
        .sort()
        .map((n) => read(join(cssDir, n)))
    : [];
  const css = add("/assets/app.css", [read(join(publicDir, "app.css")), ...pageCss].join("\n"), CSS);
  return { urls: { css, scripts }, files };
}

/** The URL of a script by name; a missing one is a programming error, found by the first render in a test. */
export function scriptUrl(urls: AssetUrls, name: string): string {
  const url = urls.scripts[name];
  if (!url) throw new Error(`no dashboard script '${name}' in dashboard/public`);
  return url;
}

export function createAssetRoutes(assets: Assets): Hono {
  const app = new Hono();
  for (const [path, asset] of assets.files) {
    app.get(path, (c) => {
      c.header("content-type", asset.type);
      c.header("x-content-type-options", "nosniff");
      // Unversioned requests (old bookmarks, curl) get a short cache so they do not pin stale code.
      const versioned = c.req.query("v") !== undefined;
      c.header("cache-control", versioned ? "public, max-age=31536000, immutable" : "public, max-age=300");
      return c.body(asset.body);
    });
  }
  return app;
}
