import { dayRangeUtc } from "../time.ts";
import {
  ANY_LANG,
  type AuthorCell,
  addContribution,
  type CampaignAuthorCell,
  emptyDelta,
  type HourMeasures,
  type PostFacts,
  type RollupDelta,
  zeroMeasures,
} from "./contribution.ts";
import type { RollupFamily } from "./family.ts";

/**
 * The pure rules both maintainers (SQLite: maintainer.ts, PostgreSQL:
 * data/pg/rollup-maintainer.ts) follow, so they write the same rows.
 */

/** For each configured family: null (complete), a post id (rebuilt so far) or absent. */
export type Progress = Map<string, number | null>;

export interface StoredFamilyState {
  family: string;
  built_up_to: number | null;
  windows: string;
}

/**
 * What opening a maintainer does to rollup_state: a family seen for the first
 * time starts complete on an empty database, else it needs a rebuild; rows of
 * families no longer configured go. A family whose campaign periods changed in
 * the config (or were never recorded: rows from before migration 0009) starts
 * over, since its campaign rows count other periods.
 */
export function familyChanges(
  stored: readonly StoredFamilyState[],
  families: readonly RollupFamily[],
  emptyDatabase: boolean,
): { drop: string[]; start: { family: string; builtUpTo: number | null; windows: string }[] } {
  const present = new Map(stored.map((s) => [s.family, s]));
  const known = new Set(families.map((f) => f.id));
  const drop: string[] = [];
  const start: { family: string; builtUpTo: number | null; windows: string }[] = [];
  for (const f of families) {
    const windows = JSON.stringify(f.windows);
    const before = present.get(f.id);
    if (before && before.windows === windows) continue;
    if (before) drop.push(f.id);
    start.push({ family: f.id, builtUpTo: emptyDatabase ? null : 0, windows });
  }
  for (const id of present.keys()) if (!known.has(id)) drop.push(id);
  return { drop, start };
}

export function progressOf(
  stored: readonly StoredFamilyState[],
  families: readonly RollupFamily[],
): Progress {
  const known = new Set(families.map((f) => f.id));
  return new Map(stored.filter((s) => known.has(s.family)).map((s) => [s.family, s.built_up_to]));
}

/** Whether a family already holds post `id`: complete, or rebuilt past it. */
function holds(prog: Progress, family: string, id: number): boolean {
  const upTo = prog.get(family);
  return upTo === null || (upTo !== undefined && id <= upTo);
}

/** Adds (or removes) posts to the families that hold them; a family being rebuilt gets the rest from the rebuild. */
export function contributeHeld(
  delta: RollupDelta,
  families: readonly RollupFamily[],
  list: readonly PostFacts[],
  sign: 1 | -1,
  prog: Progress,
): void {
  for (const p of list) {
    const fams = families.filter((f) => holds(prog, f.id, p.id));
    if (fams.length > 0) addContribution(delta, p, fams, sign);
  }
}

/** The next rebuild batch's delta: each post to the families still being rebuilt that have not passed it. */
export function rebuildDelta(
  families: readonly RollupFamily[],
  prog: Progress,
  batch: readonly PostFacts[],
): RollupDelta {
  const delta = emptyDelta();
  for (const p of batch) {
    const fams = families.filter((f) => {
      const upTo = prog.get(f.id);
      return typeof upTo === "number" && p.id > upTo;
    });
    addContribution(delta, p, fams, 1);
  }
  return delta;
}

/** The posts whose facts recount an author's day maximum: the author's posts of that local day. */
export function authorDayRange(
  a: AuthorCell,
  families: readonly RollupFamily[],
): { family: RollupFamily; fromUtc: string; toUtc: string } | null {
  const family = families.find((f) => f.id === a.family);
  if (!family) return null;
  return { family, ...dayRangeUtc(a.day, a.day, family.timezone) };
}

/** An author's day maximum from their posts of that day (null: no row remains to set). */
export function authorDayMax(
  a: AuthorCell,
  family: RollupFamily,
  prog: Progress,
  posts: readonly PostFacts[],
): number | null {
  // A family being rebuilt holds only the posts the rebuild has passed: count only those.
  const d = emptyDelta();
  for (const p of posts) if (holds(prog, family.id, p.id)) addContribution(d, p, [family], 1);
  const cell = [...d.authors.values()].find(
    (c) => c.scope === a.scope && c.platform === a.platform && c.lang === a.lang,
  );
  return cell ? cell.maxFollowers : null;
}

