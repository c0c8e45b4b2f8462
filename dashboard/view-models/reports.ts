import type { Campaign } from "../../data/campaign.ts";
import { ValidationError } from "../../data/errors.ts";
import { languageName, localeOf } from "../../data/format.ts";
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
  /** The campaign's archived reports (status "archived"), newest first. Default: none. */
  archive?: readonly ArchiveEntryInput[];
}

/** One row of the report archive (reports table), as the page needs it. */
export interface ArchiveEntryInput {
  id: number;
  kind: "digest" | "final" | "manual";
  lang: "de" | "en";
  from: string;
  to: string;
  /** UTC ISO timestamp. */
  createdAt: string;
  bytes: number;
  /** Lower-case hex SHA-256 of the file. */
  sha256: string;
  mailStatus: "sent" | "failed" | null;
  /** An erasure removed posts from this report's period since it was made (reports.erasure_pending_at). */
  erasurePending?: boolean | undefined;
}

export interface ArchiveItem {
  id: number;
  href: string;
  kind: string;
  period: string;
  language: string;
  hreflang: "de" | "en";
  created: { iso: string; text: string };
  size: string;
  sha256: string;
  /** The first characters, shown; the full value is in `sha256` (title and visually hidden text). */
  sha256Short: string;
  /** Visible link text, and the hidden words that say which report it downloads. */
  downloadLabel: string;
  downloadContext: string;
  /** E-mail delivery, when one was attempted. */
  mail: string | null;
  /** Just generated on request (the POST redirected here). */
  isNew: boolean;
  /** "nach Löschung neu zu erzeugen" when an erasure touched the report's period; else null. */
  erasurePending: string | null;
}

export interface ArchiveSection {
  heading: string;
  text: string;
  caption: string;
  columns: {
    kind: string;
    period: string;
    language: string;
    created: string;
    size: string;
    sha256: string;
    file: string;
  };
  items: ArchiveItem[];
  /** Said instead of the table when nothing is archived yet. */
  empty: string | null;
  /** Announced after a report was generated on request. */
  notice: string | null;
  form: {
    heading: string;
    text: string;
    action: string;
    hidden: { name: string; value: string }[];
    langLabel: string;
    langOptions: SelectOption[];
    fromLabel: string;
    toLabel: string;
    from: string;
    to: string;
    submit: string;
  };
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
  /** The report archive: stored, dated reports to download again, and the form to make one now. */
  archive: ArchiveSection;
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
    archive: buildArchiveSection(input),
  };
}

/** Said on an archived report that still holds posts an erasure (GDPR Art. 17) removed since. */
export const ERASURE_PENDING_LABEL: Record<UiLang, string> = {
  de: "nach Löschung neu zu erzeugen",
  en: "to be made again after an erasure",
};

/** How much of the SHA-256 the table shows; enough to compare by eye with a mail or a checksum tool. */
export const SHA_SHORT = 12;

function buildArchiveSection(input: ReportsInput): ArchiveSection {
  const { lang, campaign } = input;
  const x = exploreMessages[lang];
  const fmt = createFormatter(lang);
  // Set by the POST's redirect; anything but an id is ignored (it only highlights a row).
  const newId = /^[1-9][0-9]{0,11}$/.test(input.query.archived ?? "") ? Number(input.query.archived) : null;
  const items = (input.archive ?? []).map((r): ArchiveItem => {
    const kind = x.archiveKinds[r.kind];
    const period = fmt.period(r.from, r.to);
    const language = languageName(r.lang, lang);
    return {
      id: r.id,
      href: `/reports/archive/${r.id}.pdf`,
      kind,
      period,
      language,
      hreflang: r.lang,
      created: { iso: r.createdAt, text: fmt.dateTime(r.createdAt, campaign.timezone) },
      size: formatFileSize(r.bytes, lang),
      sha256: r.sha256,
      sha256Short: r.sha256.slice(0, SHA_SHORT),
      downloadLabel: x.archiveDownload,
      downloadContext: x.archiveDownloadContext(kind, period, language),
      mail: r.mailStatus === null ? null : x.archiveMail[r.mailStatus],
      isNew: r.id === newId,
      erasurePending: r.erasurePending ? ERASURE_PENDING_LABEL[lang] : null,
    };
  });
  const isNew = items.some((i) => i.isNew);
  const hidden = [{ name: "campaign", value: campaign.id }];
  if (lang === "en") hidden.push({ name: "uiLang", value: "en" });
  return {
    heading: x.archiveHeading,
    text: x.archiveText,
    caption: x.archiveCaption(campaign.name),
    columns: {
      kind: x.archiveColKind,
      period: x.archiveColPeriod,
      language: x.archiveColLanguage,
      created: x.archiveColCreated,
      size: x.archiveColSize,
      sha256: x.archiveColSha256,
      file: x.archiveColFile,
    },
    items,
    empty: items.length === 0 ? x.archiveEmpty : null,
    notice: isNew ? x.archiveCreated : null,
    form: {
      heading: x.archiveFormHeading,
      text: x.archiveFormText,
      action: "/reports/archive",
      hidden,
      langLabel: x.archiveFormLang,
      langOptions: (["de", "en"] as const).map((code) => ({
        value: code,
        label: languageName(code, lang),
        selected: code === lang,
      })),
      fromLabel: x.archiveFormFrom,
      toLabel: x.archiveFormTo,
      from: input.from,
      to: input.to,
      submit: x.archiveFormSubmit,
    },
  };
}

/** "245 kB" / "1,2 MB": decimal units, as file managers show them. */
export function formatFileSize(bytes: number, lang: UiLang): string {
  const [value, unit] = bytes >= 1_000_000 ? [bytes / 1_000_000, "megabyte"] : [bytes / 1000, "kilobyte"];
  return new Intl.NumberFormat(localeOf(lang), {
    style: "unit",
    unit,
    unitDisplay: "short",
    maximumFractionDigits: value < 10 ? 1 : 0,
  }).format(value);
}
