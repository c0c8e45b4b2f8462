import type SQLite from "better-sqlite3";
import { dayRangeUtc } from "../time.ts";
import {
  type AuthorCell,
  addContribution,
  emptyDelta,
  needsRecount,
  type PostFacts,
  type RollupDelta,
} from "./contribution.ts";
import { createFactsReader } from "./facts.ts";
import type { RollupFamily } from "./family.ts";
import { invalidateRollups } from "./invalidate.ts";

export interface RebuildStep {
  /** Posts added to the rollups in this step. */
  done: number;
  /** True when every family is complete. */
  complete: boolean;
}

export interface RollupMaintainer {
  readonly families: readonly RollupFamily[];
  /**
   * Runs a change to stored posts and applies its exact effect to the
   * rollups. Call inside the transaction that makes the change: `existing`
   * are the ids the change may alter, `mutate` returns every id it touched.
   */
  track<T>(existing: readonly number[], mutate: () => { result: T; touched: Iterable<number> }): T;
  /** Adds the next `limit` posts to families being rebuilt (one transaction). */
  rebuildStep(limit: number): RebuildStep;
  /** Drops every rollup row so that the next rebuild starts from nothing. */
  invalidate(): void;
  /** Families whose rollups are complete: queries may read them. */
  completeFamilies(): Set<string>;
}

/**
 * Keeps the hourly rollups current at ingest. Each change is read as facts
 * before and after, and the difference of their contributions is added to the
 * rows: integer sums stay exact, and a distinct-author maximum that may have
 * left with a removed post is recounted from that author's posts of the day.
 * A family being rebuilt takes changes only for posts the rebuild has passed;
 * the rebuild adds the rest when it gets there.
 */
