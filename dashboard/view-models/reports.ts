import type { Campaign } from "../../data/campaign.ts";
import { ValidationError } from "../../data/errors.ts";
import { exploreMessages } from "../i18n/explore.ts";
import { MESSAGES, type UiLang } from "../i18n/index.ts";
import { pageHref, type Query } from "../urls.ts";
import { createFormatter } from "./format.ts";
import type { SelectOption } from "./posts.ts";

/**
 * Berichte: download links for the current filters. The report and export
 * routes take the page's parameter names (`postLang` is the post language;
 * on report routes `lang` is the report's language, see reports/routes.ts).
 */
export interface ReportsInput {
  lang: UiLang;
  campaign: Campaign;
  from: string;
  to: string;
  /** The request's query, already validated by the filters. */
  query: Query;
  /** The registry's clusters by name, for the cluster report form. */
  clusters: readonly { id: string; name: string }[];
}

export interface DownloadLink {
  href: string;
  label: string;
  /** The file type, shown next to the link ("PDF"). */
  type: string;
  /** Language of the document, for `hreflang`; null for data files. */
  hreflang: "de" | "en" | null;
}

export interface ExportItem extends DownloadLink {
  text: string;
}

export interface ReportsModel {
  lang: UiLang;
  title: string;
  heading: string;
  intro: string;
  campaignName: string;
  period: string;
  week: { heading: string; text: string; links: DownloadLink[] };
  cluster: {
    heading: string;
    text: string;
    options: SelectOption[];
    /** The filters and UI language the cluster form keeps. */
    hidden: { name: string; value: string }[];
    /** The chosen cluster's links (German, English); null until one is chosen. */
    links: DownloadLink[] | null;
    /** Said instead of the form when the registry is empty. */
    empty: string | null;
  };
  exports: { heading: string; text: string; items: ExportItem[] };
  /**
   * RESERVED for the report archive (stored, dated reports to download again),
   * which a later issue adds. Always null until then: the page shows no list
   * rather than a made-up one.
   */
  archive: null;
}

/** The filters as the report and export routes name them. */
const FILTERS = ["campaign", "from", "to", "platform", "cluster", "state", "postLang"] as const;

/**
 * Which cluster's report links to show: `reportCluster` (the form), else the
 * filtered cluster. An unknown `reportCluster` is an error; an unknown cluster
 * filter just preselects nothing, as the other pages accept it too.
 */
export function chosenCluster(
  query: Query,
  clusters: readonly { id: string; name: string }[],
): { id: string; name: string } | null {
  const picked = query.reportCluster;
  if (picked) {
    const found = clusters.find((c) => c.id === picked);
    if (!found) {
      throw new ValidationError(
        `invalid parameter 'reportCluster': not a cluster of the registry`,
        "reportCluster",
      );
    }
    return found;
  }
  return clusters.find((c) => c.id === query.cluster) ?? null;
}

export function buildReportsModel(input: ReportsInput): ReportsModel {
  const { lang, query } = input;
  const m = MESSAGES[lang];
  const x = exploreMessages[lang];
  const fmt = createFormatter(lang);
  const filters: Query = {};
  for (const name of FILTERS) if (query[name]) filters[name] = query[name];
  const chosen = chosenCluster(query, input.clusters);
  const pdf = (path: string, q: Query, docLang: "de" | "en", label: string): DownloadLink => ({
    href: pageHref(path, q, { lang: docLang }),
    label,
    type: x.pdfType,
    hreflang: docLang,
  });
  // The cluster is in the report's path; the cluster filter would only repeat it.
  const clusterFilters: Query = { ...filters, cluster: undefined };
  const hidden = [...FILTERS, "lang"].flatMap((name) => {
    const value = query[name];
    return value ? [{ name, value }] : [];
  });

  return {
    lang,
    title: `${x.reportsTitle} – ${input.campaign.name} – ${m.appName}`,
    heading: x.reportsTitle,
    intro: x.reportsIntro,
    campaignName: input.campaign.name,
    period: fmt.period(input.from, input.to),
    week: {
      heading: x.weekReportHeading,
      text: x.weekReportText,
      links: [
        pdf("/reports/week.pdf", filters, "de", x.weekReportDe),
        pdf("/reports/week.pdf", filters, "en", x.weekReportEn),
      ],
    },
    cluster: {
      heading: x.clusterReportHeading,
      text: x.clusterReportText,
      options: [
        { value: "", label: x.clusterReportChoose, selected: chosen === null },
        ...input.clusters.map((c) => ({ value: c.id, label: c.name, selected: c.id === chosen?.id })),
      ],
      hidden,
      links: chosen
        ? [
            pdf(
              `/reports/clusters/${encodeURIComponent(chosen.id)}.pdf`,
              clusterFilters,
              "de",
              x.clusterReportDe(chosen.name),
            ),
            pdf(
              `/reports/clusters/${encodeURIComponent(chosen.id)}.pdf`,
              clusterFilters,
              "en",
              x.clusterReportEn(chosen.name),
            ),
          ]
        : null,
      empty: input.clusters.length === 0 ? x.clusterReportNone : null,
    },
    exports: {
      heading: x.exportsHeading,
      text: x.exportsText,
      items: [
        {
          href: pageHref("/export/posts.csv", filters),
          label: x.exportPostsCsv,
          type: x.csvType,
          hreflang: null,
          text: x.exportPostsCsvText,
        },
        {
          href: pageHref("/export/posts.xlsx", filters),
          label: x.exportPostsXlsx,
          type: x.xlsxType,
          hreflang: null,
          text: x.exportPostsXlsxText,
        },
        {
          href: pageHref("/export/clusters.csv", filters),
          label: x.exportClustersCsv,
          type: x.csvType,
          hreflang: null,
          text: x.exportClustersCsvText,
        },
      ],
    },
    archive: null,
  };
}
