import { compact, foldUmlauts } from "./attribution-text.ts";

/**
 * How a registry name may be found in free text (the ambiguity rule; printed
 * in the report's method section, keep it in one place):
 *
 * - `strong`: a name whose letters and digits number at least 5 and that is no
 *   ordinary word ("Silicon Saxony", "BioRN", "OpTecBB", "WAB e.V.") matches
 *   case- and umlaut-insensitively at word boundaries.
 * - `short`: ≤ 4 letters/digits ("m4", "CI3", "AFBW", "OLEC", "DeSK") matches
 *   only as written in the registry (exact case, so "M4" or "afbw" do not) in a
 *   post that is about clusters — it carries a campaign hashtag or a word
 *   containing "Cluster"/"Netzwerk" — or, in any case, right next to a cluster
 *   word ("Spitzencluster M4", "AFBW-Netzwerk", "OLEC e. V.").
 * - `ordinary`: a name that is also an ordinary word but has a telling
 *   spelling ("GAUSS", "BioEconomy", "SPOT ON") matches next to a cluster word,
 *   or written exactly as in the registry in a post about clusters.
 * - `generic`: a name that is an ordinary word or phrase as written ("Desk",
 *   "autoregion", "Metallcluster", "Luftfahrtcluster", "Med-Tech", "nextmedia")
 *   matches only next to a cluster word ("Netzwerk autoregion", "Cluster
 *   Med-Tech", "autoregion e. V.").
 *
 * A name shared by two clusters ("Cluster Energietechnik") is dropped for both;
 * a match inside a longer match of another cluster ("Cluster Automotive" inside
 * "Cluster Automotive Nordwest") is dropped. "Cluster" alone is never a name.
 */
export type NameStrength = "strong" | "short" | "ordinary" | "generic";

/** Ordinary words whose registry spelling is still telling when written exactly so ("GAUSS", not "Gauß"). */
const ORDINARY_NAMES = ["BioEconomy", "GAUSS", "SPOT ON"].map(compact);

/** Ordinary words written exactly as in the registry: only next to a cluster word ("Netzwerk autoregion"). */
const GENERIC_NAMES = new Set(
  [
    "Desk",
    "autoregion",
    "Metallcluster",
    "Luftfahrtcluster",
    "Med-Tech",
    "nextmedia",
    "road to global market",
    "Zellbasierte & Molekulare Medizin",
    "Zellbasierte und molekulare Medizin",
    "Mechatronik & Automation",
  ].map(caseKept),
);

/** Letters and digits as written, umlauts folded: "Med-Tech" → "MedTech". */
export function caseKept(s: string): string {
  return foldUmlauts(s).replace(/[^\p{L}\p{N}]/gu, "");
}

/** Words that, as a neighbour, make a short or ordinary name a cluster's name. */
export const CLUSTER_WORDS = new Set(
  [
    "Cluster",
    "Spitzencluster",
    "Netzwerk",
    "Clusterinitiative",
    "Clustermanagement",
    "Innovationscluster",
    "Landescluster",
    "Verein",
    "eV",
  ].map(compact),
);

/** Never a cluster on their own, whatever a registry entry says. */
export const GENERIC_KEYS = new Set(
  ["Cluster", "Clusters", "Netzwerk", "Innovation", "Spitzencluster", "gocluster", "Clusterplattform"].map(
    compact,
  ),
);

export function nameStrength(variant: string): NameStrength {
  const c = compact(variant);
  if (GENERIC_NAMES.has(caseKept(variant))) return "generic";
  if (ORDINARY_NAMES.includes(c)) return "ordinary";
  return c.length <= 4 ? "short" : "strong";
}

/** Inner capitals or digits: "GAUSS", "BioEconomy", "m4" — not how an ordinary word is written. */
export function isMarkedSpelling(variant: string): boolean {
  const letters = variant.replace(/[^\p{L}\p{N}]/gu, "");
  return /\p{N}/u.test(letters) || /\p{Lu}/u.test(letters.slice(1));
}

const LEGAL_FORM = /[\s,]*(\be\.\s?V\.?|\beG|\bGmbH|\bmbH)\s*$/u;

/**
 * The spellings one registry name stands for: with and without a legal form
 * ("OLEC e. V." / "OLEC"), a parenthesis ("Cluster Chemie (Bayern)" / "Cluster
 * Chemie Bayern" / "Cluster Chemie") and a dash subtitle ("BioRN – Biotech-Cluster
 * Rhein-Neckar" / "BioRN"; the subtitle alone is a description, not a name).
 */
export function nameVariants(name: string): string[] {
  const out = new Set<string>();
  const add = (s: string) => {
    const v = s
      .replace(/[®„“"]/g, " ")
      .replace(/\s+/g, " ")
      .trim();
    if (v && !GENERIC_KEYS.has(compact(v))) out.add(v);
  };
  const head = name.split(/\s[–—-]\s/)[0] ?? name;
  for (const base of [name, head]) {
    for (const v of [base.replace(/\s*\([^)]*\)/g, ""), base.replace(/[()]/g, " ")]) {
      add(v);
      add(v.replace(LEGAL_FORM, ""));
    }
  }
  return [...out];
}
