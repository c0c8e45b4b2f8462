import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { consumeJetstream } from "../../collectors/bluesky/jetstream.ts";
import { jetstreamEventSchema, postViewSchema, profileViewSchema } from "../../collectors/bluesky/schema.ts";
import { campaignTagsOf, classifyEvent } from "../../collectors/bluesky/transform.ts";
import {
  blueskyIndex,
  createBlueskyReplay,
  detectFacets,
  didOf,
  postUri,
} from "../../demo/replay/bluesky.ts";
import { manualClock } from "../../demo/replay/clock.ts";
import { attachJetstream, type JetstreamHandle } from "../../demo/replay/jetstream.ts";
import { generateWorld } from "../../demo/world/generate.ts";
import type { World, WorldPost } from "../../demo/world/model.ts";
import { hasFeeds, NO_SHARED, readFeed, readFeedJson } from "../helpers/shared.ts";

if (!hasFeeds) console.warn(NO_SHARED);

const DAY = 86_400_000;
const EMOJI_TEXT = "Grüße 🚀🔬🏭 aus Köln, 👩‍🔬 dabei – Größe zählt! #Clusterwoche 🔥 #Wärmepumpe #HM17";

type Json = Record<string, unknown>;

/** A small world with one post whose text is full of multi-byte characters before its hashtags. */
function smallWorld(): World {
  const world = generateWorld({ seed: 1, posts: 600 });
  const i = world.posts.findIndex((p) => p.platform === "bluesky");
  const p = world.posts[i] as WorldPost;
  world.posts[i] = { ...p, text: EMOJI_TEXT, tags: ["Clusterwoche", "Wärmepumpe", "HM17"] };
  return world;
}

function uriOf(world: World, p: WorldPost): string {
  return postUri(didOf(blueskyIndex(world), p), p.rkey as string);
}

function bskyPosts(world: World): WorldPost[] {
  return [...world.posts.filter((p) => p.platform === "bluesky"), ...world.noise].sort(
    (a, b) => a.createdAt - b.createdAt || a.id - b.id,
  );
}

async function listen(world: World, clock: ReturnType<typeof manualClock>) {
  const server = serve({
    fetch: createBlueskyReplay(world, clock).fetch,
    port: 0,
    hostname: "127.0.0.1",
  }) as Server;
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const jetstream = attachJetstream(server, world, clock, { pollMs: 50 });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    jetstream,
    base: `http://127.0.0.1:${port}`,
    ws: `ws://127.0.0.1:${port}/subscribe`,
  };
}

async function stop(s: { server: Server; jetstream: JetstreamHandle }) {
  await s.jetstream.close();
  await new Promise<void>((resolve) => {
    s.server.close(() => resolve());
    s.server.closeAllConnections();
  });
}

/** Opens a Jetstream socket and collects its messages (raw text and parsed). */
function subscribe(url: string) {
  const raw: string[] = [];
  const ws = new WebSocket(url);
  ws.on("message", (data) => raw.push(String(data)));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  return {
    raw,
    events: () => raw.map((r) => JSON.parse(r) as Json),
    opened,
    close: () =>
      new Promise<void>((resolve) => {
        if (ws.readyState === WebSocket.CLOSED) return resolve();
        ws.once("close", () => resolve());
        ws.close();
      }),
  };
}

