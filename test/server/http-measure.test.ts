import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { measurePaths } from "../../server/bench/http-measure.ts";

describe("the benchmark's route timing", () => {
  const asked: string[] = [];
  let server: Server;
  let base = "";
  // Until `slowUntil` every request takes 30 ms more: a slow stretch that starts with the first one.
  let slowUntil = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      asked.push(req.url ?? "");
      const wait = Date.now() < slowUntil ? 30 : 0;
      setTimeout(() => {
        res.statusCode = req.url === "/missing" ? 404 : 200;
        res.end("ok");
      }, wait);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("asks the paths in rounds, the warm-up rounds untimed, and keeps each path's statuses", async () => {
    asked.length = 0;
    const r = await measurePaths(base, ["/a", "/b", "/missing"], { runs: 3, warmup: 1 });
    expect(asked).toEqual(Array.from({ length: 4 }, () => ["/a", "/b", "/missing"]).flat());
    expect(r.map((x) => [x.path, x.statuses])).toEqual([
      ["/a", [200]],
      ["/b", [200]],
      ["/missing", [404]],
    ]);
    for (const x of r) expect(x.p95).toBeGreaterThanOrEqual(x.p50);
  });

  it("spreads a slow stretch over every path instead of the one timed first", async () => {
    slowUntil = Date.now() + 150;
    const r = await measurePaths(base, ["/first", "/second"], { runs: 20, warmup: 0 });
    slowUntil = 0;
    const [first, second] = r.map((x) => x.max);
    // Both paths met the slow start; asked path by path, the second would not have.
    expect(first).toBeGreaterThan(20);
    expect(second).toBeGreaterThan(20);
  });
});
