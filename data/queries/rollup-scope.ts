import type { SelectQueryBuilder } from "kysely";
import type { DB } from "../db.ts";
import type { Filters } from "../filters.ts";
import { rollupFamily } from "../rollups/family.ts";
import type { Database } from "../schema.ts";

/** Where a query reads rollups: the campaign's family, and one scope or all scopes of a kind. */
export interface RollupTarget {
  family: string;
  scope: string;
}

/**
 * The rollup scope that holds exactly the filtered posts, or null when the
 * rollups cannot answer and the raw posts must: the family is still being
 * built, or both a cluster and a Land are asked for (a post's cluster and Land
 * rows are kept separately, not crossed).
 */
export async function rollupTarget(db: DB, f: Filters): Promise<RollupTarget | null> {
  if (f.cluster && f.state) return null;
  const family = rollupFamily(f.campaign).id;
  const state = await db
    .selectFrom("rollup_state")
    .select("built_up_to")
    .where("family", "=", family)
    .executeTakeFirst();
  if (!state || state.built_up_to !== null) return null;
  const scope = f.cluster ? `c:${f.cluster}` : f.state ? `s:${f.state}` : "";
  return { family, scope };
}

type RollupTable = "rollup_hours" | "rollup_authors" | "rollup_tags";

/**
 * Rows of a rollup table for the filters' window, platform and language. `scope`
 * is one scope, or a kind prefix ("c:", "s:", "e:") for every scope of that kind.
 */
export function rollupRows<T extends RollupTable>(
  db: DB,
  table: T,
  f: Filters,
  family: string,
  scope: string | { kind: "c:" | "s:" | "e:" },
): SelectQueryBuilder<Database, T, object> {
  // Typed loosely inside: the three tables share these columns (RollupDims).
  let q = db.selectFrom(table as RollupTable).where("family", "=", family) as unknown as SelectQueryBuilder<
    Database,
    "rollup_hours",
    object
  >;
  if (typeof scope === "string") q = q.where("scope", "=", scope);
  // ";" follows ":" in code-point order: the half-open range is exactly the prefix.
  else q = q.where("scope", ">=", scope.kind).where("scope", "<", `${scope.kind.slice(0, 1)};`);
  if (table === "rollup_hours") {
    q = q.where("hour", ">=", f.fromUtc.slice(0, 13)).where("hour", "<", f.toUtc.slice(0, 13));
  } else {
    const d = q as unknown as SelectQueryBuilder<Database, "rollup_authors", object>;
    q = d.where("day", ">=", f.from).where("day", "<=", f.to) as unknown as typeof q;
  }
  if (f.platform) q = q.where("platform", "=", f.platform);
  if (f.lang) q = q.where("lang", "=", f.lang);
  return q as unknown as SelectQueryBuilder<Database, T, object>;
}
