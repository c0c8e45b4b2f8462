import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fuzzRoute, type RouteSpec, summarize } from "./harness.ts";
import { createHostileWorld, type HostileWorld } from "./world.ts";

/**
 * Bounded fuzzing of the dashboard pages (dashboard/routes.tsx,
 * dashboard/cluster-routes.tsx, dashboard/explore-routes.tsx, the upload form
 * of server/import-routes.tsx) and the static assets: every parameter with
 * deterministic hostile values. A bad value is an HTML 400 page with the CSP;
 * every page, good or bad, is checked for unescaped markup (the world's posts,
 * names and events are the XSS catalogue, so each render is a sink test too).
 * The page filters (one parser, dashboard/page-context.tsx) are fuzzed deeply
 * on /posts and with a spread of the catalogue on every other page.
 */
const FILTERS = ["campaign", "from", "to", "platform", "postLang", "cluster", "state", "lang"];

const ROUTES: RouteSpec[] = [
  { path: "/posts", kind: "page", params: [...FILTERS, "q", "sentiment", "limit", "cursor"] },
  { path: "/", kind: "page", params: ["bucket", "compare"], sharedParams: FILTERS },
  { path: "/clusters", kind: "page", params: ["sort", "dir"], sharedParams: FILTERS },
  {
    path: "/clusters/:id",
    kind: "page",
    params: [],
    sharedParams: FILTERS,
    pathParam: { name: "id" },
    // An unknown id is a 404 page; choosing another cluster in the form is a 303 to its page.
    alsoAllowed: [303, 404],
  },
  { path: "/laender", kind: "page", params: [], sharedParams: FILTERS },
  { path: "/events", kind: "page", params: [], sharedParams: FILTERS },
  { path: "/reports", kind: "page", params: ["reportCluster", "archived"], sharedParams: FILTERS },
  { path: "/sources", kind: "page", params: ["gapHours"], sharedParams: FILTERS },
  { path: "/embed/wall", kind: "page", params: ["campaign", "cluster", "limit", "lang"] },
  { path: "/import", kind: "page", params: ["lang"], admin: true },
  // server/access/: the login form (`next` is where a login leads: never off the site).
  { path: "/login", kind: "page", params: ["lang", "next"] },
  // Share links (server/access/share-links.ts): a forged or broken token is a refusal page.
  {
    path: "/s/:id",
    kind: "page",
    params: [],
    pathParam: { name: "token" },
    alsoAllowed: [303, 403, 404, 410],
  },
];

describe("fuzzing the dashboard pages", () => {
  let world: HostileWorld;
  beforeAll(async () => {
    world = await createHostileWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  it.each(ROUTES.map((r) => [r.path, r] as const))(
    "%s: never a 5xx; bad values are an HTML 400 page with the CSP; no unescaped markup, no internals",
    async (_path, spec) => {
      const t = Date.now();
      const result = await fuzzRoute(world, spec, { n: spec.path === "/posts" ? 60 : 100, shared: 16 });
      const { requests, failures } = summarize([result]);
      console.info(`${spec.path}: ${requests} requests in ${Date.now() - t} ms`, result.statuses);
      expect(failures.slice(0, 40), `${failures.length} failures`).toEqual([]);
      expect(requests).toBeGreaterThan(150);
    },
    120_000,
  );
});
