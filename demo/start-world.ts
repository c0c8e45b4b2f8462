import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import { createBlueskyReplay } from "./replay/bluesky.ts";
import type { WorldClock } from "./replay/clock.ts";
import { createFeedsReplay } from "./replay/feeds.ts";
import { attachJetstream } from "./replay/jetstream.ts";
import { createMastodonReplay } from "./replay/mastodon.ts";
import type { World } from "./world/model.ts";

export interface RunningWorld {
  /** Base URLs of the Mastodon instances ("http://127.0.0.1:PORT/"). */
  mastodon: string[];
  bluesky: { service: string; jetstream: string };
  /** Feed URLs (RSS and Atom). */
  feeds: string[];
  close(): Promise<void>;
}

/**
 * Starts the demo world on loopback: one server per Mastodon instance (an
 * instance is a host), one for Bluesky (XRPC + Jetstream websocket) and one
 * for the news and press feeds. Ports are chosen by the system.
 */
export async function startWorld(world: World, clock: WorldClock): Promise<RunningWorld> {
  const servers: Server[] = [];
  const listen = async (app: Hono): Promise<{ server: Server; base: string }> => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }) as Server;
    await new Promise<void>((resolve, reject) => {
      server.once("listening", resolve);
      server.once("error", reject);
    });
    servers.push(server);
    return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
  };

  const bases: string[] = [];
  for (let k = 0; k < world.instances.length; k++) {
    const { base } = await listen(createMastodonReplay(world, { instance: k, bases, clock }));
    bases.push(base);
  }
  const bsky = await listen(createBlueskyReplay(world, clock));
  const jetstream = attachJetstream(bsky.server, world, clock);
  const feeds = await listen(createFeedsReplay(world, clock));

  return {
    mastodon: bases,
    bluesky: {
      service: bsky.base.replace(/\/$/, ""),
      jetstream: `${bsky.base.replace(/^http/, "ws")}subscribe`,
    },
    feeds: world.feeds.map((f) => `${feeds.base}feeds/${f.slug}.${f.kind === "atom" ? "atom" : "xml"}`),
    async close() {
      await jetstream.close();
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.close(() => resolve());
              s.closeAllConnections?.();
            }),
        ),
      );
    },
  };
}
