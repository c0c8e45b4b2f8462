import { tagMatchesCampaign } from "../campaign.ts";
import {
  CLUSTER_WORDS,
  caseKept,
  GENERIC_KEYS,
  isMarkedSpelling,
  type NameStrength,
  nameStrength,
  nameVariants,
} from "./attribution-names.ts";
import {
  compact,
  normalizeHandle,
  type Token,
  textHashtags,
  textLinks,
  textMentions,
  tokenize,
} from "./attribution-text.ts";
import { domainOf, type Registry } from "./registry.ts";

/**
 * Cluster attribution (DESIGN.md, analysis): which registry clusters a post
 * mentions, and how. Precision first — a wrong cluster on a cluster manager's
 * page is worse than a missed post. The ambiguity rule for names is documented
 * in attribution-names.ts.
 */
export type MatchedBy = "handle" | "hashtag" | "domain" | "name";

export interface AttributionPost {
  text: string;
  hashtags: string[];
  mentions?: string[];
  urls?: string[];
}

export interface Attribution {
  id: string;
  matchedBy: MatchedBy;
}

export interface MatcherOptions {
  /** The campaign's own tags: never a cluster's tag, and they mark a post as being about clusters. */
  campaignHashtags?: readonly string[];
}

/** Strongest first: an explicit account or tag beats a link, a link beats a name in the text. */
const RANK: Record<MatchedBy, number> = { handle: 0, hashtag: 1, domain: 2, name: 3 };

/** Hosts several clusters (or none) live on: a link there names a cluster only by its path. */
const SHARED_HOSTS = new Set([
  "bund.de",
  "bmwk.de",
  "bmwi.de",
  "bmbf.de",
  "clusterplattform.de",
  "go-cluster.de",
  "spitzencluster.de",
  "clusterportal-bw.de",
  "cluster-bayern.de",
  "bayern-innovativ.de",
  "innobb.de",
  "berlin-partner.de",
  "hamburg.de",
  "nrw.de",
  "saarland.de",
  "linkedin.com",
  "twitter.com",
  "x.com",
  "facebook.com",
  "instagram.com",
  "youtube.com",
  "xing.com",
  "bsky.app",
]);

interface NameEntry {
  cluster: number;
  strength: NameStrength;
  /** compact() of the registry spelling with case kept, for the exact-case rule. */
  exact: string;
  marked: boolean;
}

interface DomainEntry {
  cluster: number;
  host: string;
  /** "" = the whole host (and its subdomains) is the cluster's. */
  path: string;
}

export type Attribute = (post: AttributionPost) => Attribution[];

/** Compiles the registry once into lookup tables; the returned function is pure. */
export function compileMatcher(registry: Registry, options: MatcherOptions = {}): Attribute {
  const campaign = options.campaignHashtags ?? ["Clusterwoche"];
  const ids = registry.clusters.map((c) => c.id);
  const names = new Map<string, NameEntry[]>();
  const tags = new Map<string, Set<number>>();
  const handles = new Map<string, Set<number>>();
  const addTo = (map: Map<string, Set<number>>, key: string, i: number) => {
    if (!map.has(key)) map.set(key, new Set());
    map.get(key)?.add(i);
  };
  const isGenericTag = (t: string) => GENERIC_KEYS.has(compact(t)) || tagMatchesCampaign(t, campaign);

  registry.clusters.forEach((c, i) => {
    for (const h of [...c.handles.mastodon, ...c.handles.bluesky]) addTo(handles, normalizeHandle(h), i);
    for (const t of c.hashtags) if (!isGenericTag(t)) addTo(tags, compact(t), i);
    for (const v of c.names.flatMap(nameVariants)) {
      const key = compact(v);
      const strength = nameStrength(v);
      const entry = {
        cluster: i,
        strength,
        exact: caseKept(v),
        marked: isMarkedSpelling(v),
      };
      names.set(key, [...(names.get(key) ?? []), entry]);
      if (strength !== "ordinary" && strength !== "generic" && !isGenericTag(v)) addTo(tags, key, i);
    }
  });
  // A name or tag two clusters share names neither of them.
  for (const [key, entries] of names) if (new Set(entries.map((e) => e.cluster)).size > 1) names.delete(key);
  for (const [key, set] of tags) if (set.size > 1) tags.delete(key);
  const maxKey = Math.max(0, ...[...names.keys()].map((k) => k.length));
  const domains = compileDomains(registry);

  return (post) => {
    const found = new Map<number, MatchedBy>();
    const hit = (i: number, how: MatchedBy) => {
      const prev = found.get(i);
      if (prev === undefined || RANK[how] < RANK[prev]) found.set(i, how);
    };
    const mentions = [...(post.mentions ?? []), ...textMentions(post.text)].map(normalizeHandle);
    for (const m of mentions) for (const i of handles.get(m) ?? []) hit(i, "handle");

    const postTags = [...post.hashtags, ...textHashtags(post.text)];
    for (const t of postTags) for (const i of tags.get(compact(t)) ?? []) hit(i, "hashtag");

    for (const link of [...(post.urls ?? []), ...textLinks(post.text)]) {
      const d = domainOf(link);
      if (d) for (const i of matchDomain(domains, d)) hit(i, "domain");
    }

    const tokens = tokenize(post.text);
    const aboutClusters =
      postTags.some((t) => tagMatchesCampaign(t, campaign)) ||
      tokens.some((t) => t.loose.includes("cluster") || t.loose.includes("netzwerk"));
    for (const i of matchNames(tokens, names, maxKey, aboutClusters)) hit(i, "name");

    return [...found].sort(([a], [b]) => a - b).map(([i, matchedBy]) => ({ id: ids[i] ?? "", matchedBy }));
  };
}

