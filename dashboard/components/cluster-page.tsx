import type { AssetUrls } from "../assets.ts";
import { clusterMessages } from "../i18n/clusters.ts";
import { MESSAGES } from "../i18n/index.ts";
import { pageHref, type Query } from "../urls.ts";
import type { ClusterDetailModel } from "../view-models/cluster-detail.ts";
import type { FilterFormModel } from "../view-models/filter-form.ts";
import { ClusterKpis } from "./cluster-kpis.tsx";
import { ClusterTopPosts } from "./cluster-top-posts.tsx";
import { FilterForm } from "./filter-form.tsx";
import { JsonData } from "./json-data.tsx";
import { Layout } from "./layout.tsx";
import { PostList } from "./post-list.tsx";

export interface ClusterPageProps {
  model: ClusterDetailModel;
  form: FilterFormModel;
  assets: AssetUrls;
  query: Query;
}

/** /clusters/:id: one cluster's figures against the campaign average, its days, platforms, events and posts. */
export function ClusterPage(props: ClusterPageProps) {
  const { model: d, query } = props;
  const m = MESSAGES[d.lang];
  const cm = clusterMessages[d.lang];
  const path = `/clusters/${encodeURIComponent(d.id)}`;
  const t = d.timeline;
  return (
    <Layout
      lang={d.lang}
      title={d.title}
      assets={props.assets}
      otherLangHref={pageHref(path, query, { lang: d.lang === "de" ? "en" : undefined })}
      scripts={["chart", "charts", "clusters"]}
      current="clusters"
      query={query}
    >
      <div class="page-head">
        <p class="kicker">{d.kicker}</p>
        <h1>{d.name}</h1>
        {d.states ? <p class="cluster-states">{d.states}</p> : null}
        <p class="period">
          {d.campaignName} · {m.periodLabel}: {d.period}
        </p>
        <ul class="page-actions">
          <li>
            <a href={d.reportHref} type="application/pdf">
              {cm.reportLink}
            </a>
          </li>
          <li>
            <a href={d.postsHref}>{cm.postsLink}</a>
          </li>
          <li>
            <a href={d.backHref}>{cm.backToClusters}</a>
          </li>
        </ul>
      </div>
      <FilterForm
        lang={d.lang}
        model={props.form}
        resetHref={pageHref(path, { lang: d.lang === "en" ? "en" : undefined })}
        action={path}
      />
      <ClusterKpis model={d} heading={cm.kpiHeading} />
      <section class="timeline cluster-timeline" aria-labelledby="cluster-timeline-heading">
        <h2 id="cluster-timeline-heading">{cm.timelineHeading}</h2>
        <p id="cluster-timeline-summary" class="timeline-summary">
          {t.summary}
        </p>
        <div class="chart-box">
          <canvas id="cluster-timeline-chart" role="img" aria-label={t.summary}>
            {m.chartFallback}
          </canvas>
        </div>
        <JsonData id="cluster-timeline-data" value={t.chart} />
        <details class="timeline-table">
          <summary>{m.tableToggle}</summary>
          <div class="table-scroll">
            <table>
              <caption>{t.caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.columns.day}</th>
                  <th scope="col">{t.columns.posts}</th>
                  <th scope="col">{t.columns.potentialReach}</th>
                  <th scope="col">{t.columns.engagement}</th>
                </tr>
              </thead>
              <tbody>
                {t.rows.map((r) => (
                  <tr>
                    <th scope="row">
                      <time datetime={r.iso}>{r.label}</time>
                    </th>
                    <td>{r.posts}</td>
                    <td>{r.potentialReach}</td>
                    <td>{r.engagement}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      </section>
      <section class="cluster-platforms" aria-labelledby="platforms-heading">
        <h2 id="platforms-heading">{cm.platformsHeading}</h2>
        {d.platforms.rows.length === 0 ? (
          <p class="empty">{cm.platformsEmpty}</p>
        ) : (
          <div class="table-scroll">
            <table>
              <caption>{d.platforms.caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{d.platforms.columns.platform}</th>
                  <th scope="col">{d.platforms.columns.posts}</th>
                  <th scope="col">{d.platforms.columns.share}</th>
                </tr>
              </thead>
              <tbody>
                {d.platforms.rows.map((r) => (
                  <tr>
                    <th scope="row">{r.platform}</th>
                    <td>{r.posts}</td>
                    <td>{r.share}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section class="cluster-events" aria-labelledby="events-heading">
        <h2 id="events-heading">{cm.eventsHeading}</h2>
        {d.events.rows.length === 0 ? (
          <p class="empty">{cm.eventsEmpty}</p>
        ) : (
          <div class="table-scroll">
            <table>
              <caption>{d.events.caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{d.events.columns.title}</th>
                  <th scope="col">{d.events.columns.date}</th>
                  <th scope="col">{d.events.columns.city}</th>
                  <th scope="col">{d.events.columns.posts}</th>
                </tr>
              </thead>
              <tbody>
                {d.events.rows.map((r) => (
                  <tr id={`event-${r.id}`}>
                    <th scope="row">{r.title}</th>
                    <td class="text">{r.date}</td>
                    <td class="text">{r.city}</td>
                    <td>{r.posts}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <ClusterTopPosts lang={d.lang} heading={cm.topHeading} empty={cm.topEmpty} posts={d.topPosts} />
      <PostList lang={d.lang} posts={d.posts} />
    </Layout>
  );
}
