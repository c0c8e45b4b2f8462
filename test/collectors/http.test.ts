import { describe, expect, it } from "vitest";
import {
  abortableSleep,
  createHttpClient,
  type HttpPolicy,
  newRequestStats,
  rateLimitWaitMs,
} from "../../collectors/http.ts";
import {
  AbortedError,
  HttpError,
  NetworkError,
  RateLimitError,
  ResponseTooLargeError,
  TimeoutError,
} from "../../collectors/http-errors.ts";

const NOW = Date.parse("2025-07-17T20:02:58Z");
const policy: HttpPolicy = {
  timeoutMs: 200,
  maxRetries: 3,
  maxRateLimitWaitMs: 60_000,
  backoffBaseMs: 100,
  userAgent: "Resonanz/test",
};

/** A fetch that answers from a script, and a sleep that only records: the policy's decisions, no waiting. */
function scripted(answers: (Response | Error | "hang")[]) {
  const calls: { url: string; ua: string | null }[] = [];
  const sleeps: number[] = [];
  const fetchFn = (async (url: string, init?: RequestInit) => {
    calls.push({ url, ua: new Headers(init?.headers).get("user-agent") });
    const next = answers.shift() ?? new Response("[]");
    if (next === "hang") {
      return new Promise((_, reject) =>
        init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)),
      );
    }
    if (next instanceof Error) throw next;
    return next;
  }) as typeof fetch;
  const client = createHttpClient(policy, {
    fetch: fetchFn,
    sleep: async (ms, signal) => {
      if (signal.aborted) throw new AbortedError();
      sleeps.push(ms);
    },
    random: () => 0.5,
    now: () => NOW,
  });
  return { client, calls, sleeps };
}

const signal = () => new AbortController().signal;

describe("rateLimitWaitMs", () => {
  it.each([
    ["Mastodon ISO reset", { "x-ratelimit-reset": "2025-07-17T20:05:00.290188Z" }, 122_290 + 250],
    ["reset in the past", { "x-ratelimit-reset": "2025-07-17T20:00:00Z" }, 250],
    ["Retry-After seconds", { "retry-after": "7" }, 7000],
    ["Retry-After HTTP date", { "retry-after": "Thu, 17 Jul 2025 20:03:08 GMT" }, 10_250],
    ["RateLimit-Reset delta seconds", { "ratelimit-reset": "30" }, 30_000],
    ["RateLimit-Reset as Unix time (Bluesky)", { "ratelimit-reset": String(NOW / 1000 + 60) }, 60_250],
    ["no header", {}, null],
    ["garbage", { "x-ratelimit-reset": "soon" }, null],
  ])("%s", (_name, headers, expected) => {
    const got = rateLimitWaitMs(new Headers(headers as Record<string, string>), NOW);
    expect(got === null ? null : Math.round(got)).toBe(expected);
  });
});