async function until(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `ours` has only keys the real payload has, and every key of it except the optional ones. */
function expectKeysLike(ours: unknown, real: unknown, optional: string[] = []) {
  const o = Object.keys(ours as Json);
  const r = Object.keys(real as Json);
  expect(o.filter((k) => !r.includes(k))).toEqual([]);
  expect(r.filter((k) => !o.includes(k) && !optional.includes(k))).toEqual([]);
}

describe("Bluesky AppView replay", () => {
  const world = smallWorld();
  const clock = manualClock(world.start + 6 * DAY);
  let s: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    s = await listen(world, clock);
  });
  afterAll(() => stop(s));

  const get = async (path: string) => {
    const res = await fetch(`${s.base}${path}`);
    return { res, body: (await res.json()) as Json };
  };
  const getPostsPath = (uris: string[]) =>
    `/xrpc/app.bsky.feed.getPosts?${uris.map((u) => `uris=${encodeURIComponent(u)}`).join("&")}`;
  const visible = () => bskyPosts(world).filter((p) => p.createdAt <= clock.now());

  it("getPosts answers visible posts in request order with rate-limit headers; unknown and future uris are absent", async () => {
    const seen = visible();
    const future = bskyPosts(world).find((p) => p.createdAt > clock.now()) as WorldPost;
    const wanted = [seen[5], seen[0], seen[3]].map((p) => uriOf(world, p as WorldPost));
    const unknown = `at://${didOf(blueskyIndex(world), seen[0] as WorldPost)}/app.bsky.feed.post/3zzzzzzzzzzzz`;
    const { res, body } = await get(getPostsPath([...wanted, unknown, uriOf(world, future)]));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("ratelimit-limit")).toBe("3000");
    expect(res.headers.get("ratelimit-policy")).toBe("3000;w=300");
    expect(Number(res.headers.get("ratelimit-remaining"))).toBeLessThan(3000);
    expect(Number(res.headers.get("ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000);
    const posts = body.posts as Json[];
    expect(posts.map((p) => p.uri)).toEqual(wanted);
    for (const p of posts) expect(postViewSchema.safeParse(p).success).toBe(true);
    const first = seen[5] as WorldPost;
    expect(posts[0]).toMatchObject({
      likeCount: first.likes,
      repostCount: first.reposts,
      replyCount: first.replies,
      quoteCount: first.quotes,
      record: { text: first.text, langs: [first.lang], createdAt: new Date(first.createdAt).toISOString() },
      labels: [],
    });
    expect(posts[0]?.cid).toMatch(/^bafyrei[a-z2-7]{52}$/);
  });

  it("getProfiles answers by DID or handle with follower counts; postsCount grows with the clock", async () => {
    const author = world.authors.find((a) => a.platform === "bluesky" && a.did) as World["authors"][number];
    const handle = `${author.username}.bsky.social`;
    const { res, body } = await get(
      `/xrpc/app.bsky.actor.getProfiles?actors=${encodeURIComponent(author.did as string)}&actors=${handle}&actors=nobody.bsky.social`,
    );
    expect(res.status).toBe(200);
    const profiles = body.profiles as Json[];
    expect(profiles).toHaveLength(1); // the same account twice is answered once
    expect(profiles[0]).toMatchObject({
      did: author.did,
      handle,
      displayName: author.displayName,
      followersCount: author.followers,
      labels: [],
    });
    expect(profiles[0]).not.toHaveProperty("viewer");
    expect(profileViewSchema.safeParse(profiles[0]).success).toBe(true);

    const before = profiles[0]?.postsCount as number;
    const mine = bskyPosts(world).filter((p) => p.author === author.id);
    const later = manualClock(world.end);
    const app = createBlueskyReplay(world, later);
    const res2 = await app.request(`/xrpc/app.bsky.actor.getProfiles?actors=${author.did}`);
    const after = ((await res2.json()) as { profiles: Json[] }).profiles[0]?.postsCount as number;
    expect(after - before).toBe(mine.filter((p) => p.createdAt > clock.now()).length);
  });

  it("refuses more than 25 uris or actors, and bad or missing parameters, as the AppView does", async () => {
    const uris = visible()
      .slice(0, 26)
      .map((p) => uriOf(world, p));
    const tooMany = await get(getPostsPath(uris));
    expect(tooMany.res.status).toBe(400);
    expect(tooMany.body).toEqual({
      error: "InvalidRequest",
      message: "Error: uris must not have more than 25 elements",
    });
    const ok = await get(getPostsPath(uris.slice(0, 25)));
    expect((ok.body.posts as Json[]).length).toBe(25);

    const actors = Array.from({ length: 26 }, (_, i) => `actors=user${i}.bsky.social`).join("&");
    const tooManyActors = await get(`/xrpc/app.bsky.actor.getProfiles?${actors}`);
    expect(tooManyActors.res.status).toBe(400);
    expect(tooManyActors.body.error).toBe("InvalidRequest");

    expect((await get("/xrpc/app.bsky.feed.getPosts")).body).toEqual({
      error: "InvalidRequest",
      message: 'Error: Params must have the property "uris"',
    });
    expect((await get("/xrpc/app.bsky.feed.getPosts?uris=https://example.org/x")).res.status).toBe(400);
  });

  it("answers 501 MethodNotImplemented for other XRPC methods", async () => {
    const { res, body } = await get("/xrpc/app.bsky.feed.searchPosts?q=clusterwoche");
    expect(res.status).toBe(501);
    expect(body.error).toBe("MethodNotImplemented");
  });

  it("answers 429 once a client used up its window, with the reset time", async () => {
    let now = 1_700_000_000_000;
    const app = createBlueskyReplay(world, clock, { rateLimit: 2, now: () => now });
    const path = getPostsPath([uriOf(world, visible()[0] as WorldPost)]);
    expect((await app.request(path)).status).toBe(200);
    expect((await app.request(path)).headers.get("ratelimit-remaining")).toBe("0");
    const limited = await app.request(path);
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({ error: "RateLimitExceeded", message: "Rate Limit Exceeded" });
    expect(limited.headers.get("ratelimit-reset")).toBe(String((now + 300_000) / 1000));
    now += 300_000;
    expect((await app.request(path)).status).toBe(200);
  });

  it("writes a #tag facet per hashtag whose UTF-8 byte range is exactly '#Tag'", async () => {
    const all = visible();
    const views: Json[] = [];
    for (let i = 0; i < all.length; i += 25) {
      const { body } = await get(getPostsPath(all.slice(i, i + 25).map((p) => uriOf(world, p))));
      views.push(...(body.posts as Json[]));
    }
    expect(views).toHaveLength(all.length);
    let nonAsciiBefore = 0;
    for (const [k, view] of views.entries()) {
      const post = all[k] as WorldPost;
      const record = view.record as { text: string; facets?: { index: Json; features: Json[] }[] };
      const bytes = Buffer.from(record.text, "utf8");
      const tags: string[] = [];
      for (const f of record.facets ?? []) {
        const slice = bytes.subarray(f.index.byteStart as number, f.index.byteEnd as number).toString("utf8");
        const feature = f.features[0] as Json;
        if (feature.$type === "app.bsky.richtext.facet#tag") {
          expect(slice).toBe(`#${feature.tag}`);
          tags.push(feature.tag as string);
          if (/[^\p{ASCII}]/u.test(record.text.slice(0, record.text.indexOf(slice)))) nonAsciiBefore++;
        }
      }
      expect(tags).toEqual(post.tags);
      // The collector reads the same tags.
      expect(campaignTagsOf(record as never)).toEqual([...new Set(post.tags.map((t) => t.toLowerCase()))]);
    }
    expect(nonAsciiBefore).toBeGreaterThan(5);

    const emoji = views.find((v) => (v.record as Json).text === EMOJI_TEXT) as Json;
    const facets = (emoji.record as { facets: { index: Json; features: Json[] }[] }).facets;
    const bytes = Buffer.from(EMOJI_TEXT, "utf8");
    expect(
      facets.map((f) => bytes.subarray(f.index.byteStart as number, f.index.byteEnd as number).toString()),
    ).toEqual(["#Clusterwoche", "#Wärmepumpe", "#HM17"]);
  });

  it("detects mentions of known handles and bare-domain links as the Bluesky client does", () => {
    const text =
      "Danke an @known.bsky.social! Mehr unter photonicsbw.de, nicht @unknown.bsky.social. #Tag2017 #2017";
    const facets = detectFacets(text, (h) => (h === "known.bsky.social" ? "did:plc:known" : null));
    const bytes = Buffer.from(text);
    expect(
      facets.map((f) => [bytes.subarray(f.index.byteStart, f.index.byteEnd).toString(), f.features[0]]),
    ).toEqual([
      ["@known.bsky.social", { $type: "app.bsky.richtext.facet#mention", did: "did:plc:known" }],
      ["photonicsbw.de", { $type: "app.bsky.richtext.facet#link", uri: "https://photonicsbw.de" }],
      ["#Tag2017", { $type: "app.bsky.richtext.facet#tag", tag: "Tag2017" }],
    ]);
  });

  it("same seed, same answers, byte for byte", async () => {
    const a = createBlueskyReplay(smallWorld(), clock);
    const b = createBlueskyReplay(smallWorld(), clock);
    const uris = visible()
      .slice(10, 35)
      .map((p) => uriOf(world, p));
    const author = world.authors.find((x) => x.did) as World["authors"][number];
    for (const path of [getPostsPath(uris), `/xrpc/app.bsky.actor.getProfiles?actors=${author.did}`]) {
      const [ra, rb] = await Promise.all([a.request(path), b.request(path)]);
      expect(await ra.text()).toBe(await rb.text());
    }
  });
});

describe.skipIf(!hasFeeds)("Bluesky replay answers have the recorded real shapes", () => {
  const world = smallWorld();
  const app = createBlueskyReplay(world, manualClock(world.end));
  const post = bskyPosts(world)[0] as WorldPost;

  it("getPosts: the keys of the recorded PostView, its author and record", async () => {
    const real = readFeedJson<{ posts: Json[] }>("bluesky-getPosts-bsky.social.json").posts[0] as Json;
    const res = await app.request(
      `/xrpc/app.bsky.feed.getPosts?uris=${encodeURIComponent(uriOf(world, post))}`,
    );
    const ours = ((await res.json()) as { posts: Json[] }).posts[0] as Json;
    // embed (images) and viewer (a logged-in caller) are absent for a text post read anonymously.
    expectKeysLike(ours, real, ["embed", "viewer"]);
    expectKeysLike(ours.author, real.author, ["avatar", "associated", "viewer"]);
    expectKeysLike(ours.record, real.record, ["embed"]);
    const realFacet = (real.record as { facets: Json[] }).facets[0] as Json;
    const ourFacet = (ours.record as { facets: Json[] }).facets[0] as Json;
    expectKeysLike(ourFacet, realFacet);
    expectKeysLike(ourFacet.index, realFacet.index);
    expect(Object.keys(ourFacet.index as Json)).toEqual(Object.keys(realFacet.index as Json));
  });

  it("getProfiles: the keys of the recorded profileViewDetailed and its headers", async () => {
    const real = readFeedJson<{ profiles: Json[] }>("bluesky-getProfiles-bsky.social.json")
      .profiles[0] as Json;
    const headers = readFeedJson<{ headers: Record<string, string> }>(
      "bluesky-getProfiles-bsky.social.headers.json",
    ).headers;
    const did = blueskyIndex(world).byDid.keys().next().value as string;
    const res = await app.request(`/xrpc/app.bsky.actor.getProfiles?actors=${did}`);
    const ours = ((await res.json()) as { profiles: Json[] }).profiles[0] as Json;
    expectKeysLike(ours, real, ["avatar", "viewer", "banner", "description"]);
    expectKeysLike(ours.associated, real.associated, ["chat"]);
    for (const name of ["Content-Type", "RateLimit-Limit", "RateLimit-Policy", "Access-Control-Allow-Origin"])
      expect(res.headers.get(name)).toBe(headers[name]);
  });

  it("Jetstream post events have the keys of the recorded v1 post events", async () => {
    const realPosts = readFeed("bluesky-jetstream-v1-events.jsonl")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Json)
      .filter((e) => (e.commit as Json | undefined)?.collection === "app.bsky.feed.post");
    const withTags = readFeedJson<Json>("bluesky-jetstream-v1-post-with-tags.json");
    const realCreate = realPosts.find((e) => (e.commit as Json).operation === "create") as Json;
    const recordKeys = new Set(
      realPosts.flatMap((e) => Object.keys(((e.commit as Json).record as Json) ?? {})),
    );

    const clock = manualClock(world.end);
    const s = await listen(world, clock);
    try {
      const sub = subscribe(`${s.ws}?wantedCollections=app.bsky.feed.post&cursor=${world.start * 1000}`);
      await sub.opened;
      await until(() => sub.events().filter((e) => e.kind === "commit").length >= bskyPosts(world).length);
      await sub.close();
      const ours = sub.events().filter((e) => e.kind === "commit");
      for (const e of ours) {
        expect(Object.keys(e)).toEqual(Object.keys(realCreate));
        const commit = e.commit as Json;
        expect(Object.keys(commit)).toEqual(Object.keys(realCreate.commit as Json));
        const record = commit.record as Json;
        for (const k of Object.keys(record)) expect(recordKeys).toContain(k);
        expect(Object.keys(record)).toEqual([...Object.keys(record)].sort());
        expect(commit.rev).toMatch(/^[234567a-j][234567a-z]{12}$/);
        expect(commit.rkey).toMatch(/^[234567a-j][234567a-z]{12}$/);
        expect(commit.cid).toMatch(/^bafyrei[a-z2-7]{52}$/);
      }
      const realOther = (kind: string) =>
        readFeed("bluesky-jetstream-v1-events.jsonl")
          .split("\n")
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Json)
          .find((e) => e.kind === kind) as Json;
      const others = sub.events().filter((e) => e.kind !== "commit");
      expect(new Set(others.map((e) => e.kind))).toEqual(new Set(["identity", "account"]));
      for (const e of others) {
        const real = realOther(e.kind as string);
        expect(Object.keys(e)).toEqual(Object.keys(real));
        expect(Object.keys(e[e.kind as string] as Json)).toEqual(Object.keys(real[e.kind as string] as Json));
      }
      const tagged = ours.find((e) => ((e.commit as Json).record as Json).facets) as Json;
      const ourFacet = (((tagged.commit as Json).record as Json).facets as Json[])[0] as Json;
      const realFacet = ((((withTags.commit as Json).record as Json).facets as Json[])[0] as Json) ?? {};
      expect(Object.keys(ourFacet)).toEqual(Object.keys(realFacet));
      expect(Object.keys(ourFacet.index as Json)).toEqual(Object.keys(realFacet.index as Json));
    } finally {
      await stop(s);
    }
  });
});

