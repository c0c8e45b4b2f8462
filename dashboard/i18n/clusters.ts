import type { UiLang } from "./index.ts";

/**
 * Strings of the cluster pages (/clusters, /clusters/:id) and the Länder page
 * (/laender). Kept beside the shared tables so these pages can ship on their
 * own; German is the source table, English is typed against it (a missing or
 * extra key is a type error). Metric names come from METRIC_DEFINITIONS.
 */

/** How a cluster's value compares with the campaign average. */
export type Direction = "above" | "below" | "equal";

const de = {
  // /clusters
  clustersTitle: "Cluster",
  clustersIntro: (total: string, active: string, activeN: number): string =>
    `${total} Cluster im Register, ${activeN === 1 ? "davon einer" : `davon ${active}`} mit Erwähnungen im gewählten Zeitraum.`,
  sovHeading: "Share of Voice der meistgenannten Cluster",
  sovSeriesLabel: "Share of Voice in %",
  sovSummary: (shown: string, top: string, share: string, posts: string): string =>
    `Die ${shown} meistgenannten Cluster; an der Spitze ${top} mit ${share} aller Cluster-Erwähnungen (${posts} Erwähnungen).`,
  sovSummaryOne: (top: string, share: string, posts: string): string =>
    `Nur ein Cluster wurde erwähnt: ${top} mit ${share} aller Cluster-Erwähnungen (${posts} Erwähnungen).`,
  sovEmpty: "Im gewählten Zeitraum wurde kein Cluster erwähnt.",
  sovCaption: (shown: string): string => `Share of Voice der ${shown} meistgenannten Cluster`,
  tableHeading: "Alle Cluster",
  tableCaption: (total: string): string => `Alle ${total} Cluster des Registers`,
  tableScrollLabel: "Tabelle aller Cluster (scrollbar)",
  colName: "Cluster",
  colState: "Land",
  colSentiment: "Stimmung (Mittelwert)",
  sortAscending: "aufsteigend sortieren",
  sortDescending: "absteigend sortieren",
  sortedAscending: "aufsteigend sortiert",
  sortedDescending: "absteigend sortiert",
  sovDefinition:
    "Share of Voice: Erwähnungen des Clusters ÷ Summe der Erwähnungen aller Cluster. Ein Beitrag, der mehrere Cluster nennt, zählt bei jedem von ihnen.",
  noState: "–",
  // /clusters/:id
  clusterKicker: "Cluster",
  stateLine: (names: string, n: number): string => `${n === 1 ? "Land" : "Länder"}: ${names}`,
  reportLink: "Cluster-Bericht als PDF herunterladen",
  postsLink: "Alle Beiträge dieses Clusters",
  backToClusters: "Zurück zur Übersicht aller Cluster",
  kpiHeading: "Kennzahlen im Vergleich zum Kampagnendurchschnitt",
  averageLabel: "Kampagnendurchschnitt",
  averageDefinition: (clusters: string): string =>
    `Kampagnendurchschnitt = Summe über alle Cluster mit mindestens einer Erwähnung im gewählten Zeitraum ÷ deren Anzahl (hier ${clusters}); bei der Stimmung der Mittelwert ihrer Mittelwerte. Ein Beitrag, der mehrere Cluster nennt, zählt bei jedem.`,
  averageNone: "Im gewählten Zeitraum hat kein Cluster Erwähnungen; es gibt keinen Kampagnendurchschnitt.",
  compareRatio: (pct: string, d: Direction): string =>
    d === "equal"
      ? "entspricht dem Durchschnitt"
      : `${pct} ${d === "above" ? "über" : "unter"} dem Durchschnitt`,
  compareDiff: (diff: string, d: Direction): string =>
    d === "equal"
      ? "entspricht dem Durchschnitt"
      : `${diff} ${d === "above" ? "über" : "unter"} dem Durchschnitt`,
  compareNone: "kein Vergleich möglich",
  rankHeading: "Rang",
  rank: (rank: string, total: string, ties: number, tiesText: string): string =>
    `Platz ${rank} von ${total} Clustern nach Erwähnungen${ties > 0 ? ` (gleichauf mit ${ties === 1 ? "einem weiteren" : `${tiesText} weiteren`})` : ""}.`,
  rankNone: (total: string): string =>
    `Ohne Erwähnungen im gewählten Zeitraum – kein Rang unter den ${total} Clustern.`,
  timelineHeading: "Verlauf pro Tag",
  timelineCaption: "Erwähnungen des Clusters pro Tag",
  platformsHeading: "Plattformen",
  platformsCaption: "Erwähnungen des Clusters nach Plattform",
  colPlatform: "Plattform",
  colShare: "Anteil",
  platformsEmpty: "Keine Erwähnungen im gewählten Zeitraum.",
  eventsHeading: "Veranstaltungen",
  eventsCaption: "Veranstaltungen des Clusters im gewählten Zeitraum",
  colEvent: "Veranstaltung",
  colDate: "Datum",
  colCity: "Ort",
  colEventPosts: "verknüpfte Beiträge",
  eventsEmpty: "Im gewählten Zeitraum sind für diesen Cluster keine Veranstaltungen eingetragen.",
  topHeading: "Beiträge mit den meisten Interaktionen",
  topEmpty: "Im gewählten Zeitraum gibt es keine Beiträge zu diesem Cluster.",
  topEngagement: (n: string, count: number): string =>
    `${n} ${count === 1 ? "Interaktion" : "Interaktionen"}`,
  notFoundTitle: "Cluster nicht gefunden",
  notFoundText: (id: string): string => `Im Cluster-Register gibt es keinen Cluster mit der Kennung „${id}“.`,
  notFoundHint: "Vielleicht wurde er umbenannt oder aus dem Register entfernt.",
  // /laender
  laenderTitle: "Länder",
  laenderIntro:
    "Erwähnungen nach Land: Beiträge, die einen Cluster des Landes nennen. Ein Beitrag, der Cluster aus mehreren Ländern nennt, zählt in jedem dieser Länder.",
  mapHeading: "Karte der Länder",
  mapSummary: (top: string, posts: string, active: string, activeN: number): string =>
    `Die meisten Erwähnungen hat ${top} (${posts}); ${activeN === 1 ? "ein Land" : `${active} von 16 Ländern`} mit Erwähnungen.`,
  mapSummaryEmpty: "Im gewählten Zeitraum hat kein Land Erwähnungen.",
  mapListLabel: "Länder als Kacheln, grob nach ihrer Lage angeordnet",
  legendTitle: "Erwähnungen",
  legendNone: "keine",
  legendRange: (from: string, to: string): string => (from === to ? from : `${from} – ${to}`),
  tileLink: (name: string): string => `Übersicht für ${name}`,
  laenderTableHeading: "Länder im Vergleich",
  laenderCaption: "Erwähnungen, Cluster mit Erwähnungen und potenzielle Reichweite je Land",
  colLand: "Land",
  colClusters: "Cluster mit Erwähnungen",
};

