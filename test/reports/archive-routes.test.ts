import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ResonanzError, ValidationError } from "../../data/errors.ts";
import { archiveReport, listReports, recordFailedReport, sha256Hex } from "../../reports/archive.ts";
import { createArchiveRoutes } from "../../reports/archive-routes.ts";
import { CAMPAIGNS, createTestDb, makePost, seed, type TestDb } from "../helpers/db.ts";
import { recordingLog, tempArchiveDir } from "./archive-helpers.ts";

const NOW = new Date("2017-04-29T12:00:00Z");
const PDF = Buffer.from("%PDF-1.4\n%archived\n%%EOF\n");
let t: TestDb;
let app: Hono;
let archive: ReturnType<typeof tempArchiveDir>;
const rec = recordingLog();

beforeAll(async () => {
  t = await createTestDb(() => NOW);
  seed(t.store, [makePost(), makePost({ createdAt: "2017-04-22T10:00:00.000Z" })]);
  archive = tempArchiveDir();
  app = new Hono().route(
    "/",
    createArchiveRoutes({
      db: t.database.db,
      campaigns: CAMPAIGNS,
      archiveDir: archive.dir,
      now: () => NOW,
      log: rec.log,
    }),
  );
  // Stands in for the server's one onError (server/app.ts): text off /api, no stack.
  app.onError((err, c) =>
    err instanceof ResonanzError
      ? c.json(
          { error: err.message, param: err instanceof ValidationError ? err.param : undefined },
          err.status as 400,
        )
      : c.text("Interner Fehler / Internal error", 500),
  );
});
afterAll(async () => {
  await t.database.close();
  archive.remove();
});

const deps = () => ({ db: t.database.db, archiveDir: archive.dir, now: () => NOW, log: rec.log });
const digest = {
  kind: "digest",
  campaign: "clusterwoche-2017",
  lang: "de",
  from: "2017-04-20",
  to: "2017-04-23",
} as const;

