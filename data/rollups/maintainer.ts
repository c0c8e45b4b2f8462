import type SQLite from "better-sqlite3";
import type { Awaitable } from "../awaitable.ts";
import {
  type AuthorCell,
  type CampaignAuthorCell,
  emptyDelta,
  needsRecount,
  type RollupDelta,
} from "./contribution.ts";
import { createFactsReader } from "./facts.ts";
import type { RollupFamily } from "./family.ts";
import { invalidateRollups, ROLLUP_TABLES } from "./invalidate.ts";
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
  totalsChange,
} from "./progress.ts";

export interface RebuildStep {
  /** Posts added to the rollups in this step. */
  done: number;
  /** True when every family is complete. */
  complete: boolean;
}

/**
 * What the background rebuild (server/rollup-rebuild.ts) needs of either
 * database's maintainer: SQLite's answers at once, PostgreSQL's
 * (data/pg/rollup-maintainer.ts) with promises.
 */
export interface RollupRebuilder {
  readonly families: readonly RollupFamily[];
  rebuildStep(limit: number): Awaitable<RebuildStep>;
  invalidate(): Awaitable<void>;
  completeFamilies(): Awaitable<Set<string>>;
}

export interface RollupMaintainer extends RollupRebuilder {
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
  const states = sqlite.prepare<[], { family: string; built_up_to: number | null; windows: string }>(
    "SELECT family, built_up_to, windows FROM rollup_state",
  );
  const setState = sqlite.prepare(
    `INSERT INTO rollup_state (family, built_up_to, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (family) DO UPDATE SET built_up_to = excluded.built_up_to, updated_at = excluded.updated_at`,
  );
  const setWindows = sqlite.prepare("UPDATE rollup_state SET windows = ? WHERE family = ?");
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
  const campaignKey = "family = ? AND campaign = ? AND scope = ? AND platform = ? AND lang = ?";
  const getCampaignAuthor = sqlite.prepare<unknown[], { posts: number; max_followers: number }>(
    `SELECT posts, max_followers FROM rollup_campaign_authors WHERE ${campaignKey} AND author_id = ?`,
  );
  const upsertCampaignAuthor = sqlite.prepare<unknown[], { posts: number; max_followers: number }>(
    `INSERT INTO rollup_campaign_authors (family, campaign, scope, platform, lang, author_id, posts, max_followers)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET posts = posts + excluded.posts,
       max_followers = max(max_followers, excluded.max_followers)
     RETURNING posts, max_followers`,
  );
  const deleteCampaignAuthor = sqlite.prepare(
    `DELETE FROM rollup_campaign_authors WHERE ${campaignKey} AND author_id = ?`,
  );
  const setCampaignAuthorMax = sqlite.prepare(
    `UPDATE rollup_campaign_authors SET max_followers = ? WHERE ${campaignKey} AND author_id = ?`,
  );
  const upsertTotals = sqlite.prepare<unknown[], { posts: number }>(
    `INSERT INTO rollup_campaign_totals (family, campaign, scope, platform, lang, authors, unique_reach,
       posts, potential_reach, engagement, positive, neutral, negative, sentiment_micros)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET authors = authors + excluded.authors,
       unique_reach = unique_reach + excluded.unique_reach, posts = posts + excluded.posts,
       potential_reach = potential_reach + excluded.potential_reach, engagement = engagement + excluded.engagement,
       positive = positive + excluded.positive, neutral = neutral + excluded.neutral,
       negative = negative + excluded.negative, sentiment_micros = sentiment_micros + excluded.sentiment_micros
     RETURNING posts`,
  );
  const deleteTotals = sqlite.prepare(`DELETE FROM rollup_campaign_totals WHERE ${campaignKey}`);
  const anyPost = sqlite.prepare<[], { one: number }>("SELECT 1 AS one FROM posts LIMIT 1");

  // Families new, changed or gone since the last start (progress.ts says how each is treated).
  sqlite.transaction(() => {
    const { drop, start } = familyChanges(states.all(), families, anyPost.get() === undefined);
    for (const id of drop) dropFamily(id);
    for (const f of start) {
      setState.run(f.family, f.builtUpTo, now().toISOString());
      setWindows.run(f.windows, f.family);
    }
  })();

  function dropFamily(id: string): void {
    for (const t of ROLLUP_TABLES) sqlite.prepare(`DELETE FROM ${t} WHERE family = ?`).run(id);
    sqlite.prepare("DELETE FROM rollup_state WHERE family = ?").run(id);
  }

  function progress(): Progress {
    return progressOf(states.all(), families);
  }

  function recountMax(a: AuthorCell, prog: Progress): void {
    const range = authorDayRange(a, families);
    if (!range) return;
    const max = authorDayMax(a, range.family, prog, facts.ofAuthor(a.authorId, range.fromUtc, range.toUtc));
    if (max !== null) setAuthorMax.run(max, a.family, a.scope, a.day, a.platform, a.lang, a.authorId);
  }

  function campaignMax(c: CampaignAuthorCell, prog: Progress): number {
    const range = campaignRange(c, families);
    if (!range) return 0;
    return campaignAuthorMax(c, range.family, prog, facts.ofAuthor(c.authorId, range.fromUtc, range.toUtc));
  }

  /**
   * Applies the campaign rows: author cells, and the totals kept in step with
   * them (an author whose row appears or goes changes the distinct count, its
   * maximum the unique reach) and with the hour cells inside a campaign's period
   * (posts, reach, engagement, sentiment), under its language and under "*".
   */
  function applyCampaignRows(delta: RollupDelta, prog: Progress): void {
    const changes: CampaignAuthorChange[] = [];
    for (const c of delta.campaignAuthors.values()) {
      if (c.posts === 0 && !needsRecount(c) && c.maxFollowers < 0) continue;
      const dims = [c.family, c.campaign, c.scope, c.platform, c.lang];
      const before = getCampaignAuthor.get(...dims, c.authorId);
      const row = upsertCampaignAuthor.get(...dims, c.authorId, c.posts, Math.max(0, c.maxFollowers));
      let after: { posts: number; max: number } | null = null;
      if (!row || row.posts <= 0) deleteCampaignAuthor.run(...dims, c.authorId);
      else if (needsRecount(c)) {
        const max = campaignMax(c, prog);
        setCampaignAuthorMax.run(max, ...dims, c.authorId);
        after = { posts: row.posts, max };
      } else after = { posts: row.posts, max: row.max_followers };
      changes.push({ dims, ...totalsChange(before, after) });
    }
    for (const t of campaignTotals(delta, families, changes)) {
      const row = upsertTotals.get(
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
      );
      if (row && row.posts <= 0) deleteTotals.run(...t.dims);
    }
  }

  function apply(delta: RollupDelta, prog: Progress): void {
    applyCampaignRows(delta, prog);
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
    apply(rebuildDelta(families, prog, batch), prog);
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
      contributeHeld(delta, families, facts.byIds(existing), -1, prog);
      const { result, touched } = mutate();
      contributeHeld(delta, families, facts.byIds([...new Set([...existing, ...touched])]), 1, prog);
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
