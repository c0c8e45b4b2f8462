import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { beforeEach, describe, expect, it } from "vitest";
import { createXrpcClient, methodOf, XrpcError } from "../../collectors/bluesky/xrpc.ts";
import { newRequestStats } from "../../collectors/http.ts";
import { NetworkError, RateLimitError, ResponseTooLargeError } from "../../collectors/http-errors.ts";
import { hasFeeds, NO_SHARED, readFeedJson } from "../helpers/shared.ts";

if (!hasFeeds) console.warn(NO_SHARED);

const BASE = "http://pds.test";
const SEARCH = `${BASE}/xrpc/app.bsky.feed.searchPosts?q=%23clusterwoche`;
const LOGIN = `${BASE}/xrpc/com.atproto.server.createSession`;

describe("XRPC client (the shared HTTP policy, with bodies and error names)", () => {
  let app: Hono;
  let seen: { method: string; url: string; auth: string | null; type: string | null; body: string }[];
  let slept: number[];
  let now: number;
  const signal = new AbortController().signal;

  beforeEach(() => {
    app = new Hono();
    seen = [];
    slept = [];
    now = Date.parse("2025-05-19T17:41:36Z");
    app.use(async (c, next) => {
      seen.push({
        method: c.req.method,
        url: c.req.url,
        auth: c.req.header("authorization") ?? null,
        type: c.req.header("content-type") ?? null,
        body: await c.req.text(),
      });
      await next();
    });
  });

  function client(maxRetries = 2, maxResponseBytes?: number) {
    return createXrpcClient(
      {
        timeoutMs: 2000,
        maxRetries,
        maxRateLimitWaitMs: 60_000,
        backoffBaseMs: 10,
        userAgent: "Resonanz/test",
        ...(maxResponseBytes ? { maxResponseBytes } : {}),
      },
      {
        fetch: ((url: string, init?: RequestInit) => app.request(url, init)) as typeof fetch,
        sleep: async (ms) => {
          slept.push(ms);
          now += ms;
        },
        random: () => 0.5,
        now: () => now,
      },
    );
  }

  it("POSTs JSON and sends a token only in the Authorization header", async () => {
    app.post("/xrpc/com.atproto.server.createSession", (c) => c.json({ ok: true }));
    app.post("/xrpc/com.atproto.server.refreshSession", (c) => c.json({}));
    const json = await client().post(LOGIN, { identifier: "a", password: "p" }, { signal, token: "tok" });
    expect(json).toEqual({ ok: true });
    expect(seen).toEqual([
      {
        method: "POST",
        url: LOGIN,
        auth: "Bearer tok",
        type: "application/json",
        body: '{"identifier":"a","password":"p"}',
      },
    ]);
    await client().post(`${BASE}/xrpc/com.atproto.server.refreshSession`, undefined, { signal });
    expect(seen[1]).toMatchObject({ auth: null, type: null, body: "" });
  });

  it("names the XRPC error of a refusal, and echoes nothing that is not a name", async () => {
    let body: string | object = { error: "ExpiredToken", message: "Token has expired" };
    app.get("/xrpc/app.bsky.feed.searchPosts", (c) =>
      typeof body === "string" ? c.text(body, 400) : c.json(body, 400),
    );
    const fail = (): Promise<XrpcError> =>
      client()
        .get(SEARCH, { signal, token: "secret-token" })
        .then(
          () => Promise.reject(new Error("no refusal")),
          (e: unknown) => e as XrpcError,
        );
    let err = await fail();
    expect(err).toBeInstanceOf(XrpcError);
    expect([err.status, err.error, err.serverMessage]).toEqual([400, "ExpiredToken", "Token has expired"]);
    expect(err.message).toBe(`HTTP 400 from ${SEARCH}: ExpiredToken`);
    body = { error: "<script>alert(1)</script>" };
    err = await fail();
    expect([err.error, err.message]).toEqual([null, `HTTP 400 from ${SEARCH}`]);
    body = "<html>Bad Gateway</html>";
    err = await fail();
    expect(err.error).toBeNull();
    expect(JSON.stringify([err.message, err.stack])).not.toContain("secret-token");
    expect(seen).toHaveLength(3);
  });

  it.skipIf(!hasFeeds)(
    "fails fast on a 429 whose recorded RateLimit-Reset lies beyond the allowed wait",
    async () => {
      const { headers } = readFeedJson<{ headers: Record<string, string> }>(
        "bluesky-searchPosts-bsky.social-redistricting.headers.json",
      );
      const limited = { ...headers, "RateLimit-Remaining": "0" };
      delete (limited as Record<string, string>)["Content-Encoding"];
      delete (limited as Record<string, string>)["Transfer-Encoding"];
      app.get("/xrpc/app.bsky.feed.searchPosts", (c) =>
        c.json({ error: "RateLimitExceeded", message: "Rate Limit Exceeded" }, 429, limited),
      );
      const err = await client()
        .get(SEARCH, { signal })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RateLimitError);
      // Reset 1747676784 (Unix s) is 288 s after the recorded Date; the policy allows 60 s.
      expect((err as RateLimitError).waitMs).toBe(288_000 + 250);
      expect(seen).toHaveLength(1);
      expect(slept).toEqual([]);
    },
  );

  it("waits for a near rate-limit reset and retries 5xx with backoff, within maxRetries", async () => {
    let n = 0;
    app.get("/xrpc/app.bsky.feed.searchPosts", (c) => {
      n++;
      if (n === 1)
        return c.json({ error: "RateLimitExceeded" }, 429, { "ratelimit-reset": String(now / 1000 + 2) });
      if (n === 2) return c.json({ error: "UpstreamFailure" }, 503);
      return c.json({ posts: [] });
    });
    const stats = newRequestStats();
    expect(await client().get(SEARCH, { signal, stats })).toEqual({ posts: [] });
    expect(slept).toEqual([2250, 15]);
    expect(stats).toEqual({ requests: 3, retries: 2, rateLimitWaitMs: 2250 });
    // Logins pass maxRetries 0: one attempt, whatever the status.
    n = 1;
    const err = await client()
      .get(SEARCH, { signal, maxRetries: 0 })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "XrpcError", status: 503, error: "UpstreamFailure" });
  });

  it("does not follow a redirect, which could hand the password to another address", async () => {
    app.post("/xrpc/com.atproto.server.createSession", (c) => c.redirect("/steal", 307));
    app.post("/steal", (c) => c.json({ stolen: true }));
    // Real fetch over loopback: Hono's app.request does not follow redirects at all.
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const real = createXrpcClient(
        { timeoutMs: 2000, maxRetries: 0, maxRateLimitWaitMs: 1000, backoffBaseMs: 10, userAgent: "t" },
        { fetch, sleep: async () => {}, random: Math.random, now: Date.now },
      );
      const err = await real
        .post(`${base}/xrpc/com.atproto.server.createSession`, { identifier: "a", password: "p" }, { signal })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NetworkError);
      expect(seen.map((r) => new URL(r.url).pathname)).toEqual(["/xrpc/com.atproto.server.createSession"]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("refuses an answer larger than the policy allows", async () => {
    app.get("/xrpc/app.bsky.feed.searchPosts", (c) => c.json({ posts: [], pad: "x".repeat(5000) }));
    const big = await client(0, 1024)
      .get(SEARCH, { signal })
      .catch((e: unknown) => e);
    expect(big).toBeInstanceOf(ResponseTooLargeError);
  });

  it("names the method of an XRPC URL", () => {
    expect(methodOf(SEARCH)).toBe("app.bsky.feed.searchPosts");
    expect(methodOf("http://x/other")).toBe("http://x/other");
  });
});
