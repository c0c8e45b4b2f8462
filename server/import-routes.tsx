import type { Context, MiddlewareHandler } from "hono";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { jsxRenderer } from "hono/jsx-renderer";
import type { Logger } from "pino";
import {
  decodeExport,
  IMPORT_PLATFORMS,
  ImportFormatError,
  isImportPlatform,
  parseExport,
  storeImport,
} from "../collectors/import/index.ts";
import type { AnalysisAhead, CollectorStore } from "../collectors/types.ts";
import { loadAssets } from "../dashboard/assets.ts";
import { parseUiLang } from "../dashboard/i18n/index.ts";
import { ImportPage, type ImportPageProps, type ImportProblem } from "../dashboard/import/import-page.tsx";
import { pageHeaders } from "../dashboard/page-headers.ts";
import { tagMatchesCampaign } from "../data/campaign.ts";
import type { CampaignSet } from "../data/filters.ts";
import { checkAuthor, MAX_IMPORT_BYTES } from "./commands/import.ts";
import { UsageError } from "./commands/usage-error.ts";

export interface ImportRouteDeps {
  store: CollectorStore;
  /** For a large file: analysis of the next batch in another thread (collectors/import/store.ts). */
  analysisAhead?: () => AnalysisAhead;
  campaigns: CampaignSet;
  log: Logger;
  /**
   * Access control (server/access/, `access.forRoute("import")`): `before`
   * runs first on the page and the upload (admin only), `after` once the body
   * limit holds (CSRF token, audit row). Left out only in tests of this module.
   */
  guard?: { before: MiddlewareHandler; after: MiddlewareHandler };
}

const MAX_MEGABYTES = MAX_IMPORT_BYTES / 1024 / 1024;
/** Room for the multipart envelope and the other form fields around a file of the maximum size. */
const MULTIPART_OVERHEAD = 64 * 1024;

/**
 * The upload page for platform exports: `GET /import` shows the form,
 * `POST /import` (multipart: platform, author, file) parses and stores the
 * file exactly as `npm run import` does and shows the summary. A problem with
 * the upload is a 400 page (413 when too large), never a 500. Mount at the
 * root: `app.route("/", createImportRoutes({ store, campaigns, log }))`.
 * Admin only when mounted with `guard` (the app always does).
 */
export function createImportRoutes(deps: ImportRouteDeps): Hono {
  const app = new Hono();
  const assets = loadAssets().urls;
  const isCampaignTag = (tag: string) =>
    deps.campaigns.campaigns.some((c) => tagMatchesCampaign(tag, c.hashtags));

  const render = (c: Context, status: 200 | 400 | 403 | 413, props: Partial<ImportPageProps>) => {
    c.status(status);
    return c.render(
      <ImportPage
        lang={parseUiLang(c.req.query("lang"))}
        assets={assets}
        platforms={IMPORT_PLATFORMS}
        maxMegabytes={MAX_MEGABYTES}
        {...props}
      />,
    );
  };

  const before = deps.guard?.before ?? passThrough;
  const after = deps.guard?.after ?? passThrough;

  app.get("/import", pageHeaders, jsxRenderer(), before, (c) => render(c, 200, {}));

  // Parsing is synchronous and a 50 MB file takes seconds and much memory: one upload at a
  // time keeps the dashboard answering and the process alive when several arrive at once.
  let busy = false;

  app.post(
    "/import",
    pageHeaders,
    jsxRenderer(),
    before,
    // A page elsewhere must not make a visitor's browser upload into this dashboard (CSRF).
    async (c, next) => {
      if (!fromThisSite(c)) return render(c, 403, { problem: { kind: "forbidden" } });
      await next();
    },
    async (c, next) => {
      if (busy) {
        c.header("retry-after", "30");
        return c.text(
          "Ein anderer Import läuft gerade – bitte gleich noch einmal versuchen.\nAnother import is running – please try again shortly.",
          503,
        );
      }
      busy = true;
      try {
        await next();
      } finally {
        busy = false;
      }
    },
    bodyLimit({
      maxSize: MAX_IMPORT_BYTES + MULTIPART_OVERHEAD,
      onError: (c) => render(c, 413, { problem: { kind: "tooLarge", megabytes: MAX_MEGABYTES } }),
    }),
    after,
    async (c) => {
      let form: Record<string, string | File | (string | File)[]>;
      try {
        form = await c.req.parseBody();
      } catch {
        return render(c, 400, { problem: { kind: "notMultipart" } });
      }
      const platform = typeof form.platform === "string" ? form.platform : undefined;
      const rawAuthor = typeof form.author === "string" ? form.author : undefined;
      const file = form.file;
      const echo = { platform, author: rawAuthor };
      if (!isImportPlatform(platform)) return render(c, 400, { ...echo, problem: { kind: "noPlatform" } });
      if (!(file instanceof File) || (file.size === 0 && file.name === ""))
        return render(c, 400, { ...echo, problem: { kind: "noFile" } });
      if (file.size > MAX_IMPORT_BYTES)
        return render(c, 413, { ...echo, problem: { kind: "tooLarge", megabytes: MAX_MEGABYTES } });
      let author: string | undefined;
      try {
        author = checkAuthor(rawAuthor);
      } catch (err) {
        if (err instanceof UsageError) return render(c, 400, { ...echo, problem: { kind: "badAuthor" } });
        throw err;
      }

      let parsed: ReturnType<typeof parseExport>;
      try {
        parsed = parseExport(platform, decodeExport(new Uint8Array(await file.arrayBuffer())), { author });
      } catch (err) {
        if (!(err instanceof ImportFormatError)) throw err;
        const problem: ImportProblem = { kind: "wrongFormat", detail: err.message };
        return render(c, 400, { ...echo, problem });
      }
      const summary = await storeImport(
        {
          store: deps.store,
          isCampaignTag,
          ...(deps.analysisAhead ? { analysisAhead: deps.analysisAhead } : {}),
        },
        { platform, file: file.name || "upload", parsed },
      );
      deps.log.info(
        {
          platform,
          file: summary.file,
          rows: summary.rows,
          inserted: summary.inserted,
          rejected: summary.rejected,
        },
        "import uploaded",
      );
      return render(c, 200, { ...echo, result: summary });
    },
  );

  return app;
}

/**
 * Browsers say where a form came from: Sec-Fetch-Site (every current browser;
 * right behind a reverse proxy too), else Origin. Clients that send neither
 * (curl, scripts) are not browsers a foreign page could drive.
 */
function fromThisSite(c: Context): boolean {
  const site = c.req.header("sec-fetch-site");
  if (site) return site === "same-origin" || site === "none";
  const origin = c.req.header("origin");
  if (origin && origin !== "null") return origin === new URL(c.req.url).origin;
  return origin !== "null";
}

/** No access control (tests of this module alone). */
const passThrough: MiddlewareHandler = async (_c, next) => {
  await next();
};