describe("GET /reports/archive/:id.pdf", () => {
  it("serves the verified file as an attachment with a safe name", async () => {
    const row = await archiveReport(deps(), { ...digest, pdf: PDF });
    const res = await app.request(`/reports/archive/${row.id}.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toBe(
      'attachment; filename="resonanz-clusterwoche-2017-zwischenbericht-2017-04-20-2017-04-23-de.pdf"',
    );
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("etag")).toBe(`"${sha256Hex(PDF)}"`);
    expect(Buffer.from(await res.arrayBuffer()).equals(PDF)).toBe(true);
  });

  it.each(["999999.pdf", "0.pdf", "1", "1.PDF", "1.pdf.exe", "..%2F..%2Fetc%2Fpasswd", "-1.pdf", "1e3.pdf"])(
    "answers %s with 404",
    async (name) => {
      const res = await app.request(`/reports/archive/${name}`);
      expect(res.status).toBe(404);
    },
  );

  it("a report whose generation failed has no file: 404", async () => {
    const failed = await recordFailedReport(deps(), { ...digest, kind: "manual", error: "boom" });
    expect((await app.request(`/reports/archive/${failed.id}.pdf`)).status).toBe(404);
  });

  it("refuses a tampered file with 409 and a clear message, no stack", async () => {
    const row = await archiveReport(deps(), { ...digest, lang: "en", pdf: PDF });
    writeFileSync(join(archive.dir, row.file ?? ""), Buffer.from("%PDF-1.4\n%changed!\n%%EOF\n"));
    const res = await app.request(`/reports/archive/${row.id}.pdf`);
    expect(res.status).toBe(409);
    const body = (await res.json()) as { error: string };
    expect(body.error).toBe(
      `archived report ${row.id} cannot be served: the file does not match its recorded SHA-256 (it was changed or damaged)`,
    );
    expect(JSON.stringify(body)).not.toMatch(/\n\s+at /);
  });
});

describe("POST /reports/archive", () => {
  const post = (body: string, type = "application/json", headers: Record<string, string> = {}) =>
    app.request("/reports/archive", { method: "POST", body, headers: { "content-type": type, ...headers } });

  it.each([
    ["no campaign", { lang: "de" }, "campaign"],
    ["an unknown campaign", { campaign: "nope", lang: "de" }, "campaign"],
    ["a path as campaign", { campaign: "../../etc", lang: "de" }, "campaign"],
    ["no language", { campaign: "clusterwoche-2017" }, "lang"],
    ["a bad language", { campaign: "clusterwoche-2017", lang: "fr" }, "lang"],
    ["a bad day", { campaign: "clusterwoche-2017", lang: "de", from: "2017-02-30" }, "from"],
    ["a day with a path", { campaign: "clusterwoche-2017", lang: "de", to: "2017-04-28/../x" }, "to"],
    [
      "from after to",
      { campaign: "clusterwoche-2017", lang: "de", from: "2017-04-25", to: "2017-04-21" },
      "from",
    ],
    ["a number as campaign", { campaign: 2017, lang: "de" }, "campaign"],
    ["an unknown field", { campaign: "clusterwoche-2017", lang: "de", file: "/etc/passwd" }, "file"],
    [
      "a kind (only manual reports are made on request)",
      { campaign: "clusterwoche-2017", lang: "de", kind: "final" },
      "kind",
    ],
    [
      "a window over a year",
      { campaign: "clusterwoche-2017", lang: "de", from: "2016-01-01", to: "2017-04-28" },
      "to",
    ],
  ])("%s → 400 naming %s", async (_, body, param) => {
    const before = (await listReports(t.database.db)).length;
    const res = await post(JSON.stringify(body));
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: string; param?: string };
    expect(json.param).toBe(param);
    expect(json.error).toContain(`'${param}'`);
    expect((await listReports(t.database.db)).length).toBe(before);
  });

  it.each([
    ["invalid JSON", "{", "application/json"],
    ["an array", "[]", "application/json"],
    ["no content type", "campaign=clusterwoche-2017&lang=de", "text/plain"],
  ])("%s → 400", async (_, body, type) => {
    expect((await post(body, type)).status).toBe(400);
  });

  it("a body larger than the form needs is refused", async () => {
    const res = await post(
      JSON.stringify({ campaign: "clusterwoche-2017", lang: "de", pad: "x".repeat(20_000) }),
    );
    expect(res.status).toBe(413);
  });

  it("a cross-site browser post is refused", async () => {
    const res = await post("campaign=clusterwoche-2017&lang=de", "application/x-www-form-urlencoded", {
      "sec-fetch-site": "cross-site",
    });
    expect(res.status).toBe(403);
  });

  it("JSON: generates, archives and answers 201 with the new report", async () => {
    const before = await listReports(t.database.db);
    const res = await post(
      JSON.stringify({ campaign: "clusterwoche-2017", lang: "en", from: "2017-04-21", to: "2017-04-22" }),
    );
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: number; href: string; sha256: string };
    expect(body).toMatchObject({
      kind: "manual",
      campaign: "clusterwoche-2017",
      lang: "en",
      from: "2017-04-21",
      to: "2017-04-22",
      trigger: "request",
      status: "archived",
      href: `/reports/archive/${body.id}.pdf`,
    });
    expect(body).not.toHaveProperty("file");
    expect(res.headers.get("location")).toBe(`/reports/archive/${body.id}.pdf`);
    const after = await listReports(t.database.db);
    expect(after).toHaveLength(before.length + 1);
    const row = after.find((r) => r.id === body.id);
    expect(sha256Hex(readFileSync(join(archive.dir, row?.file ?? "")))).toBe(body.sha256);
    const download = await app.request(body.href);
    expect(download.status).toBe(200);
    expect(sha256Hex(Buffer.from(await download.arrayBuffer()))).toBe(body.sha256);
  });

  it("a form post (the reports page) redirects back to the page, the new report marked", async () => {
    const res = await post(
      "campaign=clusterwoche-2017&lang=de&from=&to=&uiLang=en",
      "application/x-www-form-urlencoded",
      { "sec-fetch-site": "same-origin" },
    );
    expect(res.status).toBe(303);
    const [newest] = await listReports(t.database.db);
    expect(newest).toMatchObject({ kind: "manual", period_from: "2017-04-20", period_to: "2017-04-28" });
    expect(res.headers.get("location")).toBe(
      `/reports?campaign=clusterwoche-2017&lang=en&archived=${newest?.id}#archive-heading`,
    );
  });
});

describe("GET /reports/archive", () => {
  it("lists the recorded reports as JSON, without server paths", async () => {
    const res = await app.request("/reports/archive?campaign=clusterwoche-2017");
    expect(res.status).toBe(200);
    const list = (await res.json()) as { id: number; status: string; href: string | null }[];
    expect(list.length).toBeGreaterThan(2);
    expect(list.some((r) => r.status === "failed" && r.href === null)).toBe(true);
    expect(JSON.stringify(list)).not.toContain(archive.dir);
    expect((await app.request("/reports/archive?campaign=nope")).status).toBe(400);
  });
});
