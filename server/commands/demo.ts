import { rmSync } from "node:fs";
import { resolve } from "node:path";
import type { Logger } from "pino";
import { createWorldClock } from "../../demo/replay/clock.ts";
import { startWorld } from "../../demo/start-world.ts";
import { DEFAULT_POSTS, DEFAULT_SEED, generateWorld, MAX_POSTS } from "../../demo/world/generate.ts";
import { DEFAULT_CONFIG_PATH, loadConfig, parseConfig } from "../config.ts";
import { openRuntimeWith } from "../runtime.ts";
import { listenOptions, serveUntilSignal } from "./start.ts";
import { UsageError } from "./usage-error.ts";

export const DEFAULT_DEMO_DB = resolve(import.meta.dirname, "../../data/demo.sqlite");

export interface DemoOptions {
  speed?: string | undefined;
  posts?: string | undefined;
  seed?: string | undefined;
}

/**
 * `npm run demo`: the offline Clusterwoche week. Generates the world, serves it
 * on loopback over the real Mastodon, Bluesky and RSS/Atom APIs, and runs
 * Resonanz against it through an ordinary config, on its own database
 * (data/demo.sqlite, recreated at every start). Nothing leaves the machine.
 */
export async function demoCommand(opts: DemoOptions, env: NodeJS.ProcessEnv, log: Logger): Promise<number> {
  const posts = intOption("posts", opts.posts, DEFAULT_POSTS, 1, MAX_POSTS);
  const seed = intOption("seed", opts.seed, DEFAULT_SEED, 0, 2 ** 32 - 1);
  const speed = opts.speed === undefined ? null : numberOption("speed", opts.speed);
  const listen = listenOptions(env);
  const say = (line: string) => process.stderr.write(`${line}\n`);

  say(
    `Demo-Welt wird erzeugt / generating the demo world: ${posts.toLocaleString("de-DE")} Beiträge, Seed ${seed} …`,
  );
  const t0 = Date.now();
  const world = generateWorld({ seed, posts });
  say(`  fertig / done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const clock = createWorldClock(world, speed);
  const running = await startWorld(world, clock);
  say(
    speed
      ? `  die Woche läuft mit ${speed}-facher Geschwindigkeit / the week plays at ${speed}× speed`
      : "  die ganze Woche ist sichtbar / the whole week is visible",
  );

  try {
    const config = parseConfig(
      {
        campaigns: loadConfig(DEFAULT_CONFIG_PATH).campaigns,
        defaultCampaign: "clusterwoche-2017",
        sources: {
          mastodon: { instances: running.mastodon, schedule: "*/20 * * * * *" },
          bluesky: {
            service: running.bluesky.service,
            jetstream: running.bluesky.jetstream,
            schedule: "*/20 * * * * *",
          },
          rss: { feeds: running.feeds, schedule: "*/30 * * * * *", keywords: ["Clusterwoche"] },
        },
      },
      "(demo)",
    );
    const dbPath = env.RESONANZ_DEMO_DB || DEFAULT_DEMO_DB;
    if (dbPath !== ":memory:")
      for (const suffix of ["", "-wal", "-shm"]) rmSync(`${dbPath}${suffix}`, { force: true });
    const rt = await openRuntimeWith(config, dbPath, log);
    say(`  Demo-Datenbank / demo database: ${dbPath}`);
    // No source secrets from the environment: the demo never logs in anywhere. Only the admin password
    // passes, so the admin pages (import, share links) can be tried: RESONANZ_ADMIN_PASSWORD=… npm run demo.
    const adminOnly: NodeJS.ProcessEnv = {};
    for (const name of ["RESONANZ_ADMIN_PASSWORD", "RESONANZ_ADMIN_PASSWORD_HASH"])
      if (env[name]) adminOnly[name] = env[name];
    await serveUntilSignal(rt, {
      ...listen,
      env: adminOnly,
      banner: "Resonanz-Demo läuft / demo is running",
    });
  } finally {
    await running.close();
  }
  return 0;
}

function intOption(
  name: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (raw === undefined) return fallback;
  const n = Number(raw.replaceAll("_", ""));
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got '${raw}'`);
  return n;
}

function numberOption(name: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || n > 1_000_000)
    throw new UsageError(`--${name} must be a number above 0 (e.g. 3600: an hour per second), got '${raw}'`);
  return n;
}
