import pino from "pino";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../server/app.ts";
import { CAMPAIGNS, createTestDb, makePost, seed, type TestDb } from "../helpers/db.ts";

describe("JSON API via app.request", () => {
  let t: TestDb;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    t = await createTestDb();
    seed(t.store, [
      makePost({ createdAt: "2017-04-20T10:00:00.000Z", text: "Eröffnung der #Clusterwoche in Berlin" }),
      makePost({ createdAt: "2017-04-24T10:00:00.000Z", text: "<script>alert(1)</script> #Clusterwoche" }),
      makePost({ createdAt: "2017-04-25T10:00:00.000Z", platform: "mastodon", lang: "en" }),
    ]);
    app = createApp({
      db: t.database.db,
      store: t.store,
      campaigns: CAMPAIGNS,
      version: "9.9.9",
      now: () => new Date(),
      log: pino({ level: "silent" }),
    });
  });

  const get = async (path: string) => {
    const res = await app.request(path);
    return {
      status: res.status,
      type: res.headers.get("content-type"),
      body: (await res.json()) as Record<string, unknown>,
    };
  };

  it("GET /healthz", async () => {
    expect(await get("/healthz")).toEqual({
      status: 200,
      type: "application/json",
      body: { status: "ok", db: "ok", version: "9.9.9" },
    });
  });

  it("GET /api/summary has every documented field", async () => {
    const { status, body } = await get("/api/summary");
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(
      [
        "authors",
        "campaign",
        "engagement",
        "engagementRate",
        "from",
        "platforms",
        "posts",
        "potentialReach",
        "sentiment",
        "to",
        "uniqueReach",
      ].sort(),
    );
    expect(body).toMatchObject({
      posts: 3,
      campaign: "clusterwoche-2017",
      from: "2017-04-20",
      to: "2017-04-28",
      platforms: { mastodon: 3 },
    });
    expect(Object.keys(body.sentiment as object).sort()).toEqual(["mean", "negative", "neutral", "positive"]);
  });

  it("GET /api/posts returns the documented item shape, text as stored", async () => {
    const { body } = await get("/api/posts?limit=2");
    const items = body.items as Record<string, unknown>[];
    expect(items).toHaveLength(2);
    expect(Object.keys(items[0] as object).sort()).toEqual(
      [
        "author",
        "clusters",
        "createdAt",
        "hashtags",
        "lang",
        "likes",
        "platform",
        "quotes",
        "replies",
        "reposts",
        "sentiment",
        "text",
        "uid",
        "url",
      ].sort(),
    );
    expect(items[1]?.text).toBe("<script>alert(1)</script> #Clusterwoche");
    expect(typeof body.nextCursor).toBe("string");
    const next = await get(`/api/posts?limit=2&cursor=${body.nextCursor}`);
    expect((next.body.items as unknown[]).length).toBe(1);
    expect(next.body.nextCursor).toBeNull();
  });

  it("GET /api/posts?q= searches", async () => {
    const { body } = await get("/api/posts?q=er%C3%B6ffnung");
    expect((body.items as { text: string }[]).map((i) => i.text)).toEqual([
      "Eröffnung der #Clusterwoche in Berlin",
    ]);
  });

  it("GET /api/timeline gap-fills the campaign days", async () => {
    const { body } = await get("/api/timeline?bucket=day");
    expect(body.bucket).toBe("day");
    expect((body.series as { posts: number }[]).map((p) => p.posts)).toEqual([1, 0, 0, 0, 1, 1, 0, 0, 0]);
  });

  it.each([
    "/api/summary?from=gestern",
    "/api/summary?campaign=unknown",
    "/api/summary?platform=fax",
    "/api/summary?state=DE-XX",
    "/api/summary?cluster=It%27s%20OWL",
    "/api/summary?from=2017-04-28&to=2017-04-01",
    "/api/posts?limit=-1",
    "/api/posts?cursor=%00%00",
    "/api/posts?q=%2A%2A%2A",
    "/api/posts?sentiment=great",
    "/api/timeline?bucket=minute",
    "/api/timeline?from=0001-01-01&to=9999-12-31",
    "/api/summary?from=2016-01-01&to=2017-04-28",
    "/api/timeline?bucket=hour&from=2017-01-01&to=2017-04-28",
  ])("GET %s → 400 JSON with an error", async (path) => {
    const { status, type, body } = await get(path);
    expect(status).toBe(400);
    expect(type).toBe("application/json");
    expect(typeof body.error).toBe("string");
  });

  it("names the offending parameter", async () => {
    expect((await get("/api/posts?limit=0")).body).toEqual({
      error: expect.stringContaining("invalid parameter 'limit'"),
      param: "limit",
    });
  });

  it("unknown API routes are 404 JSON", async () => {
    expect(await get("/api/nope")).toMatchObject({
      status: 404,
      body: { error: "no such route: /api/nope" },
    });
  });

  it("a failing database gives 500 JSON without internals", async () => {
    const broken = await createTestDb();
    const app2 = createApp({
      db: broken.database.db,
      store: broken.store,
      campaigns: CAMPAIGNS,
      version: "x",
      now: () => new Date(),
      log: pino({ level: "silent" }),
    });
    // Every source a summary may read from: the campaign rows, the hourly rollups and the raw posts.
    await broken.database.db.schema.dropTable("rollup_campaign_totals").execute();
    await broken.database.db.schema.dropTable("rollup_hours").execute();
    await broken.database.db.schema.dropTable("post_hashtags").execute();
    const res = await app2.request("/api/summary");
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: "internal error" });
  });
});
