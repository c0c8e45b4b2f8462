import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { consumeJetstream, jetstreamUrl } from "../../collectors/bluesky/jetstream.ts";
import type { JetstreamEvent } from "../../collectors/bluesky/schema.ts";
import {
  type FakeBluesky,
  fakeDid,
  otherEvent,
  postEvent,
  startFakeBluesky,
} from "../helpers/fake-bluesky.ts";

const T0 = 1_745_000_000_000_000;

describe("Jetstream consumer against a loopback Jetstream", () => {
  let fake: FakeBluesky;
  beforeEach(async () => {
    fake = await startFakeBluesky();
  });
  afterEach(() => fake.close());

  function events(n: number) {
    return Array.from({ length: n }, (_, i) =>
      postEvent({ did: fakeDid(`u${i}`), rkey: `r${i}`, timeUs: T0 + i * 1000, text: `Post ${i}` }),
    );
  }

  function consume(extra: Partial<Parameters<typeof consumeJetstream>[0]> = {}) {
    const seen: JetstreamEvent[] = [];
    const malformed: string[] = [];
    const done = consumeJetstream({
      url: fake.jetstream,
      cursor: null,
      idleMs: 200,
      maxRunMs: 10_000,
      signal: new AbortController().signal,
      onEvent: (e) => seen.push(e),
      onMalformed: (r) => malformed.push(r),
      backoffBaseMs: 10,
      ...extra,
    });
    return { seen, malformed, done };
  }

  it("builds the subscribe URL with posts only and the cursor", () => {
    expect(jetstreamUrl("wss://js.example/subscribe", "1745000000000000")).toBe(
      "wss://js.example/subscribe?wantedCollections=app.bsky.feed.post&cursor=1745000000000000",
    );
    expect(jetstreamUrl("wss://js.example/subscribe?cursor=5", null)).toBe(
      "wss://js.example/subscribe?wantedCollections=app.bsky.feed.post",
    );
  });

  it("reads from the cursor until idle, skips malformed messages and closes cleanly", async () => {
    fake.items = [
      ...events(3),
      "{not json",
      JSON.stringify({ hello: "world" }),
      otherEvent(fakeDid("x"), T0 + 3500, "app.bsky.feed.like"),
      ...events(6).slice(3),
    ];
    const { seen, malformed, done } = consume({ cursor: String(T0) });
    const r = await done;
    expect(r).toEqual({ stop: "idle", events: 5, malformed: 2, reconnects: 0, lastTimeUs: T0 + 5000 });
    expect(seen.map((e) => e.time_us)).toEqual([1, 2, 3, 4, 5].map((i) => T0 + i * 1000));
    expect(malformed).toHaveLength(2);
    expect(fake.connections[0]?.query).toEqual({
      wantedCollections: "app.bsky.feed.post",
      cursor: String(T0),
    });
    await vi.waitFor(() => expect(fake.connections[0]?.closeCode).toBe(1000));
  });

  it("stops after maxRunMs on a stream that never falls quiet", async () => {
    fake.items = events(500);
    fake.sendDelayMs = 10;
    const started = Date.now();
    const r = await consume({ maxRunMs: 300 }).done;
    expect(r.stop).toBe("max-run");
    expect(r.events).toBeGreaterThan(5);
    expect(r.events).toBeLessThan(500);
    expect(Date.now() - started).toBeLessThan(2000);
    await vi.waitFor(() => expect(fake.connections[0]?.closeCode).toBe(1000));
  });

  it("stops at once when aborted and closes the socket", async () => {
    fake.items = events(500);
    fake.sendDelayMs = 10;
    const ac = new AbortController();
    const c = consume({ signal: ac.signal, idleMs: 5000 });
    await vi.waitFor(() => expect(c.seen.length).toBeGreaterThanOrEqual(5));
    ac.abort();
    const r = await c.done;
    expect(r.stop).toBe("aborted");
    await vi.waitFor(() => expect(fake.connections[0]?.closeCode).toBe(1000));
  });

  it("reconnects at the last event after the socket drops, without losing or repeating events", async () => {
    fake.items = events(10);
    fake.dropNextAfter(4);
    const { seen, done } = consume();
    const r = await done;
    expect(r).toMatchObject({ stop: "idle", events: 10, reconnects: 1 });
    expect(seen.map((e) => e.time_us)).toEqual(events(10).map((e) => e.time_us));
    expect(fake.connections.map((c) => c.query.cursor)).toEqual([undefined, String(T0 + 3000)]);
    expect(fake.connections[0]?.closeCode).toBe(1006);
  });

  it("gives up after the allowed reconnects when Jetstream cannot be reached", async () => {
    const r = consume({ url: "ws://127.0.0.1:9/subscribe", maxReconnects: 2 }).done;
    await expect(r).rejects.toThrow(/jetstream .*gave up after 2 reconnects/);
  });
});