describe("the shared HTTP policy", () => {
  it("returns a 2xx body and sends the User-Agent", async () => {
    const { client, calls } = scripted([new Response('[{"id":"1"}]', { status: 200 })]);
    const res = await client.get("http://x/a", { signal: signal() });
    expect(res.body).toBe('[{"id":"1"}]');
    expect(calls[0]?.ua).toBe("Resonanz/test");
  });

  it("retries 5xx with jittered exponential backoff, then succeeds", async () => {
    const { client, calls, sleeps } = scripted([
      new Response("", { status: 503 }),
      new Response("", { status: 502 }),
      new Response("ok"),
    ]);
    const stats = newRequestStats();
    await expect(client.get("http://x/a", { signal: signal(), stats })).resolves.toMatchObject({
      status: 200,
    });
    expect(calls).toHaveLength(3);
    expect(sleeps).toEqual([75, 150]); // base·2^n, jittered in [½, 1] (random = 0.5 → ¾)
    expect(stats).toEqual({ requests: 3, retries: 2, rateLimitWaitMs: 0 });
  });

  it("gives up after maxRetries with a typed error", async () => {
    const { client, calls } = scripted(Array.from({ length: 10 }, () => new Response("", { status: 500 })));
    const err = await client.get("http://x/a", { signal: signal() }).catch((e) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err.status).toBe(500);
    expect(calls).toHaveLength(4);
  });

  it("does not retry a 404 or 401", async () => {
    for (const status of [404, 401]) {
      const { client, calls } = scripted([new Response("", { status })]);
      await expect(client.get("http://x/a", { signal: signal() })).rejects.toMatchObject({
        name: "HttpError",
        status,
      });
      expect(calls).toHaveLength(1);
    }
  });

  it("waits until X-RateLimit-Reset on 429 and counts the wait", async () => {
    const reset = new Date(NOW + 5000).toISOString();
    const { client, sleeps } = scripted([
      new Response("", { status: 429, headers: { "x-ratelimit-reset": reset } }),
      new Response("ok"),
    ]);
    const stats = newRequestStats();
    await client.get("http://x/a", { signal: signal(), stats });
    expect(sleeps).toEqual([5250]);
    expect(stats.rateLimitWaitMs).toBe(5250);
  });

  it("fails at once when the reset is further away than allowed", async () => {
    const reset = new Date(NOW + 3_600_000).toISOString();
    const { client, calls } = scripted([
      new Response("", { status: 429, headers: { "x-ratelimit-reset": reset } }),
    ]);
    await expect(client.get("http://x/a", { signal: signal() })).rejects.toBeInstanceOf(RateLimitError);
    expect(calls).toHaveLength(1);
  });

  it("turns a hung request into TimeoutError after retries", async () => {
    const { client, calls } = scripted(["hang", "hang", "hang", "hang"]);
    await expect(client.get("http://x/a", { signal: signal() })).rejects.toBeInstanceOf(TimeoutError);
    expect(calls).toHaveLength(4);
  });

  it("turns a refused connection into NetworkError", async () => {
    const { client } = scripted([
      new TypeError("fetch failed"),
      new TypeError("fetch failed"),
      new TypeError("x"),
      new TypeError("y"),
    ]);
    await expect(client.get("http://x/a", { signal: signal() })).rejects.toBeInstanceOf(NetworkError);
  });

  it("stops with AbortedError when the run is aborted while waiting", async () => {
    const controller = new AbortController();
    const client = createHttpClient(policy, {
      fetch: (async () => new Response("", { status: 503 })) as unknown as typeof fetch,
      sleep: abortableSleep,
      random: () => 1,
      now: Date.now,
    });
    const pending = client.get("http://x/a", { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(AbortedError);
  });
});

describe("the HTTP policy's limits", () => {
  it("does not wait for Mastodon's rate-limit window on a 5xx: only Retry-After counts there", async () => {
    const reset = new Date(NOW + 299_000).toISOString();
    const { client, sleeps } = scripted([
      new Response("", { status: 503, headers: { "x-ratelimit-reset": reset } }),
      new Response("", { status: 503, headers: { "retry-after": "2" } }),
      new Response("ok"),
    ]);
    await client.get("http://x/a", { signal: signal() });
    expect(sleeps).toEqual([75, 2000]);
  });

  it.each([
    ["a declared Content-Length over the limit", { "content-length": "5000" }, "x".repeat(10)],
    ["a body that grows past the limit", {}, "x".repeat(5000)],
  ])("refuses %s", async (_name, headers, body) => {
    const client = createHttpClient(
      { ...policy, maxResponseBytes: 1000 },
      {
        fetch: (async () => new Response(body, { headers })) as unknown as typeof fetch,
        sleep: abortableSleep,
        random: () => 0,
        now: Date.now,
      },
    );
    await expect(client.get("http://x/big", { signal: signal() })).rejects.toBeInstanceOf(
      ResponseTooLargeError,
    );
  });
});

describe("one request at a time per host", () => {
  it("queues requests to the same host and lets other hosts run alongside", async () => {
    const active = new Map<string, number>();
    const peak = new Map<string, number>();
    let overall = 0;
    let overallPeak = 0;
    const fetchFn = (async (url: string) => {
      const host = new URL(url).host;
      active.set(host, (active.get(host) ?? 0) + 1);
      peak.set(host, Math.max(peak.get(host) ?? 0, active.get(host) ?? 0));
      overallPeak = Math.max(overallPeak, ++overall);
      await new Promise((r) => setTimeout(r, 20));
      active.set(host, (active.get(host) ?? 1) - 1);
      overall--;
      return new Response("ok");
    }) as unknown as typeof fetch;
    const client = createHttpClient(policy, {
      fetch: fetchFn,
      sleep: abortableSleep,
      random: () => 0,
      now: Date.now,
    });
    await Promise.all([
      client.get("http://a.example/1", { signal: signal() }),
      client.get("http://a.example/2", { signal: signal() }),
      client.get("http://a.example/3", { signal: signal() }),
      client.get("http://b.example/1", { signal: signal() }),
    ]);
    expect(peak.get("a.example")).toBe(1);
    expect(overallPeak).toBe(2);
  });

  it("a failed request does not block the next one to the same host", async () => {
    const { client } = scripted([new Response("", { status: 404 }), new Response("ok")]);
    await expect(client.get("http://x/a", { signal: signal() })).rejects.toBeInstanceOf(HttpError);
    await expect(client.get("http://x/b", { signal: signal() })).resolves.toMatchObject({ status: 200 });
  });
});