function matchNames(tokens: Token[], names: Map<string, NameEntry[]>, maxKey: number, about: boolean) {
  const isClusterWord = (k: number) => CLUSTER_WORDS.has(tokens[k]?.loose ?? "");
  const spans: { cluster: number; start: number; end: number }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    let loose = "";
    let exact = "";
    for (let j = i; j < tokens.length; j++) {
      const t = tokens[j];
      if (!t || (j > i && !t.joined) || loose.length > maxKey) break;
      loose += t.loose;
      exact += t.exact;
      const entries = names.get(loose);
      if (!entries) continue;
      const next = tokens[j + 1];
      const after =
        next?.joined === true &&
        (isClusterWord(j + 1) || (next.loose === "e" && tokens[j + 2]?.loose === "v"));
      const before = tokens[i]?.joined === true && isClusterWord(i - 1);
      const beside = before || after;
      for (const e of entries) {
        const asWritten = exact === e.exact && about;
        const ok =
          e.strength === "strong" ||
          beside ||
          (e.strength === "short" && asWritten) ||
          (e.strength === "ordinary" && asWritten && e.marked);
        if (ok) spans.push({ cluster: e.cluster, start: i, end: j + 1 });
      }
    }
  }
  // "Cluster Automotive" inside "Cluster Automotive Nordwest" is the longer name's.
  const kept = spans.filter(
    (s) =>
      !spans.some(
        (o) =>
          o.cluster !== s.cluster &&
          o.start <= s.start &&
          o.end >= s.end &&
          o.end - o.start > s.end - s.start,
      ),
  );
  return new Set(kept.map((s) => s.cluster));
}

function compileDomains(registry: Registry): DomainEntry[] {
  const entries = registry.clusters.flatMap((c, cluster) =>
    c.domains.map((d) => {
      const slash = d.indexOf("/");
      return slash < 0
        ? { cluster, host: d, path: "" }
        : { cluster, host: d.slice(0, slash), path: d.slice(slash).toLowerCase() };
    }),
  );
  const owners = new Map<string, Set<number>>();
  for (const e of entries) owners.set(e.host, (owners.get(e.host) ?? new Set()).add(e.cluster));
  // A site with a path is a page on someone else's host (composites-united.com/…/mai-carbon):
  // only that page counts. A host two clusters share, or a portal, counts only by path.
  return entries.filter(
    (e) => e.path !== "" || (!SHARED_HOSTS.has(e.host) && (owners.get(e.host)?.size ?? 0) < 2),
  );
}

function matchDomain(domains: DomainEntry[], link: string): number[] {
  const slash = link.indexOf("/");
  const host = slash < 0 ? link : link.slice(0, slash);
  const path = slash < 0 ? "" : link.slice(slash).toLowerCase();
  return domains
    .filter(
      (d) =>
        (host === d.host || host.endsWith(`.${d.host}`)) &&
        (d.path === "" || path === d.path || path.startsWith(`${d.path}/`)),
    )
    .map((d) => d.cluster);
}
