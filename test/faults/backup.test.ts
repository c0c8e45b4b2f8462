import { copyFileSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../data/db.ts";
import { parseFilters } from "../../data/filters.ts";
import { getSummary, getSummaryFromPosts } from "../../data/queries/summary.ts";
import { runCli } from "../helpers/cli.ts";
import { CAMPAIGNS } from "../helpers/db.ts";
import { exited, startScript, waitForLine } from "./child.ts";
import { SOURCE, TARGET, uidOf } from "./source.ts";

/** Posts, cursor and integrity of a database file, read through its own connection. */
function inspect(path: string) {
  const db = new Database(path, { readonly: true });
  try {
    const posts = (db.prepare("SELECT count(*) n FROM posts").get() as { n: number }).n;
    const cursor = db
      .prepare("SELECT cursor FROM source_cursors WHERE source = ? AND target = ?")
      .get(SOURCE, TARGET) as { cursor: string } | undefined;
    const prefix = (db.prepare("SELECT sum(uid < ?) n FROM posts").get(uidOf(posts)) as { n: number | null })
      .n;
    return {
      posts,
      cursor: Number(cursor?.cursor ?? 0),
      prefix: prefix ?? 0,
      integrity: db.pragma("integrity_check", { simple: true }),
    };
  } finally {
    db.close();
  }
}

async function expectRollupsExact(path: string): Promise<void> {
  const db = await openDatabase(path);
  try {
    const f = parseFilters({}, CAMPAIGNS);
    expect(await getSummary(db.db, f)).toEqual(await getSummaryFromPosts(db.db, f));
  } finally {
    await db.close();
  }
}

describe("backup and restore", () => {
  let dir: string;
  let live: string;
  let writer: ReturnType<typeof startScript>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "resonanz-backup-"));
    live = join(dir, "live.sqlite");
    // A collector writing without pause in another process for the whole test.
    writer = startScript("ingest-child.ts", [live, "loop"]);
    await waitForLine(writer, "ready");
    for (;;) {
      if (inspect(live).posts >= 300) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  afterAll(async () => {
    if (writer.exitCode === null) writer.kill("SIGKILL");
    await exited(writer);
  });

  it("backs up while a collector writes, refuses to overwrite, restores, and refuses what is unsafe", async () => {
    const env = { RESONANZ_DB: live };
    const file = join(dir, "backup.sqlite");

    const committedBefore = inspect(live).posts;
    const made = await runCli(["backup", file], env);
    const committedAfter = inspect(live).posts;
    expect(made.stderr).toBe("");
    expect(made.code).toBe(0);
    const line = JSON.parse(made.stdout) as { file: string; bytes: number; posts: number; seconds: number };
    expect(line).toEqual({
      file,
      bytes: statSync(file).size,
      posts: expect.any(Number),
      seconds: expect.any(Number),
    });

    // One consistent snapshot: everything committed before the backup started, and
    // exactly a prefix of the source with its cursor (batch and cursor are one commit).
    const copy = inspect(file);
    expect(copy.integrity).toBe("ok");
    expect(copy.posts).toBe(line.posts);
    expect(copy.posts).toBeGreaterThanOrEqual(committedBefore);
    expect(copy.posts).toBeLessThanOrEqual(committedAfter);
    expect(copy.cursor).toBe(copy.posts);
    expect(copy.prefix).toBe(copy.posts);
    // A single self-contained file: nothing beside it belongs to it.
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(readFileSync(file).subarray(18, 20)).toEqual(Buffer.from([1, 1])); // rollback journal, not WAL

    // An existing file is not replaced without --force.
    const bytes = readFileSync(file);
    const again = await runCli(["backup", file], env);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("exists; choose another name or pass --force");
    expect(readFileSync(file).equals(bytes)).toBe(true);
    const forced = await runCli(["backup", "--force", file], env);
    expect(forced.code, forced.stderr).toBe(0);
    expect(JSON.parse(forced.stdout).posts).toBeGreaterThanOrEqual(copy.posts);
    writeFileSync(file, bytes); // back to the first backup for the restores below

    // Restore into a new path.
    const fresh = join(dir, "restored.sqlite");
    const restored = await runCli(["restore", file], { RESONANZ_DB: fresh });
    expect(restored.code, restored.stderr).toBe(0);
    expect(JSON.parse(restored.stdout)).toMatchObject({
      file: fresh,
      from: file,
      posts: copy.posts,
      previous: null,
    });
    expect(inspect(fresh)).toEqual(copy);
    await expectRollupsExact(fresh);

    // Not over a database in use: the running writer keeps it, untouched.
    const busy = await runCli(["restore", file], env);
    expect(busy.code).toBe(2);
    expect(busy.stderr).toContain("is in use by another process: stop the server first");
    expect(existsSync(`${live}.before-restore`)).toBe(false);

    // Stop the collector, then restore over the live database; the old one is kept.
    writer.kill("SIGTERM");
    await exited(writer);
    const beforeRestore = inspect(live);
    const over = await runCli(["restore", file], env);
    expect(over.code, over.stderr).toBe(0);
    expect(JSON.parse(over.stdout)).toMatchObject({ posts: copy.posts, previous: `${live}.before-restore` });
    expect(inspect(live)).toEqual(copy);
    expect(inspect(`${live}.before-restore`)).toEqual(beforeRestore);
    await expectRollupsExact(live);

    // A damaged file, or one from a newer version, is refused before anything is touched.
    const junk = join(dir, "junk.sqlite");
    writeFileSync(junk, "not a database at all, just text ".repeat(200));
    const bad = await runCli(["restore", junk], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("cannot be restored: not a readable SQLite database");
    const newer = join(dir, "newer.sqlite");
    copyFileSync(file, newer);
    const n = new Database(newer);
    n.prepare("INSERT INTO kysely_migration (name, timestamp) VALUES ('9999-future', '2030-01-01')").run();
    n.close();
    const future = await runCli(["restore", newer], env);
    expect(future.code).toBe(2);
    expect(future.stderr).toContain(
      "made by a newer Resonanz (migration 9999-future unknown to this version)",
    );
    expect(inspect(live)).toEqual(copy);
  }, 120_000);

  it("the manual restore works too: server stopped, backup copied over RESONANZ_DB, -wal/-shm removed", async () => {
    const file = join(dir, "backup.sqlite");
    const target = join(dir, "manual.sqlite");
    copyFileSync(file, target);
    const db = await openDatabase(target); // what npm start does first
    try {
      expect(db.sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
      expect(db.sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
    } finally {
      await db.close();
    }
    expect(inspect(target)).toEqual(inspect(file));
  });
});