export type ClusterMessages = typeof de;

const en: ClusterMessages = {
  clustersTitle: "Clusters",
  clustersIntro: (total, active, activeN) =>
    `${total} clusters in the registry, ${activeN === 1 ? "one" : active} of them with posts in the selected period.`,
  sovHeading: "Share of voice of the most mentioned clusters",
  sovSeriesLabel: "Share of voice in %",
  sovSummary: (shown, top, share, posts) =>
    `The ${shown} most mentioned clusters; top is ${top} with ${share} of all cluster mentions (${posts} posts).`,
  sovSummaryOne: (top, share, posts) =>
    `Only one cluster was mentioned: ${top} with ${share} of all cluster mentions (${posts} posts).`,
  sovEmpty: "No cluster was mentioned in the selected period.",
  sovCaption: (shown) => `Share of voice of the ${shown} most mentioned clusters`,
  tableHeading: "All clusters",
  tableCaption: (total) => `All ${total} clusters in the registry`,
  tableScrollLabel: "Table of all clusters (scrollable)",
  colName: "Cluster",
  colState: "Land (state)",
  colSentiment: "Sentiment (mean)",
  sortAscending: "sort ascending",
  sortDescending: "sort descending",
  sortedAscending: "sorted ascending",
  sortedDescending: "sorted descending",
  sovDefinition:
    "Share of voice: the cluster's posts ÷ the sum of all clusters' posts. A post naming several clusters counts for each of them.",
  noState: "–",
  clusterKicker: "Cluster",
  stateLine: (names, n) => `${n === 1 ? "Land (state)" : "Länder (states)"}: ${names}`,
  reportLink: "Download the cluster report (PDF)",
  postsLink: "All posts of this cluster",
  backToClusters: "Back to all clusters",
  kpiHeading: "Key figures compared with the campaign average",
  averageLabel: "Campaign average",
  averageDefinition: (clusters) =>
    `Campaign average = the sum over all clusters with at least one post in the selected period ÷ their number (here ${clusters}); for sentiment, the mean of their means. A post naming several clusters counts for each.`,
  averageNone: "No cluster has posts in the selected period, so there is no campaign average.",
  compareRatio: (pct, d) =>
    d === "equal" ? "equal to the average" : `${pct} ${d === "above" ? "above" : "below"} average`,
  compareDiff: (diff, d) =>
    d === "equal" ? "equal to the average" : `${diff} ${d === "above" ? "above" : "below"} average`,
  compareNone: "no comparison possible",
  rankHeading: "Rank",
  rank: (rank, total, ties, tiesText) =>
    `Rank ${rank} of ${total} clusters by posts${ties > 0 ? ` (tied with ${ties === 1 ? "one other" : `${tiesText} others`})` : ""}.`,
  rankNone: (total) => `No posts in the selected period – no rank among the ${total} clusters.`,
  timelineHeading: "Posts per day",
  timelineCaption: "The cluster's posts per day",
  platformsHeading: "Platforms",
  platformsCaption: "The cluster's posts by platform",
  colPlatform: "Platform",
  colShare: "Share",
  platformsEmpty: "No posts in the selected period.",
  eventsHeading: "Events",
  eventsCaption: "The cluster's events in the selected period",
  colEvent: "Event",
  colDate: "Date",
  colCity: "Place",
  colEventPosts: "Linked posts",
  eventsEmpty: "No events of this cluster are listed for the selected period.",
  topHeading: "Most engaging posts",
  topEmpty: "There are no posts about this cluster in the selected period.",
  topEngagement: (n, count) => `${n} ${count === 1 ? "interaction" : "interactions"}`,
  notFoundTitle: "Cluster not found",
  notFoundText: (id) => `The cluster registry has no cluster with the id “${id}”.`,
  notFoundHint: "It may have been renamed or removed from the registry.",
  laenderTitle: "Länder (states)",
  laenderIntro:
    "Posts by Land: posts naming a cluster of the Land. A post naming clusters from several Länder counts in each of them.",
  mapHeading: "Map of the Länder",
  mapSummary: (top, posts, active, activeN) =>
    `${top} has the most posts (${posts}); ${activeN === 1 ? "one Land" : `${active} of 16 Länder`} with posts.`,
  mapSummaryEmpty: "No Land has posts in the selected period.",
  mapListLabel: "The Länder as tiles, placed roughly where they lie",
  legendTitle: "Posts",
  legendNone: "none",
  legendRange: (from, to) => (from === to ? from : `${from} – ${to}`),
  tileLink: (name) => `Overview for ${name}`,
  laenderTableHeading: "Länder compared",
  laenderCaption: "Posts, clusters with posts and potential reach per Land",
  colLand: "Land (state)",
  colClusters: "Clusters with posts",
};

export const clusterMessages: Record<UiLang, ClusterMessages> = { de, en };