describe("Jetstream replay", () => {
  const world = smallWorld();
  const T = world.start + 3 * DAY + 9 * 3_600_000; // Thursday 11:00 in Berlin, the opening
  const clock = manualClock(T);
  let s: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    s = await listen(world, clock);
  });
  afterAll(() => stop(s));

  const uriOfEvent = (e: Json) => `at://${e.did}/app.bsky.feed.post/${(e.commit as Json).rkey}`;
  const between = (from: number, to: number) =>
    bskyPosts(world)
      .filter((p) => p.createdAt > from && p.createdAt <= to)
      .map((p) => uriOf(world, p));

  it("replays exactly the posts and noise after the cursor, in time order, then tails live", async () => {
    clock.set(T);
    const from = world.start + 2 * DAY;
    const expected = between(from, T);
    expect(expected.length).toBeGreaterThan(20);
    const sub = subscribe(`${s.ws}?wantedCollections=app.bsky.feed.post&cursor=${from * 1000 + 999}`);
    await sub.opened;
    await until(() => sub.events().filter((e) => e.kind === "commit").length >= expected.length);
    await sleep(150);
    const events = sub.events();
    const commits = events.filter((e) => e.kind === "commit");
    expect(commits.map(uriOfEvent)).toEqual(expected);
    for (const e of events.filter((x) => x.kind !== "commit"))
      expect(["identity", "account"]).toContain(e.kind);
    const times = events.map((e) => e.time_us as number);
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1] as number);
    expect(times[0]).toBeGreaterThan(from * 1000 + 999);

    // Every event is one the real collector accepts; campaign posts carry the campaign tag, noise does not.
    const campaign = new Set(world.posts.filter((p) => p.platform === "bluesky").map((p) => uriOf(world, p)));
    for (const e of commits) {
      expect(jetstreamEventSchema.safeParse(e).success).toBe(true);
      const c = classifyEvent(e as never);
      expect(c.type).toBe("post");
      if (c.type !== "post") continue;
      expect(campaignTagsOf(c.post.record).includes("clusterwoche")).toBe(campaign.has(c.post.uri));
      expect(Math.floor(c.post.timeUs / 1000)).toBe(Date.parse(c.post.record.createdAt));
    }

    // The clock moves on: the new events arrive on the open socket.
    const next = between(T, T + 6 * 3_600_000);
    expect(next.length).toBeGreaterThan(0);
    clock.set(T + 6 * 3_600_000);
    await until(
      () => sub.events().filter((e) => e.kind === "commit").length >= expected.length + next.length,
    );
    await sleep(150);
    const all = sub.events().filter((e) => e.kind === "commit");
    expect(all.slice(expected.length).map(uriOfEvent)).toEqual(next);
    await sub.close();
  });

  it("without a cursor starts at the live edge: nothing historical, then what comes", async () => {
    clock.set(T);
    const sub = subscribe(`${s.ws}?wantedCollections=app.bsky.feed.post`);
    await sub.opened;
    await sleep(300);
    expect(sub.raw).toEqual([]);
    const next = between(T, T + 3 * 3_600_000);
    clock.set(T + 3 * 3_600_000);
    await until(() => sub.events().filter((e) => e.kind === "commit").length >= next.length);
    await sleep(150);
    expect(
      sub
        .events()
        .filter((e) => e.kind === "commit")
        .map(uriOfEvent),
    ).toEqual(next);
    await sub.close();
  });

  it("sends no posts to a client that wants other collections, honours wantedDids, refuses bad queries", async () => {
    clock.set(T);
    const likes = subscribe(`${s.ws}?wantedCollections=app.bsky.feed.like&cursor=${world.start * 1000}`);
    await likes.opened;
    await sleep(300);
    expect(likes.events().filter((e) => e.kind === "commit")).toEqual([]);
    await likes.close();
    // Identity and account events reach every subscriber, whatever collections it wants (Jetstream's README).
    const identities = likes.events();
    expect(identities.length).toBeGreaterThan(0);
    for (const e of identities) expect(["identity", "account"]).toContain(e.kind);

    const did = didOf(blueskyIndex(world), bskyPosts(world)[0] as WorldPost);
    const one = subscribe(`${s.ws}?wantedDids=${did}&cursor=${world.start * 1000}`);
    await one.opened;
    const mine = bskyPosts(world).filter(
      (p) => p.createdAt <= T && didOf(blueskyIndex(world), p) === did,
    ).length;
    await until(() => one.events().filter((e) => e.kind === "commit").length >= mine);
    await sleep(150);
    expect(new Set(one.events().map((e) => e.did))).toEqual(new Set([did]));
    await one.close();

    for (const bad of [`${s.ws}?wantedCollections=not_a_nsid!`, `${s.ws.replace("/subscribe", "/other")}`]) {
      const ws = new WebSocket(bad);
      const status = await new Promise<number>((resolve) => {
        ws.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
        ws.once("open", () => resolve(101));
        ws.once("error", () => undefined);
      });
      ws.terminate();
      expect([400, 404]).toContain(status);
    }
  });

  it("waits for options_update when asked to (requireHello) and applies its filters", async () => {
    clock.set(T);
    const sub = subscribe(`${s.ws}?requireHello=true&cursor=${world.start * 1000}`);
    await sub.opened;
    await sleep(250);
    expect(sub.raw).toEqual([]);
    const ws = new WebSocket(`${s.ws}?requireHello=true&cursor=${world.start * 1000}`);
    const got: Json[] = [];
    ws.on("message", (d) => got.push(JSON.parse(String(d)) as Json));
    await new Promise((r) => ws.once("open", r));
    ws.send(JSON.stringify({ type: "options_update", payload: { wantedCollections: ["app.bsky.feed.*"] } }));
    const n = between(0, T).length;
    await until(() => got.filter((e) => e.kind === "commit").length >= n);
    expect(got.filter((e) => e.kind === "commit")).toHaveLength(n);
    ws.close();
    await sub.close();
  });

  it("is read by the real collector's consumer from a cursor until idle", async () => {
    clock.set(T);
    const from = world.start + DAY;
    const seen: string[] = [];
    const result = await consumeJetstream({
      url: s.ws,
      cursor: String(from * 1000 + 999),
      idleMs: 400,
      maxRunMs: 10_000,
      signal: new AbortController().signal,
      onEvent: (e) => {
        if (e.kind === "commit") seen.push(`at://${e.did}/app.bsky.feed.post/${e.commit?.rkey}`);
      },
    });
    expect(result.malformed).toBe(0);
    expect(result.stop).toBe("idle");
    expect(seen).toEqual(between(from, T));
  });

  it("same seed, same event stream, byte for byte", async () => {
    const w2 = smallWorld();
    const s2 = await listen(w2, manualClock(T));
    try {
      const cursor = `cursor=${world.start * 1000}`;
      const a = subscribe(`${s.ws}?${cursor}`);
      const b = subscribe(`${s2.ws}?${cursor}`);
      await Promise.all([a.opened, b.opened]);
      const n = between(0, T).length;
      const commits = (x: typeof a) => x.events().filter((e) => e.kind === "commit").length;
      await until(() => commits(a) >= n && commits(b) >= n);
      await sleep(150);
      await Promise.all([a.close(), b.close()]);
      expect(n).toBeGreaterThan(30);
      expect(a.raw).toEqual(b.raw);
    } finally {
      await stop(s2);
    }
  });

  it("close() ends open subscriptions cleanly", async () => {
    const w3 = smallWorld();
    const s3 = await listen(w3, manualClock(T));
    const ws = new WebSocket(`${s3.ws}?wantedCollections=app.bsky.feed.post`);
    await new Promise((r) => ws.once("open", r));
    const closed = new Promise<number>((r) => ws.once("close", (code) => r(code)));
    await stop(s3);
    expect(await closed).toBe(1001);
  });
});
