import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";

/**
 * Third-party data (recorded API payloads, evaluation sets) is read from
 * ../shared beside the repository, never copied in. Tests that need it skip
 * with this message when it is absent.
 */
export const SHARED_DIR = resolve(import.meta.dirname, "../../../shared");
export const FEEDS_DIR = resolve(SHARED_DIR, "fixtures/feeds");
export const hasFeeds = existsSync(FEEDS_DIR);
export const NO_SHARED = `skipped: ${FEEDS_DIR} is absent (recorded payloads live in ../shared, beside the repository)`;

export function readFeed(name: string): string {
  return readFileSync(resolve(FEEDS_DIR, name), "utf8");
}

export function readFeedJson<T = unknown>(name: string): T {
  return JSON.parse(readFeed(name)) as T;
}
