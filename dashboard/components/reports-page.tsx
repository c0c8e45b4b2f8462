import type { AssetUrls } from "../assets.ts";
import { exploreMessages } from "../i18n/explore.ts";
import type { Query } from "../urls.ts";
import type { FilterFormModel } from "../view-models/filter-form.ts";
import type { ArchiveSection, DownloadLink, ReportsModel } from "../view-models/reports.ts";
import { FilteredPage } from "./filtered-page.tsx";
import { AdminOnly, CsrfField } from "./layout.tsx";
import { SelectField } from "./select-field.tsx";

export interface ReportsPageProps {
  model: ReportsModel;
  form: FilterFormModel;
  assets: AssetUrls;
  query: Query;
}

/**
 * Berichte: the week report, a cluster's report and the data exports, each for
 * the filters above, then the report archive with its "generate now" form.
 */
export function ReportsPage(props: ReportsPageProps) {
  const { model, query } = props;
  const x = exploreMessages[model.lang];
  const c = model.cluster;
  return (
    <FilteredPage
      model={model}
      path="/reports"
      current="reports"
      query={query}
      assets={props.assets}
      form={props.form}
      intro={{ text: model.intro, class: "hint" }}
    >
      <section class="report-block" aria-labelledby="week-report-heading">
        <h2 id="week-report-heading">{model.week.heading}</h2>
        <p>{model.week.text}</p>
        <Downloads links={model.week.links} />
      </section>

      <section class="report-block" aria-labelledby="cluster-report-heading">
        <h2 id="cluster-report-heading">{c.heading}</h2>
        <p>{c.text}</p>
        {c.empty ? (
          <p class="empty">{c.empty}</p>
        ) : (
          <form method="get" action="/reports" class="cluster-report-form">
            {c.hidden.map((h) => (
              <input type="hidden" name={h.name} value={h.value} />
            ))}
            <SelectField
              id="r-cluster"
              name="reportCluster"
              label={x.clusterReportLabel}
              options={c.options}
            />
            <div class="actions">
              <button type="submit">{x.clusterReportSubmit}</button>
            </div>
          </form>
        )}
        {c.links ? <Downloads links={c.links} /> : null}
      </section>

      <section class="report-block" aria-labelledby="exports-heading">
        <h2 id="exports-heading">{model.exports.heading}</h2>
        <p>{model.exports.text}</p>
        <ul class="download-list">
          {model.exports.items.map((e) => (
            <li>
              <a href={e.href}>{e.label}</a> <span class="file-type">({e.type})</span>
              <p class="hint">{e.text}</p>
            </li>
          ))}
        </ul>
      </section>

      <Archive model={model.archive} lang={model.lang} />
    </FilteredPage>
  );
}

/**
 * The archive table and the "generate now" form: a plain HTML form posting to
 * /reports/archive, which redirects back here (no script, strict CSP). The
 * checksum is shortened on screen; the full value is in the title and in
 * visually hidden text, so screen readers and copy-and-paste get all of it.
 */
function Archive(props: { model: ArchiveSection; lang: "de" | "en" }) {
  const a = props.model;
  const x = exploreMessages[props.lang];
  const f = a.form;
  return (
    <section class="report-block" aria-labelledby="archive-heading">
      <h2 id="archive-heading">{a.heading}</h2>
      <p>{a.text}</p>
      {a.notice ? (
        <p class="hint" role="status">
          {a.notice}
        </p>
      ) : null}
      {a.empty ? (
        <p class="empty">{a.empty}</p>
      ) : (
        <section class="table-scroll" aria-labelledby="archive-caption" tabindex={0}>
          <table class="archive-table">
            <caption id="archive-caption">{a.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{a.columns.kind}</th>
                <th scope="col">{a.columns.period}</th>
                <th scope="col">{a.columns.language}</th>
                <th scope="col">{a.columns.created}</th>
                <th scope="col">{a.columns.size}</th>
                <th scope="col">{a.columns.sha256}</th>
                <th scope="col">{a.columns.file}</th>
              </tr>
            </thead>
            <tbody>
              {a.items.map((r) => (
                <tr id={`archived-${r.id}`}>
                  <th scope="row">
                    {r.kind}
                    {r.isNew ? <strong> ({x.archiveNewLabel})</strong> : null}
                    {r.erasurePending ? (
                      <>
                        <br />
                        <strong class="erasure-pending">{r.erasurePending}</strong>
                      </>
                    ) : null}
                    {r.mail ? (
                      <>
                        <br />
                        <span class="hint">{r.mail}</span>
                      </>
                    ) : null}
                  </th>
                  <td>{r.period}</td>
                  <td>{r.language}</td>
                  <td>
                    <time datetime={r.created.iso}>{r.created.text}</time>
                  </td>
                  <td>{r.size}</td>
                  <td>
                    <code title={r.sha256}>
                      <span aria-hidden="true">{r.sha256Short}…</span>
                      <span class="visually-hidden">
                        {x.archiveShaFull} {r.sha256}
                      </span>
                    </code>
                  </td>
                  <td>
                    <a href={r.href} hreflang={r.hreflang} type="application/pdf" download="">
                      {r.downloadLabel}
                      <span class="visually-hidden">: {r.downloadContext}</span>
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      {/* Making a report is an admin action (server/access): others see the archive only. */}
      <AdminOnly>
        <h3 id="archive-form-heading">{f.heading}</h3>
        <p>{f.text}</p>
        <form method="post" action={f.action} class="archive-form" aria-labelledby="archive-form-heading">
          <CsrfField />
          {f.hidden.map((h) => (
            <input type="hidden" name={h.name} value={h.value} />
          ))}
          <SelectField id="a-lang" name="lang" label={f.langLabel} options={f.langOptions} />
          <div class="field">
            <label for="a-from">{f.fromLabel}</label>
            <input id="a-from" type="date" name="from" value={f.from} required />
          </div>
          <div class="field">
            <label for="a-to">{f.toLabel}</label>
            <input id="a-to" type="date" name="to" value={f.to} required />
          </div>
          <div class="actions">
            <button type="submit">{f.submit}</button>
          </div>
        </form>
      </AdminOnly>
    </section>
  );
}

function Downloads(props: { links: DownloadLink[] }) {
  return (
    <ul class="download-list">
      {props.links.map((l) => (
        <li>
          <a href={l.href} hreflang={l.hreflang ?? undefined} type="application/pdf">
            {l.label}
          </a>
        </li>
      ))}
    </ul>
  );
}
