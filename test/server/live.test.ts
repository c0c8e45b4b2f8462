import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../server/app.ts";
import { createLiveRoutes } from "../../server/live.ts";
import { CAMPAIGNS, createTestDb, makePost, seed, type TestDb } from "../helpers/db.ts";

/** Reads server-sent events from a fetch body until `until` returns true or the time is up. */
async function readEvents(
  res: Response,
  until: (events: { event: string; data: string; id?: string }[]) => boolean,
  ms = 5000,
) {
  const reader = res.body?.getReader();
  if (!reader) throw new Error("no body");
  const events: { event: string; data: string; id?: string }[] = [];
  const decoder = new TextDecoder();
  let buffer = "";
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && !until(events)) {
    const chunk = await Promise.race([
      reader.read(),
      new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now())),
    ]);
    if (!chunk || chunk.done) break;
    buffer += decoder.decode(chunk.value, { stream: true });
    let cut = buffer.indexOf("\n\n");
    while (cut >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const e: { event: string; data: string; id?: string } = { event: "message", data: "" };
      for (const line of block.split("\n")) {
        if (line.startsWith("event: ")) e.event = line.slice(7);
        else if (line.startsWith("data: ")) e.data += line.slice(6);
        else if (line.startsWith("id: ")) e.id = line.slice(4);
      }
      if (!block.startsWith(":")) events.push(e);
      cut = buffer.indexOf("\n\n");
    }
  }
  await reader.cancel();
  return events;
}

describe("GET /api/live (server-sent events)", () => {
  let t: TestDb;
  let base: string;
  let server: ReturnType<typeof serve>;
  beforeAll(async () => {
    t = await createTestDb();
    seed(t.store, [makePost({ text: "schon da #Clusterwoche" })]);
    const app = createApp({
      db: t.database.db,
      store: t.store,
      campaigns: CAMPAIGNS,
      version: "t",
      now: () => new Date(),
      log: pino({ level: "silent" }),
      livePollMs: 50,
    });
    server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise((r) => server.once("listening", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.close();
    await t.database.close();
  });

  it("sends each new matching post once, starting after the newest stored one", async () => {
    const res = await fetch(`${base}/api/live?platform=mastodon`);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    setTimeout(() => {
      seed(t.store, [
        makePost({ text: "neu auf Bluesky #Clusterwoche", platform: "bluesky" }),
        makePost({ text: "neu <script>alert(1)</script> #Clusterwoche" }),
      ]);
    }, 150);
    const events = await readEvents(res, (es) => es.some((e) => e.event === "post"));
    expect(events[0]?.event).toBe("ready");
    const posts = events.filter((e) => e.event === "post").map((e) => JSON.parse(e.data) as { text: string });
    expect(posts.map((p) => p.text)).toEqual(["neu <script>alert(1)</script> #Clusterwoche"]);
  });

  it("resumes from Last-Event-ID without repeating", async () => {
    const first = await fetch(`${base}/api/live`);
    const ready = await readEvents(first, (es) => es.length > 0);
    const position = ready[0]?.id ?? "";
    seed(t.store, [makePost({ text: "während der Trennung #Clusterwoche" })]);
    const again = await fetch(`${base}/api/live`, { headers: { "last-event-id": position } });
    const events = await readEvents(again, (es) => es.some((e) => e.event === "post"));
    expect(events.filter((e) => e.event === "post").map((e) => JSON.parse(e.data).text)).toEqual([
      "während der Trennung #Clusterwoche",
    ]);
  });

  it.each([["after=abc"], ["after=-1"], ["platform=myspace"]])("refuses %s with 400 JSON", async (q) => {
    const res = await fetch(`${base}/api/live?${q}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toHaveProperty("error");
  });

  it("clamps a position past the newest post (an older backup restored) instead of staying silent", async () => {
    const res = await fetch(`${base}/api/live?after=999999`);
    setTimeout(() => seed(t.store, [makePost({ text: "nach der Wiederherstellung #Clusterwoche" })]), 150);
    const events = await readEvents(res, (es) => es.some((e) => e.event === "post"));
    expect(Number(events[0]?.id)).toBeLessThan(999999);
    expect(events.filter((e) => e.event === "post").map((e) => JSON.parse(e.data).text)).toEqual([
      "nach der Wiederherstellung #Clusterwoche",
    ]);
  });
});

describe("live streams at shutdown", () => {
  it("end when the shutdown signal fires, so the server can close", async () => {
    const t2 = await createTestDb();
    const shutdown = new AbortController();
    const app = createLiveRoutes({
      db: t2.database.db,
      campaigns: CAMPAIGNS,
      log: pino({ level: "silent" }),
      pollMs: 50,
      shutdown: shutdown.signal,
    });
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise((r) => server.once("listening", r));
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/live`);
    const reader = res.body?.getReader();
    await reader?.read(); // the "ready" event
    shutdown.abort();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // The stream ends by itself: reading reaches its end, and close() completes.
    for (;;) {
      const chunk = await reader?.read();
      if (!chunk || chunk.done) break;
    }
    await closed;
    await t2.database.close();
  });
});
