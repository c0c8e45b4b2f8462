import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ResonanzError, ValidationError } from "../../data/errors.ts";
import { createReportRoutes } from "../../reports/routes.ts";
import { CAMPAIGNS, createTestDb, makePost, seed, type TestDb } from "../helpers/db.ts";

let t: TestDb;
let app: Hono;

beforeAll(async () => {
  t = await createTestDb();
  seed(t.store, [makePost(), makePost({ createdAt: "2017-04-22T10:00:00.000Z" })]);
  app = new Hono().route(
    "/",
    createReportRoutes({
      db: t.database.db,
      campaigns: CAMPAIGNS,
      now: () => new Date("2017-04-29T12:00:00Z"),
    }),
  );
  // Stands in for the server's one onError.
  app.onError((err, c) =>
    err instanceof ResonanzError
      ? c.json(
          { error: err.message, param: err instanceof ValidationError ? err.param : undefined },
          err.status as 400,
        )
      : c.json({ error: "internal" }, 500),
  );
});

afterAll(async () => {
  await t.database.close();
});

describe("GET /reports/week.pdf", () => {
  it("returns the German PDF inline by default", async () => {
    const res = await app.request("/reports/week.pdf");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toBe(
      'inline; filename="resonanz-clusterwoche-2017-woche.pdf"',
    );
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(bytes.toString("latin1")).toContain("/Lang (de-DE)");
  });

  it("takes lang as the report language, campaign as a filter", async () => {
    const res = await app.request("/reports/week.pdf?lang=en&campaign=clusterwoche-2019");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe(
      'inline; filename="resonanz-clusterwoche-2019-woche.pdf"',
    );
    expect(Buffer.from(await res.arrayBuffer()).toString("latin1")).toContain("/Lang (en-GB)");
  });

  it.each([
    ["?lang=xx", "lang"],
    ["?lang=DE", "lang"],
    ["?campaign=nope", "campaign"],
    ["?from=2017-13-01", "from"],
    ["?from=2017-04-25&to=2017-04-21", "from"],
    ["?platform=myspace", "platform"],
    // Here `lang` is the report language, so a bad post language is named postLang.
    ["?postLang=Deutsch", "postLang"],
    ["?lang=en&postLang=x1", "postLang"],
  ])("answers %s with 400 naming the parameter %s", async (query, name) => {
    const res = await app.request(`/reports/week.pdf${query}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; param?: string };
    expect(body.error).toContain(`'${name}'`);
    expect(body.param).toBe(name);
  });
});

describe("GET /reports/clusters/:id.pdf", () => {
  it("returns the cluster's PDF, named after campaign and cluster", async () => {
    // The test database has no registry, so sync one cluster first.
    t.database.sqlite
      .prepare("INSERT OR IGNORE INTO clusters (id, name, states, updated_at) VALUES (?, ?, ?, ?)")
      .run("its-owl", "it's OWL", '["DE-NW"]', "2017-04-01T00:00:00.000Z");
    const res = await app.request("/reports/clusters/its-owl.pdf?lang=en&cluster=ignored&state=DE-BY");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toBe(
      'inline; filename="resonanz-clusterwoche-2017-its-owl-bericht.pdf"',
    );
    expect(Buffer.from(await res.arrayBuffer()).toString("latin1")).toContain("/Lang (en-GB)");
  });

  it.each([
    ["/reports/clusters/no-such-cluster.pdf", 404],
    ["/reports/clusters/its-owl.docx", 404],
    ["/reports/clusters/..%2Fetc%2Fpasswd.pdf", 404],
    ["/reports/clusters/its-owl.pdf?from=2017-99-01", 400],
  ])("%s → %d", async (path, status) => {
    const res = await app.request(path);
    expect(res.status).toBe(status);
  });
});
