import { Hono } from "hono";
import { type SSEStreamingApi, streamSSE } from "hono/streaming";
import type { Logger } from "pino";
import type { DB } from "../data/db.ts";
import { ValidationError } from "../data/errors.ts";
import { type CampaignSet, parseFilters } from "../data/filters.ts";
import { latestPostId, postsAfterId } from "../data/queries/posts.ts";

export interface LiveDeps {
  db: DB;
  campaigns: CampaignSet;
  log: Logger;
  /** How often the stream looks for new posts (default 2 s). */
  pollMs?: number;
  /** Streams open at once; more get 503 and the page shows live updates as off (default 200). */
  maxClients?: number;
  /** Ends every open stream (shutdown): an open stream would otherwise keep the server from closing. */
  shutdown?: AbortSignal;
}

const BATCH = 50;
const HEARTBEAT_MS = 20_000;

/**
 * `GET /api/live?after=ID&…filters`: server-sent events for the live
 * dashboard. Each new stored post matching the filters is sent as an event
 * `post` (the same item as in `/api/posts`), with the event id set to the
 * storage position so a reconnecting browser resumes (Last-Event-ID) without
 * gaps or repeats. Without `after`, the stream starts at the newest post. A
 * comment line every 20 s keeps proxies from closing an idle stream.
 */
export function createLiveRoutes(deps: LiveDeps): Hono {
  const app = new Hono();
  const pollMs = deps.pollMs ?? 2000;
  const maxClients = deps.maxClients ?? 200;
  let clients = 0;

  app.get("/api/live", async (c) => {
    const query = c.req.query();
    const f = parseFilters(query, deps.campaigns);
    const resumeFrom = c.req.header("last-event-id") ?? query.after;
    let after: number;
    const newest = await latestPostId(deps.db);
    if (resumeFrom === undefined || resumeFrom === "") after = newest;
    // A position past the newest post (a database restored from an older backup) would stay silent: clamp it.
    else if (/^\d{1,15}$/.test(resumeFrom)) after = Math.min(Number(resumeFrom), newest);
    else
      throw new ValidationError(
        "invalid parameter 'after': must be a post position (a whole number)",
        "after",
      );
    if (clients >= maxClients) return c.json({ error: "too many live connections; reload later" }, 503);

    clients++;
    c.header("cache-control", "no-cache, no-transform");
    c.header("x-accel-buffering", "no"); // nginx: do not buffer the stream
    return streamSSE(c, async (stream) => {
      let open = true;
      const close = () => {
        open = false;
        stream.abort();
      };
      stream.onAbort(() => {
        open = false;
      });
      deps.shutdown?.addEventListener("abort", close, { once: true });
      try {
        if (deps.shutdown?.aborted) return;
        await run(stream, () => open);
      } catch (err) {
        // Caught here, not by streamSSE's error handler, which would send the raw message to the browser.
        deps.log.warn({ err }, "live stream failed");
        if (open) await stream.writeSSE({ event: "error", data: JSON.stringify({ error: "stream failed" }) });
      } finally {
        deps.shutdown?.removeEventListener("abort", close);
        clients--;
      }
    });

    async function run(stream: SSEStreamingApi, isOpen: () => boolean): Promise<void> {
      await stream.writeSSE({ event: "ready", data: JSON.stringify({ after }), id: String(after) });
      let lastBeat = Date.now();
      while (isOpen()) {
        const { items, lastId } = await postsAfterId(deps.db, f, after, BATCH);
        for (const item of items) await stream.writeSSE({ event: "post", data: JSON.stringify(item) });
        if (lastId !== after) {
          after = lastId;
          // The position alone, so Last-Event-ID is right even when no post matched.
          await stream.writeSSE({ event: "position", data: String(after), id: String(after) });
        }
        if (Date.now() - lastBeat > HEARTBEAT_MS) {
          await stream.write(": keep-alive\n\n");
          lastBeat = Date.now();
        }
        if (items.length < BATCH) await stream.sleep(pollMs);
      }
    }
  });
  return app;
}
