import type { ClusterRow } from "../../data/queries/clusters.ts";
import type { TimelinePoint } from "../../data/queries/timeline.ts";
import type { Bilingual, Column } from "./columns.ts";
import { LIST_SEPARATOR } from "./posts-rows.ts";

/** The `/api/clusters` rows: what the cluster sheet and clusters.csv hold. */
export const CLUSTER_COLUMNS: readonly Column<ClusterRow>[] = [
  { key: "id", header: { de: "ID", en: "ID" }, kind: "text", width: 22, value: (r) => r.id },
  { key: "name", header: { de: "Name", en: "Name" }, kind: "text", width: 40, value: (r) => r.name },
  {
    key: "states",
    header: { de: "Land/Länder", en: "State(s)" },
    kind: "text",
    width: 12,
    value: (r) => r.states.join(LIST_SEPARATOR),
  },
  {
    key: "posts",
    header: { de: "Beiträge", en: "Posts" },
    kind: "integer",
    width: 10,
    value: (r) => r.posts,
  },
  {
    key: "authors",
    header: { de: "Autor:innen", en: "Authors" },
    kind: "integer",
    width: 10,
    value: (r) => r.authors,
  },
  {
    key: "potentialReach",
    header: { de: "Potenzielle Reichweite", en: "Potential reach" },
    kind: "integer",
    width: 14,
    value: (r) => r.potentialReach,
  },
  {
    key: "engagement",
    header: { de: "Interaktionen", en: "Engagement" },
    kind: "integer",
    width: 12,
    value: (r) => r.engagement,
  },
  {
    key: "shareOfVoice",
    header: { de: "Share of Voice (%)", en: "Share of voice (%)" },
    kind: "percent",
    width: 12,
    value: (r) => r.shareOfVoice,
  },
  {
    key: "sentimentMean",
    header: { de: "Stimmung (Mittelwert)", en: "Mean sentiment" },
    kind: "decimal",
    width: 12,
    value: (r) => r.sentimentMean,
  },
];

/** The day timeline (`/api/timeline?bucket=day`); `t` is the day's start with its offset. */
export const DAY_COLUMNS: readonly Column<TimelinePoint>[] = [
  { key: "day", header: { de: "Tag", en: "Day" }, kind: "day", width: 12, value: (r) => r.t },
  {
    key: "posts",
    header: { de: "Beiträge", en: "Posts" },
    kind: "integer",
    width: 10,
    value: (r) => r.posts,
  },
  {
    key: "potentialReach",
    header: { de: "Potenzielle Reichweite", en: "Potential reach" },
    kind: "integer",
    width: 14,
    value: (r) => r.potentialReach,
  },
  {
    key: "engagement",
    header: { de: "Interaktionen", en: "Engagement" },
    kind: "integer",
    width: 12,
    value: (r) => r.engagement,
  },
];

export const CLUSTERS_SHEET: Bilingual = { de: "Cluster", en: "Clusters" };
export const DAYS_SHEET: Bilingual = { de: "Tage", en: "Days" };
