import { mkdtempSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import pino from "pino";
import { abortableSleep } from "../../collectors/http.ts";
import { createWorldClock } from "../../demo/replay/clock.ts";
import { startWorld } from "../../demo/start-world.ts";
import { generateWorld } from "../../demo/world/generate.ts";
import { createApp } from "../../server/app.ts";
import { buildCollectors, runCollectors } from "../../server/collection.ts";
import { DEFAULT_CONFIG_PATH, loadConfig, parseConfig } from "../../server/config.ts";
import { openRuntimeWith, type Runtime } from "../../server/runtime.ts";

/** The admin password of the served demo (the import page is for admins). */
export const DEMO_ADMIN_PASSWORD = "browser-test-admin-password";

export interface DemoSite {
  base: string;
  rt: Runtime;
  close(): Promise<void>;
}

const log = pino({ level: "silent" });

/**
 * The demo world collected into a fresh database by the real collectors, the
 * real analysis (shipped registry and events) and served by the real app on
 * loopback: what `npm run demo` shows, without waiting for its schedules.
 */
export async function startDemoSite(posts = 3000): Promise<DemoSite> {
  const world = generateWorld({ posts });
  const running = await startWorld(world, createWorldClock(world, null));
  const config = parseConfig(
    {
      campaigns: loadConfig(DEFAULT_CONFIG_PATH).campaigns,
      defaultCampaign: "clusterwoche-2017",
      sources: {
        mastodon: { instances: running.mastodon },
        bluesky: { service: running.bluesky.service, jetstream: running.bluesky.jetstream, idleSeconds: 1 },
        rss: { feeds: running.feeds, keywords: ["Clusterwoche"] },
      },
    },
    "(browser test)",
  );
  const dbPath = join(mkdtempSync(join(tmpdir(), "resonanz-browser-")), "demo.sqlite");
  const rt = await openRuntimeWith(config, dbPath, log);
  const collectors = buildCollectors(config, {
    store: rt.store,
    http: { fetch, sleep: abortableSleep, random: Math.random, now: Date.now },
    log,
    version: "test",
  }).map((e) => e.collector);
  for (let i = 0; i < 8; i++) {
    const round = await runCollectors(collectors, {
      store: rt.store,
      log,
      signal: new AbortController().signal,
    });
    if (round.every((r) => r.inserted === 0)) break;
  }
  const app = createApp({
    db: rt.database.db,
    store: rt.store,
    campaigns: rt.campaigns,
    version: "test",
    now: () => new Date(),
    log,
    livePollMs: 200,
    access: { adminPassword: DEMO_ADMIN_PASSWORD },
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise((resolve) => server.once("listening", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    rt,
    async close() {
      (server as Server).closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await running.close();
      await rt.database.close();
    },
  };
}
