import { type Kysely, type RawBuilder, sql } from "kysely";
import {
  type CampaignAuthorCell,
  emptyDelta,
  needsRecount,
  type RollupDelta,
} from "../rollups/contribution.ts";
import type { RollupFamily } from "../rollups/family.ts";
import { ROLLUP_TABLES } from "../rollups/invalidate.ts";
import type { RebuildStep, RollupRebuilder } from "../rollups/maintainer.ts";
import {
  authorDayMax,
  authorDayRange,
  type CampaignAuthorChange,
  campaignAuthorMax,
  campaignRange,
  campaignTotals,
  contributeHeld,
  familyChanges,
  type Progress,
  progressOf,
  rebuildDelta,
  type StoredFamilyState,
  totalsChange,
} from "../rollups/progress.ts";
import type { Database } from "../schema.ts";
import { pgFactsReader } from "./rollup-facts.ts";
import { withWriteLock } from "./write-lock.ts";

type Db = Kysely<Database>;

export interface PgRollupMaintainer extends RollupRebuilder {
  /**
   * data/rollups/maintainer.ts's `track` on PostgreSQL: runs `mutate` and adds
   * its exact effect to the rollups, all in `trx`, which must hold the write
   * lock (write-lock.ts) so that no other writer changes the same posts meanwhile.
   */
  track<T>(
    trx: Db,
    existing: readonly number[],
    mutate: () => Promise<{ result: T; touched: Iterable<number> }>,
  ): Promise<T>;
  rebuildStep(limit: number): Promise<RebuildStep>;
  invalidate(): Promise<void>;
  completeFamilies(): Promise<Set<string>>;
}

/** A column of a bulk statement: its name and PostgreSQL type. */
type Col = readonly [name: string, type: string];

const HOUR_KEY: Col[] = [
  ["family", "text"],
  ["scope", "text"],
  ["hour", "text"],
  ["platform", "text"],
  ["lang", "text"],
];
const AUTHOR_KEY: Col[] = [
  ["family", "text"],
  ["scope", "text"],
  ["day", "text"],
  ["platform", "text"],
  ["lang", "text"],
  ["author_id", "bigint"],
];
const TAG_KEY: Col[] = [
  ["family", "text"],
  ["scope", "text"],
  ["day", "text"],
  ["platform", "text"],
  ["lang", "text"],
  ["tag", "text"],
];
const TOTALS_KEY: Col[] = [
  ["family", "text"],
  ["campaign", "text"],
  ["scope", "text"],
  ["platform", "text"],
  ["lang", "text"],
];
const CAMPAIGN_AUTHOR_KEY: Col[] = [...TOTALS_KEY, ["author_id", "bigint"]];

/**
 * The rollup maintainer of data/rollups/maintainer.ts on PostgreSQL: the same
 * deltas (contribution.ts) and the same rules (progress.ts), applied with one
 * statement per table and change instead of one per row (`unnest` of arrays),
 * since every statement is a round trip here. Opening it records new, changed
 * and dropped families as the SQLite one does.
 */
