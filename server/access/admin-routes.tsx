import type { Context, MiddlewareHandler } from "hono";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { jsxRenderer } from "hono/jsx-renderer";
import { pageHeaders } from "../../dashboard/page-headers.ts";
import { listRegistryClusters } from "../../data/queries/clusters.ts";
import { AdminPage, type AdminPageProps } from "./admin-page.tsx";
import type { AccessCore } from "./guard.ts";
import { isFormBody, isHttps } from "./request-info.ts";
import { actorOf } from "./sessions.ts";
import { MAX_SHARE_DAYS } from "./share-links.ts";
import { eventsFormat, validateEvents, validateRegistry, writeFileAtomic } from "./uploads.ts";

const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

/** Fixed notices after a redirect (`?done=`): nothing from the request is echoed into the page. */
const DONE = {
  de: {
    collect: "Die Sammlung läuft. Das Ergebnis erscheint im Protokoll.",
    revoked: "Der Link wurde widerrufen.",
    registry: "Das Cluster-Register wurde gespeichert und wird angewendet.",
    events: "Die Veranstaltungen wurden gespeichert und werden angewendet.",
  },
  en: {
    collect: "Collecting now. The outcome appears in the audit log.",
    revoked: "The link has been revoked.",
    registry: "The cluster registry has been saved and is being applied.",
    events: "The events have been saved and are being applied.",
  },
} as const;

/** A web instance on PostgreSQL: the worker collects (server/commands/worker.ts). */
export const WORKER_COLLECTS =
  "Gesammelt wird im Worker (resonanz worker), nicht in dieser Web-Instanz / collection runs in the worker (resonanz worker), not in this web instance";
/** …and applies the registry and the events from its own files at its start. */
export const WORKER_FILES =
  "Register und Veranstaltungen liest der Worker: Datei dort ersetzen und den Worker neu starten / the worker reads the registry and the events: replace the file there and restart the worker";

/**
 * /admin and its actions. Every route needs the admin; every POST the CSRF
 * token (checked after the body limit, so nobody makes us read a large body
 * for nothing) and writes an audit row.
 */
