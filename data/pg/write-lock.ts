import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../schema.ts";
import { leaderLockKey } from "./leader-lock.ts";

/** The advisory-lock key every writer of posts and rollups takes (see withWriteLock). */
export const WRITE_LOCK_KEY = leaderLockKey("writes");

/**
 * Runs `fn` in one transaction that first takes the database-wide write lock
 * (a transaction-level advisory lock, freed at commit or rollback).
 *
 * Why one writer at a time: the rollups are kept by deltas (data/rollups/
 * maintainer.ts): a change reads the facts of the posts it touches before and
 * after, and adds the difference. Two transactions changing the same post, or
 * the same author's day, at once would each subtract the same "before" and
 * count it twice; under READ COMMITTED nothing else stops that. SQLite has a
 * single writer anyway (BEGIN IMMEDIATE), so this keeps its semantics: writers
 * queue, readers (the dashboards of every web instance) never wait. Taken
 * before any row is touched, it cannot deadlock with another writer.
 */
export function withWriteLock<T>(
  db: Kysely<Database>,
  fn: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY}::bigint)`.execute(trx);
    return fn(trx);
  });
}
