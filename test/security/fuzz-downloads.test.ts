import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fuzzRoute, type RouteSpec, summarize } from "./harness.ts";
import { createHostileWorld, type HostileWorld } from "./world.ts";

/**
 * Bounded fuzzing of the downloads: PDF reports (reports/routes.ts), the
 * report archive (reports/archive-routes.ts) and the CSV/XLSX exports
 * (reports/exports/routes.ts). Errors are JSON (server/app.ts onError). The
 * download parameters (reports/request.ts: `lang`, `postLang` and the filters)
 * are fuzzed deeply on /export/clusters.csv; a PDF route gets only the values
 * that CSV route refuses (a value it accepts would render a whole report, which
 * takes seconds; test/reports covers the renderers).
 */
const FILTERS = ["campaign", "from", "to", "platform", "postLang", "cluster", "state"];

const ROUTES: RouteSpec[] = [
  { path: "/export/clusters.csv", kind: "download", params: ["lang", "sep", ...FILTERS] },
  { path: "/export/posts.csv", kind: "download", params: ["sep"], sharedParams: ["lang", ...FILTERS] },
  { path: "/export/posts.xlsx", kind: "download", params: [], sharedParams: ["lang", ...FILTERS] },
  {
    path: "/reports/week.pdf",
    kind: "download",
    params: ["lang", ...FILTERS],
    twin: "/export/clusters.csv",
  },
  {
    path: "/reports/clusters/:id",
    kind: "download",
    params: ["lang", "campaign", "from", "to", "platform", "postLang"],
    pathParam: { name: "id", suffix: ".pdf", skip: ["its-owl", "xss-1"] },
    twin: "/export/clusters.csv",
    alsoAllowed: [404],
  },
  { path: "/reports/archive", kind: "download", params: ["campaign"] },
  {
    path: "/reports/archive/:id",
    kind: "download",
    params: [],
    pathParam: { name: "id" },
    alsoAllowed: [404],
  },
];

describe("fuzzing the downloads", () => {
  let world: HostileWorld;
  beforeAll(async () => {
    world = await createHostileWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  it.each(ROUTES.map((r) => [r.path, r] as const))(
    "%s: never a 5xx; errors are JSON with error and param; no internals in any body",
    async (_path, spec) => {
      const t = Date.now();
      const result = await fuzzRoute(world, spec, { n: 200, shared: 30 });
      const { requests, failures } = summarize([result]);
      console.info(`${spec.path}: ${requests} requests in ${Date.now() - t} ms`, result.statuses);
      expect(failures.slice(0, 40), `${failures.length} failures`).toEqual([]);
      expect(requests).toBeGreaterThan(100);
    },
    120_000,
  );
});