export function createAdminRoutes(
  core: AccessCore,
  guards: { requireAdmin: MiddlewareHandler; requireCsrf: MiddlewareHandler },
): Hono {
  const app = new Hono();
  const { deps, audit, shareLinks } = core;
  const { requireAdmin, requireCsrf } = guards;
  const opts = core.options;
  const small = bodyLimit({
    maxSize: 8 * 1024,
    onError: (c) => c.json({ error: "request body too large" }, 413),
  });
  const upload = bodyLimit({
    maxSize: MAX_UPLOAD_BYTES + 64 * 1024,
    onError: (c) => c.json({ error: `file too large (at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB)` }, 413),
  });
  const actor = (c: Context) => actorOf(c.get("accessSession") ?? null);
  const json = (c: Context) => (c.req.header("content-type") ?? "").startsWith("application/json");
  const en = (c: Context) => core.lang(c) === "en";
  const back = (c: Context, done: keyof (typeof DONE)["de"]) =>
    c.redirect(`/admin?${en(c) ? "lang=en&" : ""}done=${done}`, 303);
  let collecting = false;

  type Status = 200 | 201 | 400 | 404 | 409 | 413 | 500 | 501;
  const page = async (c: Context, status: Status, extra: Partial<AdminPageProps> = {}) => {
    const [links, rows, clusters] = await Promise.all([
      shareLinks.list(),
      audit.list(200),
      listRegistryClusters(deps.db),
    ]);
    const done = c.req.query("done");
    const lang = core.lang(c);
    const notice =
      done && done in DONE[lang] ? { text: DONE[lang][done as keyof (typeof DONE)["de"]] } : null;
    c.status(status);
    c.header("cache-control", "no-store");
    return c.render(
      <AdminPage
        lang={lang}
        assets={core.assets}
        now={deps.now()}
        campaigns={deps.campaigns.campaigns.map((k) => ({ id: k.id, name: k.name }))}
        clusters={clusters}
        links={links}
        audit={rows}
        notice={notice}
        canCollect={opts.collectNow !== undefined}
        workerCollects={opts.workerCollects === true}
        eventsAccept={opts.eventsPath ? `.${eventsFormat(opts.eventsPath)}` : ".json"}
        {...extra}
      />,
    );
  };

  /** A problem as JSON for scripts, or as the admin page with the message for a form post. */
  const problem = (c: Context, status: Exclude<Status, 200 | 201>, message: string) =>
    isFormBody(c)
      ? page(c, status, { notice: { text: message, error: true } })
      : c.json({ error: message }, status as 400);

  app.get("/admin", pageHeaders, jsxRenderer(), requireAdmin, (c) => page(c, 200));

  app.post("/admin/share-links", pageHeaders, jsxRenderer(), requireAdmin, small, requireCsrf, async (c) => {
    const body = json(c)
      ? ((await c.req.json().catch(() => ({}))) as Record<string, unknown>)
      : await c.req.parseBody();
    const text = (k: string) => (typeof body[k] === "string" ? (body[k] as string).trim() : "");
    const campaign = text("campaign");
    const cluster = text("cluster") || null;
    const daysText = typeof body.days === "number" ? String(body.days) : text("days");
    const label = text("label").slice(0, 100) || null;
    const invalid = async (): Promise<string | null> => {
      if (!deps.campaigns.campaigns.some((k) => k.id === campaign))
        return "campaign: not a configured campaign";
      if (cluster !== null) {
        const known = await listRegistryClusters(deps.db);
        if (!known.some((k) => k.id === cluster)) return "cluster: not a cluster of the registry";
      }
      if (!/^\d{1,2}$/.test(daysText) || Number(daysText) < 1 || Number(daysText) > MAX_SHARE_DAYS)
        return `days: must be a whole number from 1 to ${MAX_SHARE_DAYS}`;
      return null;
    };
    const wrong = await invalid();
    if (wrong) {
      await audit.record({ actor: actor(c), action: "share-link.create", outcome: "failed", detail: wrong });
      return problem(c, 400, `invalid field ${wrong}`);
    }
    const { token, link } = await shareLinks.create({
      campaign,
      cluster,
      label,
      days: Number(daysText),
      createdBy: actor(c),
    });
    const target = cluster ? `${campaign}/${cluster}` : campaign;
    await audit.record({
      actor: actor(c),
      action: "share-link.create",
      target,
      outcome: "ok",
      detail: `link ${link.id}, until ${link.expiresAt}`,
    });
    const origin = new URL(c.req.url);
    if (isHttps(c.req.url, c.req.header("x-forwarded-proto"), core.trustProxy)) origin.protocol = "https:";
    const url = `${origin.origin}/s/${token}`;
    // The token is shown once, here; it is never logged or stored.
    if (json(c)) return c.json({ id: link.id, url, campaign, cluster, expiresAt: link.expiresAt }, 201);
    return page(c, 201, { createdUrl: url });
  });

  app.post(
    "/admin/share-links/:id/revoke",
    pageHeaders,
    jsxRenderer(),
    requireAdmin,
    small,
    requireCsrf,
    async (c) => {
      const id = c.req.param("id");
      const link = /^[1-9]\d{0,11}$/.test(id) ? await shareLinks.revoke(Number(id)) : null;
      await audit.record({
        actor: actor(c),
        action: "share-link.revoke",
        target: `link ${id.slice(0, 20)}`,
        outcome: link ? "ok" : "failed",
        detail: link ? null : "no such link",
      });
      if (!link) return problem(c, 404, "no such share link");
      return json(c) ? c.json({ id: link.id, revokedAt: link.revokedAt }) : back(c, "revoked");
    },
  );

  app.post("/admin/collect", pageHeaders, jsxRenderer(), requireAdmin, small, requireCsrf, async (c) => {
    if (opts.workerCollects) {
      await audit.record({
        actor: actor(c),
        action: "collect",
        outcome: "failed",
        detail: "runs in the worker",
      });
      return problem(c, 501, WORKER_COLLECTS);
    }
    const collectNow = opts.collectNow;
    if (!collectNow) return problem(c, 501, "collecting on request is not available in this process");
    if (collecting) return problem(c, 409, "a collection requested here is still running");
    collecting = true;
    const who = actor(c);
    await audit.record({ actor: who, action: "collect", outcome: "ok", detail: "started" });
    void collectNow()
      .then(
        () => audit.record({ actor: who, action: "collect", outcome: "ok", detail: "finished" }),
        (err: unknown) => {
          deps.log.error({ err }, "collection on request failed");
          return audit.record({
            actor: who,
            action: "collect",
            outcome: "failed",
            detail: (err as Error)?.message ?? String(err),
          });
        },
      )
      .catch((err: unknown) => deps.log.error({ err }, "audit log write failed"))
      .finally(() => {
        collecting = false;
      });
    return isFormBody(c) ? back(c, "collect") : c.json({ status: "started" }, 202);
  });

  for (const kind of ["registry", "events"] as const) {
    app.post(`/admin/${kind}`, pageHeaders, jsxRenderer(), requireAdmin, upload, requireCsrf, async (c) => {
      const action = kind === "registry" ? "registry.update" : "events.update";
      const path = kind === "registry" ? opts.registryPath : opts.eventsPath;
      const fail = async (status: 400 | 501, message: string) => {
        await audit.record({ actor: actor(c), action, outcome: "failed", detail: message });
        return problem(c, status, message);
      };
      if (opts.workerCollects) return fail(501, WORKER_FILES);
      if (!path) return fail(501, `no ${kind} file is configured in this process`);
      let text: string;
      if (isFormBody(c)) {
        const file = (await c.req.parseBody()).file;
        if (!(file instanceof File)) return fail(400, "send the file in the form field 'file'");
        text = await file.text();
      } else {
        text = await c.req.text();
      }
      if (text.length > MAX_UPLOAD_BYTES) return fail(400, "file too large");
      const checked = kind === "registry" ? validateRegistry(text) : validateEvents(text, eventsFormat(path));
      if (!checked.ok) return fail(400, checked.error);
      await writeFileAtomic(path, text);
      deps.log.info({ kind, summary: checked.summary }, "admin replaced a file");
      if (!opts.reloadAnalysis) {
        await audit.record({
          actor: actor(c),
          action,
          target: path,
          outcome: "ok",
          detail: `${checked.summary}; saved, applies after a restart`,
        });
        const message =
          "saved, but this process cannot apply it while running: restart Resonanz to apply it / gespeichert; ein Neustart wendet es an";
        return isFormBody(c)
          ? page(c, 501, { notice: { text: message } })
          : c.json({ error: message, saved: true }, 501);
      }
      try {
        await opts.reloadAnalysis();
      } catch (err) {
        deps.log.error({ err }, "reloading the analysis failed");
        await audit.record({
          actor: actor(c),
          action,
          target: path,
          outcome: "failed",
          detail: "saved; reload failed",
        });
        return problem(c, 500, "saved, but applying it failed; see the server log");
      }
      await audit.record({ actor: actor(c), action, target: path, outcome: "ok", detail: checked.summary });
      return isFormBody(c) ? back(c, kind) : c.json({ saved: true, summary: checked.summary });
    });
  }

  return app;
}
