/**
 * What a share link may see. The check runs on the request itself (path and
 * query), before any route: a link's scope is enforced by refusing requests
 * that ask for anything else, never by trusting the page it was given.
 */
export interface ShareScope {
  campaign: string;
  /** null: the whole campaign. */
  cluster: string | null;
}

export interface ScopeRequest {
  method: string;
  path: string;
  /** Every value of every query parameter. */
  query: Record<string, string[]>;
}

export type ScopeDecision = { ok: true } | { ok: false; reason: string };

/** Routes that read one cluster when given `cluster=<id>` (which a cluster link must give). */
const CLUSTER_FILTERED = new Set([
  "/api/summary",
  "/api/timeline",
  "/api/posts",
  "/api/top-posts",
  "/api/authors",
  "/api/hashtags",
  "/api/languages",
  "/api/events",
  "/api/live",
  "/export/posts.csv",
  "/export/posts.xlsx",
]);

/** Everything a campaign link may read (with its campaign): the pages, the API, exports and live reports. */
const CAMPAIGN_PAGES = new Set([
  "/",
  "/clusters",
  "/laender",
  "/events",
  "/posts",
  "/sources",
  "/reports",
  "/embed/wall",
]);

/** Parameters that reach into another campaign (the comparison) are never allowed to a share link. */
const CROSS_CAMPAIGN = ["compare", "with"];

const CLUSTER_ID = "[a-z0-9]+(?:-[a-z0-9]+)*";

export function checkScope(scope: ShareScope, req: ScopeRequest, defaultCampaign: string): ScopeDecision {
  if (req.method !== "GET" && req.method !== "HEAD") return deny("a share link only reads");

  for (const p of CROSS_CAMPAIGN)
    if (req.query[p] !== undefined) return deny(`'${p}' is not available to a share link`);

  // The campaign: the link's, given or (when it is the default) left out; never two values.
  const campaigns = req.query.campaign ?? [];
  if (campaigns.length > 1) return deny("give 'campaign' once");
  const campaign = campaigns[0] || defaultCampaign;
  if (campaign !== scope.campaign) return deny(`this link is for campaign '${scope.campaign}'`);

  const clusters = req.query.cluster ?? [];
  if (clusters.length > 1) return deny("give 'cluster' once");
  const cluster = clusters[0] || null;
  const path = req.path;

  if (scope.cluster === null) {
    if (cluster !== null && !new RegExp(`^${CLUSTER_ID}$`).test(cluster)) return deny("invalid cluster");
    if (CAMPAIGN_PAGES.has(path)) return allow();
    if (path.startsWith("/api/") || path.startsWith("/export/")) return allow();
    if (path === "/reports/week.pdf") return allow();
    if (new RegExp(`^/clusters/${CLUSTER_ID}$`).test(path)) return allow();
    if (new RegExp(`^/reports/clusters/${CLUSTER_ID}\\.pdf$`).test(path)) return allow();
    return deny("not part of this link");
  }

  // A cluster link: its cluster's page, report and the cluster-filtered API and exports.
  const own = scope.cluster;
  if (
    path === `/clusters/${own}` ||
    path === `/reports/clusters/${own}.pdf` ||
    path === `/api/clusters/${own}`
  ) {
    return cluster === null || cluster === own ? allow() : deny(`this link is for cluster '${own}'`);
  }
  if (CLUSTER_FILTERED.has(path)) {
    return cluster === own ? allow() : deny(`this link needs cluster=${own}`);
  }
  return deny("not part of this link");
}

function allow(): ScopeDecision {
  return { ok: true };
}

function deny(reason: string): ScopeDecision {
  return { ok: false, reason };
}

/** Where a share link lands. */
export function landingPath(scope: ShareScope): string {
  const q = `campaign=${encodeURIComponent(scope.campaign)}`;
  return scope.cluster ? `/clusters/${encodeURIComponent(scope.cluster)}?${q}` : `/?${q}`;
}