export function createRollupMaintainer(
  sqlite: SQLite.Database,
  families: readonly RollupFamily[],
  now: () => Date = () => new Date(),
): RollupMaintainer {
  const facts = createFactsReader(sqlite);
  const states = sqlite.prepare<[], { family: string; built_up_to: number | null }>(
    "SELECT family, built_up_to FROM rollup_state",
  );
  const setState = sqlite.prepare(
    `INSERT INTO rollup_state (family, built_up_to, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (family) DO UPDATE SET built_up_to = excluded.built_up_to, updated_at = excluded.updated_at`,
  );
  const upsertHour = sqlite.prepare<unknown[], { posts: number }>(
    `INSERT INTO rollup_hours (family, scope, hour, platform, lang, posts, potential_reach, engagement,
       positive, neutral, negative, sentiment_sum) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET posts = posts + excluded.posts,
       potential_reach = potential_reach + excluded.potential_reach, engagement = engagement + excluded.engagement,
       positive = positive + excluded.positive, neutral = neutral + excluded.neutral,
       negative = negative + excluded.negative, sentiment_sum = sentiment_sum + excluded.sentiment_sum
     RETURNING posts`,
  );
  const deleteHour = sqlite.prepare(
    "DELETE FROM rollup_hours WHERE family = ? AND scope = ? AND hour = ? AND platform = ? AND lang = ?",
  );
  const upsertAuthor = sqlite.prepare<unknown[], { posts: number }>(
    `INSERT INTO rollup_authors (family, scope, day, platform, lang, author_id, posts, max_followers)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET posts = posts + excluded.posts,
       max_followers = max(max_followers, excluded.max_followers)
     RETURNING posts`,
  );
  const authorKey = "family = ? AND scope = ? AND day = ? AND platform = ? AND lang = ? AND author_id = ?";
  const deleteAuthor = sqlite.prepare(`DELETE FROM rollup_authors WHERE ${authorKey}`);
  const setAuthorMax = sqlite.prepare(`UPDATE rollup_authors SET max_followers = ? WHERE ${authorKey}`);
  const upsertTag = sqlite.prepare<unknown[], { posts: number }>(
    `INSERT INTO rollup_tags (family, scope, day, platform, lang, tag, posts) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET posts = posts + excluded.posts RETURNING posts`,
  );
  const deleteTag = sqlite.prepare(
    "DELETE FROM rollup_tags WHERE family = ? AND scope = ? AND day = ? AND platform = ? AND lang = ? AND tag = ?",
  );
  const anyPost = sqlite.prepare<[], { one: number }>("SELECT 1 AS one FROM posts LIMIT 1");

  const known = new Set(families.map((f) => f.id));

  // A family seen for the first time starts complete on an empty database,
  // else it needs a rebuild; rows of families no longer configured go.
  sqlite.transaction(() => {
    const present = new Map(states.all().map((s) => [s.family, s.built_up_to]));
    const empty = anyPost.get() === undefined;
    for (const f of families)
      if (!present.has(f.id)) setState.run(f.id, empty ? null : 0, now().toISOString());
    for (const id of present.keys()) if (!known.has(id)) dropFamily(id);
  })();

  function dropFamily(id: string): void {
    for (const t of ["rollup_hours", "rollup_authors", "rollup_tags", "rollup_state"])
      sqlite.prepare(`DELETE FROM ${t} WHERE family = ?`).run(id);
  }

  /** For each configured family: null (complete), a post id (rebuilt so far) or absent. */
  function progress(): Map<string, number | null> {
    return new Map(
      states
        .all()
        .filter((s) => known.has(s.family))
        .map((s) => [s.family, s.built_up_to]),
    );
  }

  function contribute(delta: RollupDelta, list: PostFacts[], sign: 1 | -1, prog: Map<string, number | null>) {
    for (const p of list) {
      const fams = families.filter((f) => {
        const upTo = prog.get(f.id);
        return upTo === null || (upTo !== undefined && p.id <= upTo);
      });
      if (fams.length > 0) addContribution(delta, p, fams, sign);
    }
  }

  function recountMax(a: AuthorCell, prog: Map<string, number | null>): void {
    const family = families.find((f) => f.id === a.family);
    if (!family) return;
    const { fromUtc, toUtc } = dayRangeUtc(a.day, a.day, family.timezone);
    // A family being rebuilt holds only the posts the rebuild has passed: count only those.
    const upTo = prog.get(family.id);
    const d = emptyDelta();
    for (const p of facts.ofAuthor(a.authorId, fromUtc, toUtc))
      if (upTo === null || (upTo !== undefined && p.id <= upTo)) addContribution(d, p, [family], 1);
    const cell = [...d.authors.values()].find(
      (c) => c.scope === a.scope && c.platform === a.platform && c.lang === a.lang,
    );
    if (cell) setAuthorMax.run(cell.maxFollowers, a.family, a.scope, a.day, a.platform, a.lang, a.authorId);
  }

  function apply(delta: RollupDelta, prog: Map<string, number | null>): void {
    for (const h of delta.hours.values()) {
      if (h.posts === 0 && h.potentialReach === 0 && h.engagement === 0 && h.sentimentSum === 0) {
        if (h.positive === 0 && h.neutral === 0 && h.negative === 0) continue;
      }
      const dims = [h.family, h.scope, h.hour, h.platform, h.lang];
      const row = upsertHour.get(
        ...dims,
        h.posts,
        h.potentialReach,
        h.engagement,
        h.positive,
        h.neutral,
        h.negative,
        h.sentimentSum,
      );
      if (row && row.posts <= 0) deleteHour.run(...dims);
    }
    for (const a of delta.authors.values()) {
      if (a.posts === 0 && !needsRecount(a) && a.maxFollowers < 0) continue;
      const dims = [a.family, a.scope, a.day, a.platform, a.lang, a.authorId];
      const row = upsertAuthor.get(...dims, a.posts, Math.max(0, a.maxFollowers));
      if (row && row.posts <= 0) deleteAuthor.run(...dims);
      else if (needsRecount(a)) recountMax(a, prog);
    }
    for (const t of delta.tags.values()) {
      if (t.posts === 0) continue;
      const dims = [t.family, t.scope, t.day, t.platform, t.lang, t.tag];
      const row = upsertTag.get(...dims, t.posts);
      if (row && row.posts <= 0) deleteTag.run(...dims);
    }
  }

  const rebuildTx = sqlite.transaction((limit: number): RebuildStep => {
    const prog = progress();
    const pending = [...prog.entries()].filter((e): e is [string, number] => e[1] !== null);
    if (pending.length === 0) return { done: 0, complete: true };
    const from = Math.min(...pending.map(([, upTo]) => upTo));
    const batch = facts.afterId(from, limit);
    const delta = emptyDelta();
    for (const p of batch) {
      const fams = families.filter((f) => {
        const upTo = prog.get(f.id);
        return typeof upTo === "number" && p.id > upTo;
      });
      addContribution(delta, p, fams, 1);
    }
    apply(delta, prog);
    const last = batch.at(-1)?.id;
    const stamp = now().toISOString();
    for (const [family, upTo] of pending)
      setState.run(family, last === undefined ? null : Math.max(upTo, last), stamp);
    return { done: batch.length, complete: last === undefined };
  });

  return {
    families,
    track(existing, mutate) {
      const prog = progress();
      const delta = emptyDelta();
      contribute(delta, facts.byIds(existing), -1, prog);
      const { result, touched } = mutate();
      contribute(delta, facts.byIds([...new Set([...existing, ...touched])]), 1, prog);
      apply(delta, prog);
      return result;
    },
    // IMMEDIATE: the step reads, then writes; a deferred transaction would fail at once (SQLITE_BUSY_SNAPSHOT)
    // when another process committed in between, where an immediate one waits for the lock.
    rebuildStep: (limit: number): RebuildStep => rebuildTx.immediate(limit),
    invalidate() {
      invalidateRollups(sqlite, now());
    },
    completeFamilies() {
      return new Set([...progress()].filter(([, upTo]) => upTo === null).map(([id]) => id));
    },
  };
}
