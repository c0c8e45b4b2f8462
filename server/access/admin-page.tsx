import type { AssetUrls } from "../../dashboard/assets.ts";
import { CsrfField, Layout } from "../../dashboard/components/layout.tsx";
import type { UiLang } from "../../dashboard/i18n/index.ts";
import type { AuditRow } from "./audit.ts";
import { MAX_SHARE_DAYS, type ShareLinkRow } from "./share-links.ts";

const T = {
  de: {
    title: "Verwaltung",
    shareHeading: "Geteilte Links",
    shareIntro: `Ein geteilter Link zeigt einer Person ohne Anmeldung eine Kampagne oder ein Cluster daraus, höchstens ${MAX_SHARE_DAYS} Tage lang. Der Link wird nur einmal angezeigt.`,
    created: "Neuer Link – jetzt kopieren, er wird nicht noch einmal angezeigt:",
    campaign: "Kampagne",
    cluster: "Cluster",
    allClusters: "Ganze Kampagne",
    days: "Gültig (Tage)",
    label: "Bezeichnung (für Sie)",
    create: "Link erstellen",
    noLinks: "Noch keine geteilten Links.",
    scope: "Umfang",
    expires: "Gültig bis",
    status: "Status",
    action: "Aktion",
    active: "aktiv",
    expired: "abgelaufen",
    revoked: "widerrufen",
    revoke: "Widerrufen",
    revokeLink: (n: string) => `Link ${n} widerrufen`,
    actionsHeading: "Daten",
    collect: "Jetzt sammeln",
    collectHint: "Führt alle konfigurierten Sammler einmal aus (wie „npm run collect“).",
    collectOff: "Das Sammeln auf Knopfdruck ist in diesem Prozess nicht verfügbar.",
    inWorker:
      "Gesammelt wird im Worker (resonanz worker), nicht in dieser Web-Instanz: Sammeln auf Knopfdruck gibt es hier nicht. Cluster-Register und Veranstaltungen liest der Worker aus seinen Dateien; ersetzen Sie sie dort und starten Sie den Worker neu.",
    registry: "Cluster-Register hochladen (JSON)",
    events: "Veranstaltungen hochladen",
    file: "Datei",
    upload: "Hochladen",
    auditHeading: "Protokoll",
    auditIntro: "Die letzten Verwaltungsaktionen und Anmeldungen, neueste zuerst.",
    time: "Zeit",
    actor: "Wer",
    what: "Aktion",
    target: "Ziel",
    outcome: "Ergebnis",
    detail: "Details",
    noAudit: "Noch keine Einträge.",
  },
  en: {
    title: "Administration",
    shareHeading: "Shared links",
    shareIntro: `A shared link shows one campaign, or one cluster of it, to someone without a login, for at most ${MAX_SHARE_DAYS} days. The link is shown once only.`,
    created: "New link – copy it now, it will not be shown again:",
    campaign: "Campaign",
    cluster: "Cluster",
    allClusters: "Whole campaign",
    days: "Valid (days)",
    label: "Label (for you)",
    create: "Create link",
    noLinks: "No shared links yet.",
    scope: "Scope",
    expires: "Valid until",
    status: "Status",
    action: "Action",
    active: "active",
    expired: "expired",
    revoked: "revoked",
    revoke: "Revoke",
    revokeLink: (n: string) => `Revoke link ${n}`,
    actionsHeading: "Data",
    collect: "Collect now",
    collectHint: "Runs every configured collector once (like “npm run collect”).",
    collectOff: "Collecting on request is not available in this process.",
    inWorker:
      "Collection runs in the worker (resonanz worker), not in this web instance: there is no collecting on request here. The worker reads the cluster registry and the events from its files; replace them there and restart the worker.",
    registry: "Upload the cluster registry (JSON)",
    events: "Upload the events",
    file: "File",
    upload: "Upload",
    auditHeading: "Audit log",
    auditIntro: "The latest administrative actions and logins, newest first.",
    time: "Time",
    actor: "Who",
    what: "Action",
    target: "Target",
    outcome: "Outcome",
    detail: "Details",
    noAudit: "No entries yet.",
  },
} as const;

export interface AdminPageProps {
  lang: UiLang;
  assets: AssetUrls;
  now: Date;
  campaigns: { id: string; name: string }[];
  clusters: { id: string; name: string }[];
  links: ShareLinkRow[];
  audit: AuditRow[];
  /** A message after an action (e.g. "registry saved"). */
  notice?: { text: string; error?: boolean } | null;
  /** The absolute URL of a link just created (shown once). */
  createdUrl?: string | null;
  canCollect: boolean;
  /** PostgreSQL: a worker collects and applies the registry; this instance only says so. */
  workerCollects: boolean;
  eventsAccept: string;
}

const berlin = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Europe/Berlin",
  dateStyle: "short",
  timeStyle: "short",
});

function when(iso: string): string {
  return berlin.format(new Date(iso));
}

