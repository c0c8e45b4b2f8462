import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fuzzRoute, type RouteSpec, summarize } from "./harness.ts";
import { createHostileWorld, type HostileWorld } from "./world.ts";

/**
 * Bounded fuzzing of the JSON API (server/api.ts, server/live.ts): every
 * route's parameters with deterministic hostile values. The common filters
 * (data/filters.ts, one parser for every route) are fuzzed deeply on
 * /api/posts and with a spread of the catalogue on every other route.
 */
const FILTERS = ["campaign", "from", "to", "platform", "lang", "cluster", "state"];

const ROUTES: RouteSpec[] = [
  { path: "/api/posts", kind: "api", params: [...FILTERS, "q", "sentiment", "limit", "cursor"] },
  { path: "/healthz", kind: "api", params: [] },
  // server/access/: who am I (401 without a session).
  { path: "/api/session", kind: "api", params: ["lang"], alsoAllowed: [401] },
  { path: "/api/summary", kind: "api", params: [], sharedParams: FILTERS },
  { path: "/api/timeline", kind: "api", params: ["bucket"], sharedParams: FILTERS },
  { path: "/api/clusters", kind: "api", params: [], sharedParams: FILTERS },
  {
    path: "/api/clusters/:id",
    kind: "api",
    params: [],
    sharedParams: FILTERS,
    pathParam: { name: "id" },
    alsoAllowed: [404],
  },
  { path: "/api/states", kind: "api", params: [], sharedParams: FILTERS },
  { path: "/api/events", kind: "api", params: [], sharedParams: FILTERS },
  {
    path: "/api/compare",
    kind: "api",
    params: ["with"],
    sharedParams: FILTERS,
    // Without `with`, the 2017 edition has nothing to compare with (a 400).
    base: { with: "clusterwoche-2019" },
    // A campaign that is the `with` campaign is refused as such.
    paramAliases: { campaign: ["campaign", "with"] },
  },
  { path: "/api/top-posts", kind: "api", params: ["limit"], sharedParams: FILTERS },
  { path: "/api/authors", kind: "api", params: ["limit"], sharedParams: FILTERS },
  { path: "/api/hashtags", kind: "api", params: ["limit"], sharedParams: FILTERS },
  { path: "/api/languages", kind: "api", params: [], sharedParams: FILTERS },
  { path: "/api/sources", kind: "api", params: ["gapHours"], sharedParams: FILTERS },
  {
    path: "/api/live",
    kind: "api",
    params: ["after"],
    sharedParams: FILTERS,
    header: "last-event-id",
    stream: true,
    // A Last-Event-ID header wins over ?after=, so its errors name `after` too.
    paramAliases: { "last-event-id": ["after"] },
  },
];

describe("fuzzing the JSON API", () => {
  let world: HostileWorld;
  beforeAll(async () => {
    world = await createHostileWorld({ livePollMs: 20 });
  });
  afterAll(async () => {
    await world?.close();
  });

  it.each(ROUTES.map((r) => [r.path, r] as const))(
    "%s: never a 5xx; 4xx are JSON with error and param; no internals in any body",
    async (_path, spec) => {
      const t = Date.now();
      const result = await fuzzRoute(world, spec, { n: 300, shared: 60 });
      const { requests, failures } = summarize([result]);
      console.info(`${spec.path}: ${requests} requests in ${Date.now() - t} ms`, result.statuses);
      expect(failures.slice(0, 40), `${failures.length} failures`).toEqual([]);
      expect(requests).toBeGreaterThan(spec.params.length > 0 || spec.pathParam ? 150 : 60);
    },
    120_000,
  );
});
