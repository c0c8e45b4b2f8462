import { createHash } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nextLink, withAnyTags } from "../../collectors/mastodon/api.ts";
import { mastodonStatusSchema } from "../../collectors/mastodon/schema.ts";
import { transformTimeline } from "../../collectors/mastodon/transform.ts";
import { manualClock } from "../../demo/replay/clock.ts";
import { createMastodonReplay } from "../../demo/replay/mastodon.ts";
import { generateWorld } from "../../demo/world/generate.ts";
import type { World } from "../../demo/world/model.ts";

type Listening = { base: string; close(): Promise<void> };

async function startInstances(
  world: World,
  clock: ReturnType<typeof manualClock>,
  rateLimitEvery = 0,
): Promise<Listening[]> {
  const bases: string[] = [];
  const out: Listening[] = [];
  for (let k = 0; k < world.instances.length; k++) {
    const server = serve({
      fetch: createMastodonReplay(world, { instance: k, bases, clock, rateLimitEvery }).fetch,
      port: 0,
      hostname: "127.0.0.1",
    });
    await new Promise<void>((r) => server.once("listening", () => r()));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    bases.push(base);
    out.push({ base, close: () => new Promise((r) => server.close(() => r())) });
  }
  return out;
}

/** Walks Link rel=next from `first`, re-adding the year variants Mastodon's Link headers drop. */
async function walk(first: string): Promise<{ statuses: Record<string, unknown>[]; requests: number }> {
  const any = ["clusterwoche17", "clusterwoche2017"];
  const statuses: Record<string, unknown>[] = [];
  let url: string | null = withAnyTags(first, any);
  let requests = 0;
  while (url) {
    const res: Response = await fetch(url);
    requests++;
    expect(res.status).toBe(200);
    const page = (await res.json()) as Record<string, unknown>[];
    statuses.push(...page);
    const next: string | null = page.length ? nextLink(res.headers.get("link"), url) : null;
    url = next ? withAnyTags(next, any) : null;
  }
  return { statuses, requests };
}