/** The posts whose facts make up a campaign author row: the author's posts in the campaign's period. */
export function campaignRange(
  c: CampaignAuthorCell,
  families: readonly RollupFamily[],
): { family: RollupFamily; fromUtc: string; toUtc: string } | null {
  const family = families.find((f) => f.id === c.family);
  const window = family?.windows.find((w) => w.campaign === c.campaign);
  if (!family || !window) return null;
  return { family, fromUtc: window.fromUtc, toUtc: window.toUtc };
}

/** The largest follower count among the author's posts that make up a campaign row (after a removal). */
export function campaignAuthorMax(
  c: CampaignAuthorCell,
  family: RollupFamily,
  prog: Progress,
  posts: readonly PostFacts[],
): number {
  const d = emptyDelta();
  for (const p of posts) if (holds(prog, family.id, p.id)) addContribution(d, p, [family], 1);
  let max = 0;
  for (const cell of d.campaignAuthors.values())
    if (
      cell.campaign === c.campaign &&
      cell.scope === c.scope &&
      cell.platform === c.platform &&
      cell.lang === c.lang
    )
      max = Math.max(max, cell.maxFollowers);
  return max;
}

/** How a campaign author row's change moves its totals row: the distinct count and the unique reach. */
export function totalsChange(
  before: { posts: number; max_followers: number } | undefined,
  after: { posts: number; max: number } | null,
): { authors: number; reach: number } {
  const wasIn = before !== undefined && before.posts > 0;
  const isIn = after !== null;
  return {
    authors: (isIn ? 1 : 0) - (wasIn ? 1 : 0),
    reach: (after?.max ?? 0) - (wasIn ? (before?.max_followers ?? 0) : 0),
  };
}

/** A campaign author row's effect on its totals row (dims: family, campaign, scope, platform, lang). */
export interface CampaignAuthorChange {
  dims: unknown[];
  authors: number;
  reach: number;
}

/** Signed changes to one campaign totals row. */
export interface CampaignTotals extends HourMeasures {
  dims: unknown[];
  authors: number;
  reach: number;
  sentimentMicros: number;
}

/**
 * The changes to the campaign totals rows: the distinct authors and unique
 * reach from the author rows' changes, and the hour cells inside a campaign's
 * period (posts, reach, engagement, sentiment), under their language and
 * under "*". Rows that do not change are left out.
 */
export function campaignTotals(
  delta: RollupDelta,
  families: readonly RollupFamily[],
  authorChanges: readonly CampaignAuthorChange[],
): CampaignTotals[] {
  const byId = new Map(families.map((f) => [f.id, f]));
  const totals = new Map<string, CampaignTotals>();
  const totalsOf = (dims: unknown[]): CampaignTotals => {
    const k = dims.join("\u0000");
    let t = totals.get(k);
    if (!t) {
      t = { dims, authors: 0, reach: 0, ...zeroMeasures(), sentimentMicros: 0 };
      totals.set(k, t);
    }
    return t;
  };
  for (const c of authorChanges) {
    if (c.authors === 0 && c.reach === 0) continue;
    const t = totalsOf(c.dims);
    t.authors += c.authors;
    t.reach += c.reach;
  }
  for (const h of delta.hours.values()) {
    const family = byId.get(h.family);
    const at = `${h.hour}:00:00.000Z`;
    for (const w of family?.windows ?? []) {
      if (at < w.fromUtc || at >= w.toUtc) continue;
      for (const lang of [h.lang, ANY_LANG]) {
        const t = totalsOf([h.family, w.campaign, h.scope, h.platform, lang]);
        t.posts += h.posts;
        t.potentialReach += h.potentialReach;
        t.engagement += h.engagement;
        t.positive += h.positive;
        t.neutral += h.neutral;
        t.negative += h.negative;
        t.sentimentMicros += Math.round(h.sentimentSum * 1e6);
      }
    }
  }
  return [...totals.values()].filter(
    (t) =>
      t.authors !== 0 ||
      t.reach !== 0 ||
      t.posts !== 0 ||
      t.potentialReach !== 0 ||
      t.engagement !== 0 ||
      t.positive !== 0 ||
      t.neutral !== 0 ||
      t.negative !== 0 ||
      t.sentimentMicros !== 0,
  );
}