export function AdminPage(props: AdminPageProps) {
  const t = T[props.lang];
  const en = props.lang === "en";
  const action = (path: string) => (en ? `${path}?lang=en` : path);
  const nowIso = props.now.toISOString();
  const names = new Map(props.clusters.map((c) => [c.id, c.name]));
  return (
    <Layout
      lang={props.lang}
      title={`${t.title} – Resonanz`}
      assets={props.assets}
      otherLangHref={en ? "/admin" : "/admin?lang=en"}
      current="admin"
    >
      <h1>{t.title}</h1>
      {props.notice ? (
        <p
          class={props.notice.error ? "notice notice-error" : "notice"}
          role={props.notice.error ? "alert" : "status"}
        >
          {props.notice.text}
        </p>
      ) : null}

      <section aria-labelledby="share-heading">
        <h2 id="share-heading">{t.shareHeading}</h2>
        <p>{t.shareIntro}</p>
        {props.createdUrl ? (
          <div class="notice" role="status">
            <p>{t.created}</p>
            <p>
              <code class="share-url">{props.createdUrl}</code>
            </p>
          </div>
        ) : null}
        <form method="post" action={action("/admin/share-links")} class="filter-form">
          <CsrfField />
          <div class="field">
            <label for="s-campaign">{t.campaign}</label>
            <select id="s-campaign" name="campaign" required>
              {props.campaigns.map((c) => (
                <option value={c.id}>{c.name}</option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="s-cluster">{t.cluster}</label>
            <select id="s-cluster" name="cluster">
              <option value="">{t.allClusters}</option>
              {props.clusters.map((c) => (
                <option value={c.id}>{c.name}</option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="s-days">{t.days}</label>
            <input id="s-days" name="days" type="number" min={1} max={MAX_SHARE_DAYS} value="14" required />
          </div>
          <div class="field">
            <label for="s-label">{t.label}</label>
            <input id="s-label" name="label" type="text" maxlength={100} />
          </div>
          <div class="actions">
            <button type="submit">{t.create}</button>
          </div>
        </form>
        {props.links.length === 0 ? (
          <p>{t.noLinks}</p>
        ) : (
          <div class="table-scroll">
            <table class="admin-table">
              <caption class="visually-hidden">{t.shareHeading}</caption>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{t.label}</th>
                  <th scope="col">{t.scope}</th>
                  <th scope="col">{t.expires}</th>
                  <th scope="col">{t.status}</th>
                  <th scope="col">{t.action}</th>
                </tr>
              </thead>
              <tbody>
                {props.links.map((l) => {
                  const status = l.revokedAt ? t.revoked : l.expiresAt <= nowIso ? t.expired : t.active;
                  const scope = l.cluster
                    ? `${l.campaign} · ${names.get(l.cluster) ?? l.cluster}`
                    : l.campaign;
                  return (
                    <tr>
                      <td>{l.id}</td>
                      <td>{l.label ?? ""}</td>
                      <td>{scope}</td>
                      <td>{when(l.expiresAt)}</td>
                      <td>{status}</td>
                      <td>
                        {status === t.active ? (
                          <form
                            method="post"
                            action={action(`/admin/share-links/${l.id}/revoke`)}
                            class="inline-form"
                          >
                            <CsrfField />
                            <button type="submit" aria-label={t.revokeLink(String(l.id))}>
                              {t.revoke}
                            </button>
                          </form>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="data-heading" class="admin-forms">
        <h2 id="data-heading">{t.actionsHeading}</h2>
        {props.workerCollects ? (
          <p>{t.inWorker}</p>
        ) : props.canCollect ? (
          <form method="post" action={action("/admin/collect")}>
            <CsrfField />
            <p class="hint">{t.collectHint}</p>
            <button type="submit">{t.collect}</button>
          </form>
        ) : (
          <p>{t.collectOff}</p>
        )}
        {props.workerCollects ? null : (
          <>
            <UploadForm
              id="registry"
              heading={t.registry}
              action={action("/admin/registry")}
              accept=".json,application/json"
              t={t}
            />
            <UploadForm
              id="events"
              heading={t.events}
              action={action("/admin/events")}
              accept={props.eventsAccept}
              t={t}
            />
          </>
        )}
      </section>

      <section aria-labelledby="audit-heading">
        <h2 id="audit-heading">{t.auditHeading}</h2>
        <p>{t.auditIntro}</p>
        {props.audit.length === 0 ? (
          <p>{t.noAudit}</p>
        ) : (
          <div class="table-scroll">
            <table class="admin-table">
              <caption class="visually-hidden">{t.auditHeading}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.time}</th>
                  <th scope="col">{t.actor}</th>
                  <th scope="col">{t.what}</th>
                  <th scope="col">{t.target}</th>
                  <th scope="col">{t.outcome}</th>
                  <th scope="col">{t.detail}</th>
                </tr>
              </thead>
              <tbody>
                {props.audit.map((a) => (
                  <tr>
                    <td>
                      <time datetime={a.at}>{when(a.at)}</time>
                    </td>
                    <td>{a.actor}</td>
                    <td>{a.action}</td>
                    <td>{a.target ?? ""}</td>
                    <td>{a.outcome}</td>
                    <td>{a.detail ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Layout>
  );
}

function UploadForm(props: {
  id: string;
  heading: string;
  action: string;
  accept: string;
  t: (typeof T)[UiLang];
}) {
  return (
    <form
      method="post"
      action={props.action}
      enctype="multipart/form-data"
      aria-labelledby={`${props.id}-heading`}
    >
      <h3 id={`${props.id}-heading`}>{props.heading}</h3>
      <CsrfField />
      <div class="field">
        <label for={`${props.id}-file`}>{props.t.file}</label>
        <input id={`${props.id}-file`} name="file" type="file" required accept={props.accept} />
      </div>
      <div class="actions">
        <button type="submit">{props.t.upload}</button>
      </div>
    </form>
  );
}
