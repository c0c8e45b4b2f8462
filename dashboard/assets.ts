import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
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
  chart: string;
  overview: string;
  css: string;
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
  const sources: [keyof AssetUrls, string, string, string][] = [
    ["chart", "/assets/chart.umd.js", chartUmdPath(), JS],
    ["overview", "/assets/overview.js", join(publicDir, "overview.js"), JS],
    ["css", "/assets/app.css", join(publicDir, "app.css"), CSS],
  ];
  const files = new Map<string, Asset>();
  const urls = {} as AssetUrls;
  for (const [key, path, file, type] of sources) {
    // The map file is not served; drop the pointer so browser dev tools do not request it.
    const body = readFileSync(file, "utf8").replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n");
    files.set(path, { body, type });
    // A content hash in the URL lets browsers cache for a year and still see every deploy.
    const version = createHash("sha256").update(body).digest("hex").slice(0, 12);
    urls[key] = `${path}?v=${version}`;
  }
  return { urls, files };
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
