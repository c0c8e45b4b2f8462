import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportAuthorPseudonym } from "../../data/privacy/pseudonym.ts";
import { type PostRecord, pseudonymiseRecord } from "../../reports/exports/posts-rows.ts";
import { dataApp, makePost, type PrivacyWorld, privacyWorld, SECRET } from "./privacy-world.ts";

const anna = { handle: "@anna@social.bund.de", name: "Anna Beispiel", url: null, followers: 120 };

let world: PrivacyWorld;
beforeAll(async () => {
  world = await privacyWorld([
    makePost({
      createdAt: "2017-04-21T09:00:00.000Z",
      text: "Mit @bob@mastodon.social und @carla.bsky.social #Clusterwoche",
      author: anna,
    }),
    makePost({
      createdAt: "2017-04-22T09:00:00.000Z",
      text: "Noch einmal, Mail an info@example.org #Clusterwoche",
      author: anna,
    }),
  ]);
});
afterAll(async () => {
  await world.database.close();
});

async function csvRows(query: string, secret: string | null = SECRET) {
  const res = await dataApp(world, secret).request(`/export/posts.csv?${query}`);
  expect(res.status).toBe(200);
  return {
    res,
    rows: parse(Buffer.from(await res.arrayBuffer()), { bom: true, columns: true }) as Record<
      string,
      string
    >[],
  };
}

/** Posts per author: what an analyst counts. */
function perAuthor(rows: Record<string, string>[], column: string): number[] {
  const n = new Map<string, number>();
  for (const r of rows) {
    const key = `${r.Plattform}|${r[column]}`;
    n.set(key, (n.get(key) ?? 0) + 1);
  }
  return [...n.values()].sort((a, b) => a - b);
}

describe("pseudonymised exports (?pseudonymise=1)", () => {
  it("replace handle and name by a stable pseudonym, drop url, mask mentions, keep the counts", async () => {
    const plain = await csvRows("");
    const { res, rows } = await csvRows("pseudonymise=1");
    expect(res.headers.get("content-disposition")).toMatch(/-pseudonymisiert\.csv"$/);
    expect(rows).toHaveLength(plain.rows.length);
    const body = JSON.stringify(rows);
    for (const handle of ["@anna@social.bund.de", "Anna Beispiel", "@a0@x.example", "Name @a1"])
      expect(body).not.toContain(handle);
    for (const r of rows) {
      expect(r["Autor:in (Handle)"]).toMatch(/^autor-[0-9a-f]{12}$/);
      expect(r["Autor:in (Name)"]).toBe(r["Autor:in (Handle)"]);
      expect(r.URL).toBe("");
      expect(r.UID).toMatch(/^beitrag-[0-9a-f]{20}$/);
    }
    // Counting per author gives the same distribution as with the real handles.
    expect(perAuthor(rows, "Autor:in (Handle)")).toEqual(perAuthor(plain.rows, "Autor:in (Handle)"));
    const annas = rows.filter(
      (r) => r["Autor:in (Handle)"] === exportAuthorPseudonym(SECRET, "mastodon", anna.handle),
    );
    expect(annas).toHaveLength(2);
    expect(annas.map((r) => r.Text).sort()).toEqual([
      "Mit @… und @… #Clusterwoche",
      "Noch einmal, Mail an info@example.org #Clusterwoche",
    ]);
    // Everything else is the plain export's.
    const strip = (r: Record<string, string>) => {
      const { UID: _u, URL: _l, "Autor:in (Handle)": _h, "Autor:in (Name)": _n, Text: _t, ...rest } = r;
      return rest;
    };
    expect(rows.map(strip)).toEqual(plain.rows.map(strip));
    // Stable: the same pseudonyms in a second export.
    expect((await csvRows("pseudonymise=1")).rows).toEqual(rows);
  });

  it("works for the workbook too", async () => {
    const res = await dataApp(world).request("/export/posts.xlsx?pseudonymise=true");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/-pseudonymisiert\.xlsx"$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const sheet = wb.getWorksheet("Beiträge");
    if (!sheet) throw new Error("no posts sheet");
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    const col = header.indexOf("Autor:in (Handle)");
    expect(col).toBeGreaterThan(0);
    let rows = 0;
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      rows++;
      expect(String(row.getCell(col).value)).toMatch(/^autor-[0-9a-f]{12}$/);
    });
    expect(rows).toBeGreaterThan(50);
    const all = JSON.stringify(sheet.getSheetValues());
    expect(all).not.toContain("@anna@social.bund.de");
    expect(all).not.toContain("@bob@mastodon.social");
  });

  it.each([
    ["pseudonymise=0", 200],
    ["pseudonymise=false", 200],
    ["pseudonymise=yes", 400],
  ])("%s → %i", async (q, status) => {
    const res = await dataApp(world).request(`/export/posts.csv?${q}`);
    expect(res.status).toBe(status);
    if (status === 200) expect(await res.text()).toContain("@anna@social.bund.de");
    else expect(await res.json()).toMatchObject({ param: "pseudonymise" });
  });

  it("is refused (503) without a server secret, the plain export still works", async () => {
    const res = await dataApp(world, null).request("/export/posts.csv?pseudonymise=1");
    expect(res.status).toBe(503);
    expect((await dataApp(world, null).request("/export/posts.csv")).status).toBe(200);
  });

  it("maps one record as documented", () => {
    const r: PostRecord = {
      uid: "mastodon:https://social.bund.de/users/anna/statuses/1",
      platform: "mastodon",
      url: "https://social.bund.de/@anna/1",
      createdAt: "2017-04-21T09:00:00.000Z",
      author: { handle: "@anna@social.bund.de", name: "Anna", followers: 7 },
      text: "Hallo @bob@x.example",
      lang: "de",
      sentimentLabel: "neutral",
      sentimentScore: 0,
      likes: 1,
      reposts: 2,
      replies: 3,
      quotes: 4,
      clusters: ["its-owl"],
      hashtags: ["clusterwoche"],
    };
    const p = pseudonymiseRecord(SECRET)(r);
    const pseudonym = exportAuthorPseudonym(SECRET, "mastodon", "@anna@social.bund.de");
    expect(p).toEqual({
      ...r,
      uid: expect.stringMatching(/^beitrag-/),
      url: null,
      author: { handle: pseudonym, name: pseudonym, followers: 7 },
      text: "Hallo @…",
    });
  });
});