describe("Mastodon replay of the demo world", () => {
  const world = generateWorld({ seed: 7, posts: 900 });
  const clock = manualClock(world.end);
  let instances: Listening[];
  beforeAll(async () => {
    instances = await startInstances(world, clock);
  });
  afterAll(() => Promise.all(instances.map((i) => i.close())));

  const expectedOn = (k: number) =>
    world.posts.filter(
      (p) => p.platform === "mastodon" && (world.authors[p.author]?.home === k || p.federatedTo.includes(k)),
    );

  it("pages backwards through Link rel=next over every post on the instance, newest first, once each", async () => {
    for (const [k, inst] of instances.entries()) {
      const { statuses } = await walk(`${inst.base}api/v1/timelines/tag/clusterwoche?limit=40`);
      const ids = statuses.map((s) => s.id as string);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(expectedOn(k).length);
      const sorted = [...ids].sort((a, b) => a.length - b.length || (a < b ? 1 : a > b ? -1 : 0));
      expect(ids).toEqual(sorted);
    }
  });

  it("answers with statuses the collector's own schema and transform accept", async () => {
    const res = await fetch(`${instances[0]?.base}api/v1/timelines/tag/Clusterwoche?limit=40`);
    const page = (await res.json()) as unknown[];
    expect(page.length).toBe(40);
    for (const s of page) expect(mastodonStatusSchema.safeParse(s).success).toBe(true);
    const t = transformTimeline(page, instances[0]?.base as string);
    expect(t.rejected).toEqual([]);
    expect(t.posts.every((p) => p.hashtags.includes("clusterwoche"))).toBe(true);
  });

  it("gives a federated post the same uri on every instance and its own id on each", async () => {
    const fed = world.posts.find((p) => p.platform === "mastodon" && p.federatedTo.length > 0);
    expect(fed).toBeDefined();
    const uris = new Map<string, string[]>();
    for (const inst of instances) {
      const { statuses } = await walk(`${inst.base}api/v1/timelines/tag/clusterwoche?limit=40`);
      for (const s of statuses)
        uris.set(s.uri as string, [...(uris.get(s.uri as string) ?? []), s.id as string]);
    }
    const distinct = world.posts.filter((p) => p.platform === "mastodon").length;
    expect(uris.size).toBe(distinct);
    const copies = [...uris.values()].filter((ids) => ids.length > 1);
    expect(copies.length).toBeGreaterThan(0);
    for (const ids of copies) expect(new Set(ids).size).toBe(ids.length);
  });

  it("shows posts only once the world clock has passed them; min_id finds the new ones", async () => {
    const base = instances[0]?.base as string;
    const mid = world.start + (world.end - world.start) / 2;
    clock.set(mid);
    const before = await walk(`${base}api/v1/timelines/tag/clusterwoche?limit=40`);
    const newest = before.statuses[0]?.id as string;
    expect(before.statuses.every((s) => Date.parse(s.created_at as string) <= mid)).toBe(true);
    clock.set(world.end);
    const res = await fetch(`${base}api/v1/timelines/tag/clusterwoche?limit=40&min_id=${newest}`);
    const fresh = (await res.json()) as { id: string; created_at: string }[];
    expect(fresh.length).toBeGreaterThan(0);
    expect(fresh.every((s) => BigInt(s.id) > BigInt(newest))).toBe(true);
  });

  it("gives a local post the id in its uri, so it can be fetched at its origin and opened", async () => {
    for (const inst of instances) {
      const page = (await (await fetch(`${inst.base}api/v1/timelines/tag/clusterwoche?limit=40`)).json()) as {
        id: string;
        uri: string;
        url: string;
      }[];
      const local = page.filter((s) => s.uri.startsWith(inst.base));
      expect(local.length).toBeGreaterThan(0);
      for (const s of local) expect(s.uri.endsWith(`/statuses/${s.id}`)).toBe(true);
      const one = local[0] as { url: string };
      const html = await fetch(one.url);
      expect(html.status).toBe(200);
      expect(await html.text()).toMatch(/^<!DOCTYPE html>/);
    }
  });

  it("serves single statuses and 404s unknown ones like Mastodon", async () => {
    const base = instances[1]?.base as string;
    const page = (await (await fetch(`${base}api/v1/timelines/tag/clusterwoche?limit=1`)).json()) as {
      id: string;
    }[];
    const one = await fetch(`${base}api/v1/statuses/${page[0]?.id}`);
    expect(mastodonStatusSchema.safeParse(await one.json()).success).toBe(true);
    const missing = await fetch(`${base}api/v1/statuses/1`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: "Record not found" });
  });
});

describe("Mastodon replay rate limits and determinism", () => {
  it("answers every Nth request with 429 and an ISO X-RateLimit-Reset about a second ahead", async () => {
    const world = generateWorld({ seed: 3, posts: 200 });
    const [inst, ...rest] = await startInstances(world, manualClock(world.end), 3);
    const statuses: number[] = [];
    let reset = "";
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${inst?.base}api/v1/timelines/tag/clusterwoche`);
      statuses.push(res.status);
      if (res.status === 429) reset = res.headers.get("x-ratelimit-reset") ?? "";
    }
    expect(statuses).toEqual([200, 200, 429, 200, 200, 429]);
    const ahead = Date.parse(reset) - Date.now();
    expect(ahead).toBeGreaterThan(0);
    expect(ahead).toBeLessThanOrEqual(1000);
    await Promise.all([inst, ...rest].map((i) => i?.close()));
  });

  it("same seed → same world and same response bytes; another seed → another world", async () => {
    const hash = (w: World) => createHash("sha256").update(JSON.stringify(w)).digest("hex");
    expect(hash(generateWorld({ seed: 11, posts: 500 }))).toBe(hash(generateWorld({ seed: 11, posts: 500 })));
    expect(hash(generateWorld({ seed: 12, posts: 500 }))).not.toBe(
      hash(generateWorld({ seed: 11, posts: 500 })),
    );

    const bodies: string[] = [];
    for (let run = 0; run < 2; run++) {
      const world = generateWorld({ seed: 11, posts: 500 });
      const insts = await startInstances(world, manualClock(world.end));
      // Ports differ between runs; everything else must not.
      const text = await (await fetch(`${insts[0]?.base}api/v1/timelines/tag/clusterwoche?limit=40`)).text();
      bodies.push(text.replaceAll(/127\.0\.0\.1:\d+/g, "HOST"));
      await Promise.all(insts.map((i) => i.close()));
    }
    expect(bodies[0]).toBe(bodies[1]);
  });
});
