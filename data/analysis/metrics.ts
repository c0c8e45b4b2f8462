/**
 * Metric definitions (DESIGN.md). Versioned: a report prints the version it was
 * computed with, so a number can be traced to the formula that produced it.
 */
export const METRICS_VERSION = 1;

export interface EngagementCounts {
  likes: number;
  reposts: number;
  replies: number;
  quotes: number;
}

/** Interaktionen v1: likes + reposts + replies + quotes (latest refreshed counts). */
export function engagementOf(c: EngagementCounts): number {
  return c.likes + c.reposts + c.replies + c.quotes;
}

/** Interaktionsrate: engagement ÷ potential reach; 0 when there is no reach to divide by. */
export function engagementRate(engagement: number, potentialReach: number): number {
  return potentialReach > 0 ? engagement / potentialReach : 0;
}

/** Share of voice: a cluster's part ÷ the sum over all clusters; 0 when nothing was attributed. */
export function shareOfVoice(part: number, total: number): number {
  return total > 0 ? part / total : 0;
}

export type SentimentLabel = "positive" | "neutral" | "negative";

/** Per-post label from the lexicon score: > 0 positive, < 0 negative, 0 neutral. */
export function sentimentLabel(score: number): SentimentLabel {
  if (score > 0) return "positive";
  if (score < 0) return "negative";
  return "neutral";
}

export interface MetricDefinition {
  key: string;
  de: { name: string; formula: string };
  en: { name: string; formula: string };
}

export const METRIC_DEFINITIONS: readonly MetricDefinition[] = [
  {
    key: "posts",
    de: {
      name: "Erwähnungen",
      formula:
        "eindeutige Beiträge mit Kampagnen-Hashtag im Zeitraum (nach Abgleich über Instanzen; Boosts zählen nicht)",
    },
    en: {
      name: "Posts",
      formula:
        "distinct posts carrying a campaign hashtag in the window (deduplicated across instances; boosts excluded)",
    },
  },
  {
    key: "authors",
    de: { name: "Autor:innen", formula: "eindeutige Autor:innen dieser Beiträge" },
    en: { name: "Authors", formula: "distinct authors of those posts" },
  },
  {
    key: "potentialReach",
    de: {
      name: "potenzielle Reichweite",
      formula: "Σ Follower der Autor:in je Beitrag, eingefroren bei Erfassung (Obergrenze der Impressionen)",
    },
    en: {
      name: "Potential reach",
      formula:
        "Σ over posts of the author's follower count frozen at first collection (upper bound of impressions)",
    },
  },
  {
    key: "uniqueReach",
    de: {
      name: "eindeutige Reichweite",
      formula: "Σ über eindeutige Autor:innen ihrer höchsten eingefrorenen Followerzahl",
    },
    en: { name: "Unique reach", formula: "Σ over distinct authors of their largest frozen follower count" },
  },
  {
    key: "engagement",
    de: { name: "Interaktionen", formula: "Likes + Reposts + Antworten + Zitate (zuletzt aktualisiert)" },
    en: { name: "Engagement", formula: "likes + reposts + replies + quotes (latest refreshed counts)" },
  },
  {
    key: "engagementRate",
    de: { name: "Interaktionsrate", formula: "Interaktionen ÷ potenzielle Reichweite" },
    en: { name: "Engagement rate", formula: "engagement ÷ potential reach" },
  },
  {
    key: "shareOfVoice",
    de: {
      name: "Share of Voice",
      formula:
        "einem Cluster zugeordnete Beiträge ÷ Σ der zugeordneten Beiträge aller Cluster (auch nach Autor:innen und Interaktionen)",
    },
    en: {
      name: "Share of voice",
      formula:
        "posts attributed to the cluster ÷ Σ cluster-attributed posts (also by authors and by engagement)",
    },
  },
  {
    key: "sentiment",
    de: {
      name: "Stimmung",
      formula:
        "Lexikon-Score je Beitrag: > 0 positiv, < 0 negativ, 0 neutral; Mittelwert des Vergleichswerts",
    },
    en: {
      name: "Sentiment",
      formula: "lexicon score per post: > 0 positive, < 0 negative, 0 neutral; mean comparative score",
    },
  },
];
