import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, posix, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..");
const FOLDERS = ["server", "collectors", "data", "dashboard", "reports", "demo"] as const;

/** The doors from collectors into storage: SQLite's store and PostgreSQL's, nothing else. */
const STORAGE_DOORS = new Set(["collectors/ingest.ts", "collectors/pg-ingest.ts"]);

/**
 * DESIGN.md's import rules: which project folder may import which.
 * `collectors` may reach `data` only from its stores (ingest.ts, and pg-ingest.ts for PostgreSQL).
 */
function allowed(fromFile: string, toFolder: string): boolean {
  const from = fromFile.split("/")[0] as string;
  if (from === toFolder) return true;
  switch (from) {
    case "server":
      return true;
    case "collectors":
      return toFolder === "data" && STORAGE_DOORS.has(fromFile);
    case "dashboard":
    case "reports":
      return toFolder === "data";
    default:
      return false; // data and demo import no other project folder
  }
}

function findViolations(files: { path: string; source: string }[]): string[] {
  const out: string[] = [];
  const spec = /(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;
  for (const f of files) {
    for (const m of f.source.matchAll(spec)) {
      const target = m[1] ?? m[2] ?? "";
      if (!target.startsWith(".")) continue;
      const resolved = posix.normalize(posix.join(posix.dirname(f.path), target));
      const folder = resolved.split("/")[0] as string;
      if (!(FOLDERS as readonly string[]).includes(folder) && folder !== "test") continue;
      if (!allowed(f.path, folder)) out.push(`${f.path} imports ${resolved}`);
    }
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (name === "node_modules" || name === "public") return [];
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}

describe("architecture", () => {
  it.each([
    ["dashboard/a.tsx", 'import { x } from "../reports/pdf.ts";', 1],
    ["reports/a.ts", 'import { x } from "../dashboard/y.ts";', 1],
    ["data/a.ts", 'import type { C } from "../collectors/types.ts";', 1],
    ["collectors/mastodon/index.ts", 'import { db } from "../../data/db.ts";', 1],
    ["collectors/ingest.ts", 'import { db } from "../data/db.ts";', 0],
    ["collectors/pg-ingest.ts", 'import { w } from "../data/pg/write-lock.ts";', 0],
    ["collectors/rss/ingest.ts", 'import { db } from "../../data/db.ts";', 1],
    ["dashboard/a.ts", 'const m = await import("../server/app.ts");', 1],
    ["reports/a.ts", 'export { x } from "../server/cli.ts";', 1],
    ["server/a.ts", 'import { x } from "../reports/a.ts";\nimport { y } from "../dashboard/b.ts";', 0],
    ["data/queries/a.ts", 'import { sql } from "kysely";\nimport { d } from "../db.ts";', 0],
    ["collectors/a.ts", 'import { t } from "../test/helpers/db.ts";', 1],
    ["demo/replay/a.ts", 'import { s } from "../../collectors/mastodon/schema.ts";', 1],
    ["collectors/mastodon/a.ts", 'import { w } from "../../demo/world/generate.ts";', 1],
    ["server/commands/demo.ts", 'import { w } from "../../demo/start-world.ts";', 0],
  ])("the checker judges %s importing %j: %d violation(s)", (path, source, n) => {
    expect(findViolations([{ path, source }])).toHaveLength(n);
  });

  it("no source file imports what DESIGN.md forbids", () => {
    const files = FOLDERS.flatMap((folder) =>
      sourceFiles(join(ROOT, folder)).map((full) => ({
        path: relative(ROOT, full).split("\\").join("/"),
        source: readFileSync(full, "utf8"),
      })),
    );
    expect(files.length).toBeGreaterThan(20);
    expect(findViolations(files)).toEqual([]);
    expect(dirname(ROOT)).not.toBe(ROOT);
  });
});
