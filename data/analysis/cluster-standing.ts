/**
 * Where a cluster stands in its campaign: the same numbers on the cluster's
 * page and in its PDF report. Pure.
 */
export interface StandingRow {
  id: string;
  posts: number;
}

/**
 * The campaign average of a figure: the sum over the clusters with at least
 * one post ÷ their number (clusters nobody mentioned would only dilute it);
 * null when no cluster has posts.
 */
export function campaignAverage<K extends string>(
  key: K,
  rows: readonly (StandingRow & Record<K, number>)[],
): number | null {
  const active = rows.filter((r) => r.posts > 0);
  if (active.length === 0) return null;
  return active.reduce((sum, r) => sum + r[key], 0) / active.length;
}

/** Rank by posts: 1 + the clusters with more posts (ties share the place); null for a cluster without posts. */
export function clusterRank(
  id: string,
  rows: readonly StandingRow[],
): { rank: number; ties: number; of: number } | null {
  const row = rows.find((r) => r.id === id);
  if (!row || row.posts <= 0) return null;
  return {
    rank: 1 + rows.filter((r) => r.posts > row.posts).length,
    ties: rows.filter((r) => r.posts === row.posts && r.id !== id).length,
    of: rows.length,
  };
}