export async function createPgRollupMaintainer(
  db: Db,
  families: readonly RollupFamily[],
  now: () => Date = () => new Date(),
): Promise<PgRollupMaintainer> {
  const states = async (q: Db): Promise<StoredFamilyState[]> =>
    (
      await sql<StoredFamilyState>`SELECT family, built_up_to, windows FROM rollup_state ORDER BY family`.execute(
        q,
      )
    ).rows;
  const progress = async (q: Db): Promise<Progress> => progressOf(await states(q), families);
  const setState = (q: Db, family: string, builtUpTo: number | null, stamp: string) =>
    sql`INSERT INTO rollup_state (family, built_up_to, updated_at) VALUES (${family}, ${builtUpTo}, ${stamp})
      ON CONFLICT (family) DO UPDATE SET built_up_to = excluded.built_up_to, updated_at = excluded.updated_at`.execute(
      q,
    );

  await withWriteLock(db, async (trx) => {
    const empty = (await sql`SELECT 1 AS one FROM posts LIMIT 1`.execute(trx)).rows.length === 0;
    const { drop, start } = familyChanges(await states(trx), families, empty);
    for (const id of drop) {
      for (const t of ROLLUP_TABLES) await sql`DELETE FROM ${sql.id(t)} WHERE family = ${id}`.execute(trx);
      await sql`DELETE FROM rollup_state WHERE family = ${id}`.execute(trx);
    }
    for (const f of start) {
      await setState(trx, f.family, f.builtUpTo, now().toISOString());
      await sql`UPDATE rollup_state SET windows = ${f.windows} WHERE family = ${f.family}`.execute(trx);
    }
  });

  /** Keys of `cols` from `rows` as `unnest(...) AS k(...)`: a table of many rows in one parameter per column. */
  function unnest(cols: readonly Col[], rows: readonly (readonly unknown[])[]): RawBuilder<unknown> {
    return sql`unnest(${sql.join(
      cols.map(([, type], i) => sql`${rows.map((r) => r[i])}::${sql.raw(type)}[]`),
    )}) AS k(${sql.join(cols.map(([name]) => sql.id(name)))})`;
  }

  const keyMatch = (table: string, cols: readonly Col[]) =>
    sql.join(
      cols.map(([name]) => sql`${sql.ref(`${table}.${name}`)} = ${sql.ref(`k.${name}`)}`),
      sql` AND `,
    );

  /** Adds to (or creates) the rows of `table`; `update` says per measure: add it, or keep the larger. */
  async function upsert(
    q: Db,
    table: string,
    key: readonly Col[],
    measures: readonly (readonly [name: string, type: string, how: "add" | "max"])[],
    rows: readonly (readonly unknown[])[],
    returning?: RawBuilder<unknown>,
  ) {
    const cols = [...key, ...measures.map(([n, t]) => [n, t] as const)];
    const set = sql.join(
      measures.map(([n, , how]) =>
        how === "add"
          ? sql`${sql.id(n)} = ${sql.ref(`r.${n}`)} + excluded.${sql.id(n)}`
          : sql`${sql.id(n)} = greatest(${sql.ref(`r.${n}`)}, excluded.${sql.id(n)})`,
      ),
    );
    return sql<
      Record<string, unknown>
    >`INSERT INTO ${sql.id(table)} AS r (${sql.join(cols.map(([n]) => sql.id(n)))})
      SELECT * FROM ${unnest(cols, rows)}
      ON CONFLICT (${sql.join(key.map(([n]) => sql.id(n)))}) DO UPDATE SET ${set}
      ${returning ? sql`RETURNING ${returning}` : sql``}`.execute(q);
  }

  /** Deletes, among the rows of `keys`, those the change emptied (`column` ≤ 0). */
  async function deleteEmptied(q: Db, table: string, key: readonly Col[], column: string, rows: unknown[][]) {
    if (rows.length === 0) return;
    await sql`DELETE FROM ${sql.id(table)} AS r USING ${unnest(key, rows)}
      WHERE ${keyMatch("r", key)} AND ${sql.ref(`r.${column}`)} <= 0`.execute(q);
  }

  async function applyCampaignAuthors(q: Db, delta: RollupDelta, prog: Progress): Promise<void> {
    const cells = [...delta.campaignAuthors.values()].filter(
      (c) => !(c.posts === 0 && !needsRecount(c) && c.maxFollowers < 0),
    );
    if (cells.length === 0) return applyTotals(q, delta, []);
    const keyOf = (c: {
      family: string;
      campaign: string;
      scope: string;
      platform: string;
      lang: string;
      authorId: number;
    }) => [c.family, c.campaign, c.scope, c.platform, c.lang, c.authorId];
    const keys = cells.map(keyOf);
    const k = (v: unknown[]) => v.join("\u0000");
    type Row = {
      family: string;
      campaign: string;
      scope: string;
      platform: string;
      lang: string;
      author_id: number;
      posts: number;
      max_followers: number;
    };
    const asCell = (r: Row) => keyOf({ ...r, authorId: r.author_id });
    const before = new Map(
      (
        await sql<Row>`SELECT r.* FROM rollup_campaign_authors r JOIN ${unnest(CAMPAIGN_AUTHOR_KEY, keys)}
          ON ${keyMatch("r", CAMPAIGN_AUTHOR_KEY)}`.execute(q)
      ).rows.map((r) => [k(asCell(r)), r]),
    );
    const upserted = await upsert(
      q,
      "rollup_campaign_authors",
      CAMPAIGN_AUTHOR_KEY,
      [
        ["posts", "integer", "add"],
        ["max_followers", "integer", "max"],
      ],
      cells.map((c) => [...keyOf(c), c.posts, Math.max(0, c.maxFollowers)]),
      sql`r.*`,
    );
    const after = new Map((upserted.rows as Row[]).map((r) => [k(asCell(r)), r]));
    const changes: CampaignAuthorChange[] = [];
    const emptied: unknown[][] = [];
    for (const c of cells) {
      const ck = keyOf(c);
      const row = after.get(k(ck));
      let kept: { posts: number; max: number } | null = null;
      if (!row || row.posts <= 0) emptied.push(ck);
      else if (needsRecount(c)) {
        const max = await campaignMax(q, c, prog);
        await sql`UPDATE rollup_campaign_authors AS r SET max_followers = ${max}
          FROM ${unnest(CAMPAIGN_AUTHOR_KEY, [ck])} WHERE ${keyMatch("r", CAMPAIGN_AUTHOR_KEY)}`.execute(q);
        kept = { posts: row.posts, max };
      } else kept = { posts: row.posts, max: row.max_followers };
      changes.push({ dims: ck.slice(0, 5), ...totalsChange(before.get(k(ck)), kept) });
    }
    await deleteEmptied(q, "rollup_campaign_authors", CAMPAIGN_AUTHOR_KEY, "posts", emptied);
    await applyTotals(q, delta, changes);
  }

  /** The campaign totals rows: authors and unique reach from the author rows, the hour sums from the hour cells. */
  async function applyTotals(q: Db, delta: RollupDelta, changes: CampaignAuthorChange[]): Promise<void> {
    const moved = campaignTotals(delta, families, changes);
    if (moved.length === 0) return;
    await upsert(
      q,
      "rollup_campaign_totals",
      TOTALS_KEY,
      [
        ["authors", "integer", "add"],
        ["unique_reach", "bigint", "add"],
        ["posts", "integer", "add"],
        ["potential_reach", "bigint", "add"],
        ["engagement", "bigint", "add"],
        ["positive", "integer", "add"],
        ["neutral", "integer", "add"],
        ["negative", "integer", "add"],
        ["sentiment_micros", "bigint", "add"],
      ],
      moved.map((t) => [
        ...t.dims,
        t.authors,
        t.reach,
        t.posts,
        t.potentialReach,
        t.engagement,
        t.positive,
        t.neutral,
        t.negative,
        t.sentimentMicros,
      ]),
    );
    await deleteEmptied(
      q,
      "rollup_campaign_totals",
      TOTALS_KEY,
      "posts",
      moved.map((t) => t.dims),
    );
  }

  async function campaignMax(q: Db, c: CampaignAuthorCell, prog: Progress): Promise<number> {
    const range = campaignRange(c, families);
    if (!range) return 0;
    const posts = await pgFactsReader(q).ofAuthor(c.authorId, range.fromUtc, range.toUtc);
    return campaignAuthorMax(c, range.family, prog, posts);
  }

  async function apply(q: Db, delta: RollupDelta, prog: Progress): Promise<void> {
    await applyCampaignAuthors(q, delta, prog);

    const hours = [...delta.hours.values()].filter(
      (h) =>
        h.posts !== 0 ||
        h.potentialReach !== 0 ||
        h.engagement !== 0 ||
        h.sentimentSum !== 0 ||
        h.positive !== 0 ||
        h.neutral !== 0 ||
        h.negative !== 0,
    );
    if (hours.length > 0) {
      const keys = hours.map((h) => [h.family, h.scope, h.hour, h.platform, h.lang]);
      await upsert(
        q,
        "rollup_hours",
        HOUR_KEY,
        [
          ["posts", "integer", "add"],
          ["potential_reach", "bigint", "add"],
          ["engagement", "bigint", "add"],
          ["positive", "integer", "add"],
          ["neutral", "integer", "add"],
          ["negative", "integer", "add"],
          ["sentiment_sum", "double precision", "add"],
        ],
        hours.map((h, i) => [
          ...(keys[i] as unknown[]),
          h.posts,
          h.potentialReach,
          h.engagement,
          h.positive,
          h.neutral,
          h.negative,
          h.sentimentSum,
        ]),
      );
      await deleteEmptied(q, "rollup_hours", HOUR_KEY, "posts", keys);
    }

    const authors = [...delta.authors.values()].filter(
      (a) => !(a.posts === 0 && !needsRecount(a) && a.maxFollowers < 0),
    );
    if (authors.length > 0) {
      const keys = authors.map((a) => [a.family, a.scope, a.day, a.platform, a.lang, a.authorId]);
      await upsert(
        q,
        "rollup_authors",
        AUTHOR_KEY,
        [
          ["posts", "integer", "add"],
          ["max_followers", "integer", "max"],
        ],
        authors.map((a, i) => [...(keys[i] as unknown[]), a.posts, Math.max(0, a.maxFollowers)]),
      );
      await deleteEmptied(q, "rollup_authors", AUTHOR_KEY, "posts", keys);
      // A row the change emptied is gone: the UPDATE below finds nothing, as on SQLite.
      for (const [i, a] of authors.entries()) {
        if (!needsRecount(a)) continue;
        const range = authorDayRange(a, families);
        if (!range) continue;
        const posts = await pgFactsReader(q).ofAuthor(a.authorId, range.fromUtc, range.toUtc);
        const max = authorDayMax(a, range.family, prog, posts);
        if (max === null) continue;
        await sql`UPDATE rollup_authors AS r SET max_followers = ${max}
          FROM ${unnest(AUTHOR_KEY, [keys[i] as unknown[]])} WHERE ${keyMatch("r", AUTHOR_KEY)}`.execute(q);
      }
    }

    const tags = [...delta.tags.values()].filter((t) => t.posts !== 0);
    if (tags.length > 0) {
      const keys = tags.map((t) => [t.family, t.scope, t.day, t.platform, t.lang, t.tag]);
      await upsert(
        q,
        "rollup_tags",
        TAG_KEY,
        [["posts", "integer", "add"]],
        tags.map((t, i) => [...(keys[i] as unknown[]), t.posts]),
      );
      await deleteEmptied(q, "rollup_tags", TAG_KEY, "posts", keys);
    }
  }

  return {
    families,
    async track(trx, existing, mutate) {
      const facts = pgFactsReader(trx);
      const prog = await progress(trx);
      const delta = emptyDelta();
      contributeHeld(delta, families, await facts.byIds(existing), -1, prog);
      const { result, touched } = await mutate();
      contributeHeld(delta, families, await facts.byIds([...new Set([...existing, ...touched])]), 1, prog);
      await apply(trx, delta, prog);
      return result;
    },
    rebuildStep(limit) {
      return withWriteLock(db, async (trx) => {
        const prog = await progress(trx);
        const pending = [...prog.entries()].filter((e): e is [string, number] => e[1] !== null);
        if (pending.length === 0) return { done: 0, complete: true };
        const from = Math.min(...pending.map(([, upTo]) => upTo));
        const batch = await pgFactsReader(trx).afterId(from, limit);
        await apply(trx, rebuildDelta(families, prog, batch), prog);
        const last = batch.at(-1)?.id;
        const stamp = now().toISOString();
        for (const [family, upTo] of pending)
          await setState(trx, family, last === undefined ? null : Math.max(upTo, last), stamp);
        return { done: batch.length, complete: last === undefined };
      });
    },
    invalidate() {
      return withWriteLock(db, async (trx) => {
        for (const t of ROLLUP_TABLES) await sql`DELETE FROM ${sql.id(t)}`.execute(trx);
        await sql`UPDATE rollup_state SET built_up_to = 0, updated_at = ${now().toISOString()}`.execute(trx);
      });
    },
    async completeFamilies() {
      const prog = await progress(db);
      return new Set([...prog].filter(([, upTo]) => upTo === null).map(([id]) => id));
    },
  };
}
