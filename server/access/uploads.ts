import { randomBytes } from "node:crypto";
import { open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { type EventFormat, parseEvents } from "../../data/analysis/events.ts";
import { parseRegistry } from "../../data/analysis/registry.ts";

export type Checked = { ok: true; summary: string } | { ok: false; error: string };

/** The format of the events file the config names, by its extension (as loadAnalysis reads it). */
export function eventsFormat(path: string): EventFormat {
  return path.endsWith(".ics") ? "ics" : path.endsWith(".csv") ? "csv" : "json";
}

/** A registry upload is valid when the start would accept it (the same parser, every problem named). */
export function validateRegistry(text: string): Checked {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `not valid JSON: ${(err as Error).message}` };
  }
  try {
    const registry = parseRegistry(json, "upload");
    return { ok: true, summary: `${registry.clusters.length} clusters` };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

/**
 * Events as the start reads them: bad single entries are skipped there, so
 * they are accepted here too and counted; a file without one usable event is refused.
 */
export function validateEvents(text: string, format: EventFormat): Checked {
  try {
    const parsed = parseEvents(text, format);
    if (parsed.events.length === 0) {
      const first = parsed.errors
        .slice(0, 3)
        .map((e) => `entry ${e.at}: ${e.message}`)
        .join("; ");
      return { ok: false, error: `no usable event${first ? ` (${first})` : ""}` };
    }
    const skipped = parsed.errors.length ? `, ${parsed.errors.length} entries skipped` : "";
    return { ok: true, summary: `${parsed.events.length} events${skipped}` };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

/** Writes next to the target, flushes, renames over it: a reader sees the old file or the new one, never half. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await open(tmp, "wx", 0o644);
  try {
    await handle.writeFile(text, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
}
