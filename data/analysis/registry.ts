import { readFileSync } from "node:fs";
import { z } from "zod";

/**
 * The cluster registry (data/registry/clusters.json) as attribution needs it.
 * The file is edited by hand, so it is validated once here and every problem
 * is reported with its JSON path; everything downstream gets clean, typed data.
 */
export interface RegistryCluster {
  id: string;
  name: string;
  shortName: string | null;
  aliases: string[];
  /** name, shortName and aliases, de-duplicated, in that order. */
  names: string[];
  /** ISO 3166-2 codes of the Land or Länder (DE-NW …), possibly empty. */
  states: string[];
  city: string | null;
  website: string | null;
  /** Account handles per platform, lower-cased without a leading "@"; empty when unknown. */
  handles: { mastodon: string[]; bluesky: string[] };
  /** Registry hashtags without the leading "#", as written. */
  hashtags: string[];
  /** Web domains the cluster owns: host without "www.", lower-cased, plus a path when the site is a page on someone else's host. */
  domains: string[];
}

export interface Registry {
  clusters: RegistryCluster[];
}

export class RegistryError extends Error {
  override name = "RegistryError";
}

const text = z.string().trim().min(1, "must not be empty");
const nullableList = z.array(text).nullable().optional();
const state = z.string().regex(/^DE-[A-Z]{2}$/, "must be an ISO 3166-2 code such as DE-NW");

const clusterSchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be a kebab-case id"),
  name: text,
  shortName: text.nullable().optional(),
  aliases: nullableList,
  state: z
    .union([state, z.array(state)])
    .nullable()
    .optional(),
  city: text.nullable().optional(),
  website: z.url({ message: "must be an http(s) URL" }).nullable().optional(),
  handles: z.object({ mastodon: nullableList, bluesky: nullableList }).nullable().optional(),
  hashtags: nullableList,
  domains: nullableList,
});

const registrySchema = z.object({ clusters: z.array(clusterSchema) }).superRefine((r, ctx) => {
  const seen = new Set<string>();
  r.clusters.forEach((c, i) => {
    if (seen.has(c.id)) {
      ctx.addIssue({ code: "custom", path: ["clusters", i, "id"], message: `duplicate id '${c.id}'` });
    }
    seen.add(c.id);
  });
});

/** `$.clusters[3].website`: a path a person can find in the file. */
function jsonPath(path: readonly PropertyKey[]): string {
  return `$${path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("")}`;
}

/** "https://www.Example.de/a/b/" → "example.de/a/b"; null for something that is no URL. */
export function domainOf(url: string): string | null {
  let u: URL;
  try {
    u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `https://${url}`);
  } catch {
    return null;
  }
  const host = u.hostname.toLowerCase().replace(/^www\./, "");
  const path = u.pathname.replace(/\/+$/, "");
  return host + path;
}

const handle = (h: string) => h.trim().replace(/^@/, "").toLowerCase();

export function parseRegistry(json: unknown, origin = "registry"): Registry {
  const parsed = registrySchema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${jsonPath(i.path)}: ${i.message}`);
    throw new RegistryError(`invalid cluster registry ${origin}:\n${lines.join("\n")}`);
  }
  const clusters = parsed.data.clusters.map((c): RegistryCluster => {
    const aliases = c.aliases ?? [];
    const names = [...new Set([c.name, ...(c.shortName ? [c.shortName] : []), ...aliases])];
    const domains = [...(c.website ? [c.website] : []), ...(c.domains ?? [])]
      .map(domainOf)
      .filter((d): d is string => d !== null);
    return {
      id: c.id,
      name: c.name,
      shortName: c.shortName ?? null,
      aliases,
      names,
      states: c.state == null ? [] : Array.isArray(c.state) ? c.state : [c.state],
      city: c.city ?? null,
      website: c.website ?? null,
      handles: {
        mastodon: (c.handles?.mastodon ?? []).map(handle),
        bluesky: (c.handles?.bluesky ?? []).map(handle),
      },
      hashtags: (c.hashtags ?? []).map((h) => h.replace(/^#+/, "")),
      domains: [...new Set(domains)],
    };
  });
  return { clusters };
}

/** Reads and validates a registry file (data/registry/clusters.json by default in the server config). */
export function loadRegistry(path: string): Registry {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new RegistryError(`cannot read cluster registry ${path}: ${code ?? (err as Error).message}`);
  }
  return parseRegistry(raw, path);
}
