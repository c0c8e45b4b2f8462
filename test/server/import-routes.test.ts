import pino from "pino";
import { beforeEach, describe, expect, it } from "vitest";
import { createImportRoutes } from "../../server/import-routes.tsx";
import { CAMPAIGNS, createTestDb, type TestDb } from "../helpers/db.ts";

const HEADER =
  "id,url,created_at,author_handle,author_name,author_followers,text,likes,reposts,replies,quotes,lang";
const CSV = [
  HEADER,
  "1,,2017-04-20T10:00:00+02:00,anna,Anna,10,Auftakt der #Clusterwoche,5,1,0,0,de", // 2
  "2,,<script>alert(1)</script>,anna,,,x,0,0,0,0,", // 3: bad date, hostile cell
  "3,,2017-04-21,anna,,,ohne Hashtag,0,0,0,0,de", // 4
  "4,,2017-04-21,anna,,,,0,0,0,0,de", // 5: no text
].join("\n");

function upload(
  fields: { platform?: string; author?: string; file?: File | string },
  headers: Record<string, string> = {},
) {
  const form = new FormData();
  if (fields.platform !== undefined) form.set("platform", fields.platform);
  if (fields.author !== undefined) form.set("author", fields.author);
  if (fields.file !== undefined) form.set("file", fields.file);
  return { method: "POST", body: form, headers: { "sec-fetch-site": "same-origin", ...headers } };
}

const csvFile = (text = CSV, name = "posts.csv") => new File([text], name, { type: "text/csv" });

describe("the import upload page", () => {
  let t: TestDb;
  let app: ReturnType<typeof createImportRoutes>;
  beforeEach(async () => {
    t = await createTestDb();
    app = createImportRoutes({ store: t.store, campaigns: CAMPAIGNS, log: pino({ level: "silent" }) });
  });

  it("takes one upload at a time: a second one meanwhile gets 503 and stores nothing twice", async () => {
    const [first, second] = await Promise.all([
      app.request("/import", upload({ platform: "csv", file: csvFile() })),
      app.request("/import", upload({ platform: "csv", file: csvFile() })),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 503]);
    const again = await app.request("/import", upload({ platform: "csv", file: csvFile() }));
    expect(again.status).toBe(200);
  });

  it("GET /import shows the form in German, without inline script or style", async () => {
    const res = await app.request("/import");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<html lang="de">');
    expect(html).toContain("Plattform-Exporte importieren");
    expect(html).toMatch(/<link rel="stylesheet" href="\/assets\/app\.css\?v=[0-9a-f]+"/);
    expect(html).toContain('enctype="multipart/form-data"');
    expect(html).toContain('action="/import"');
    for (const p of ["x", "linkedin", "instagram", "csv"]) expect(html).toContain(`<option value="${p}"`);
    expect(html).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=/i);
  });

  it("GET /import?lang=en is English and posts back in English", async () => {
    const html = await (await app.request("/import?lang=en")).text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("Import platform exports");
    expect(html).toContain('action="/import?lang=en"');
  });

  it("POST /import stores the file and shows counts and bad rows by line; a re-upload changes nothing", async () => {
    const res = await app.request("/import", upload({ platform: "csv", file: csvFile() }));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Import von „posts.csv“");
    expect(counts(html)).toEqual({
      "Zeilen gelesen": "4",
      "neu gespeichert": "2",
      aktualisiert: "0",
      unverändert: "0",
      abgelehnt: "2",
      "mit Kampagnen-Hashtag": "1",
    });
    expect(html).toContain("1 von 2 gespeicherten Beiträgen tragen einen Kampagnen-Hashtag");
    expect(html).toContain(
      "<strong>Zeile 3</strong>: created_at is not a date: &#39;&lt;script&gt;alert(1)&lt;/script&gt;&#39;",
    );
    expect(html).toContain("<strong>Zeile 5</strong>: text is empty");
    expect(html).not.toContain("<script>alert(1)");
    expect(t.database.sqlite.prepare("SELECT uid, likes FROM posts ORDER BY uid").all()).toEqual([
      { uid: "csv:1", likes: 5 },
      { uid: "csv:3", likes: 0 },
    ]);

    const again = await (await app.request("/import", upload({ platform: "csv", file: csvFile() }))).text();
    expect(counts(again)).toMatchObject({ "neu gespeichert": "0", unverändert: "2" });
    expect(t.database.sqlite.prepare("SELECT count(*) AS n FROM posts").get()).toEqual({ n: 2 });
    expect(t.database.sqlite.prepare("SELECT source, target, status FROM collector_runs").all()).toEqual([
      { source: "import", target: "csv:posts.csv", status: "ok" },
      { source: "import", target: "csv:posts.csv", status: "ok" },
    ]);
  });

  it("POST /import reads an X archive with the account from the form", async () => {
    const archive = `window.YTD.tweets.part0 = ${JSON.stringify([
      {
        tweet: {
          id_str: "9",
          created_at: "Thu Apr 20 08:00:00 +0000 2017",
          full_text: "#Clusterwoche",
          favorite_count: "2",
          retweet_count: "0",
        },
      },
    ])}`;
    const res = await app.request(
      "/import?lang=en",
      upload({ platform: "x", author: "@bmwi_bund", file: new File([archive], "tweets.js") }),
    );
    expect(res.status).toBe(200);
    expect(counts(await res.text())).toMatchObject({
      "rows read": "1",
      "stored as new": "1",
      "with a campaign hashtag": "1",
    });
    expect(t.database.sqlite.prepare("SELECT handle FROM authors").all()).toEqual([{ handle: "@bmwi_bund" }]);
  });

  it.each([
    ["no platform", { file: csvFile() }, "Bitte wählen Sie eine Plattform."],
    ["an unknown platform", { platform: "facebook", file: csvFile() }, "Bitte wählen Sie eine Plattform."],
    ["no file", { platform: "csv" }, "Bitte wählen Sie eine Datei."],
    ["a text field instead of a file", { platform: "csv", file: CSV }, "Bitte wählen Sie eine Datei."],
    [
      "an author name that is too long",
      { platform: "x", author: "a".repeat(101), file: csvFile() },
      "zu lang",
    ],
    [
      "a file of another format",
      { platform: "linkedin", file: csvFile() },
      "Die Datei passt nicht zum gewählten Format:",
    ],
    ["an empty file", { platform: "csv", file: csvFile("", "leer.csv") }, "the file is empty"],
  ])("POST /import with %s is a 400 page, nothing stored", async (_name, fields, message) => {
    const res = await app.request("/import", upload(fields));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Import nicht möglich");
    expect(html).toContain(message);
    expect(t.database.sqlite.prepare("SELECT count(*) AS n FROM posts").get()).toEqual({ n: 0 });
  });

  it("keeps the chosen platform and author in the form after an error", async () => {
    const html = await (
      await app.request("/import", upload({ platform: "linkedin", author: "Cluster <XY>", file: csvFile() }))
    ).text();
    expect(html).toContain('<option value="linkedin" selected="">');
    expect(html).toContain('value="Cluster &lt;XY&gt;"');
  });

  it("a form that is not multipart is a 400 page", async () => {
    const res = await app.request("/import", {
      method: "POST",
      body: "platform=csv",
      headers: { "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "same-origin" },
    });
    expect(res.status).toBe(400);
  });

  it.each([
    [{ "sec-fetch-site": "cross-site" }],
    [{ "sec-fetch-site": "same-site" }],
    [{ "sec-fetch-site": "", origin: "https://evil.example" }],
    [{ "sec-fetch-site": "", origin: "null" }],
  ])("refuses an upload sent from another site (%j): 403, nothing stored", async (headers) => {
    const req = upload({ platform: "csv", file: csvFile() }, headers);
    const res = await app.request("http://dashboard.local/import", {
      ...req,
      headers: Object.fromEntries(Object.entries(req.headers).filter(([, v]) => v !== "")),
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("von einer anderen Website");
    expect(t.database.sqlite.prepare("SELECT count(*) AS n FROM posts").get()).toEqual({ n: 0 });
  });

  it("accepts a same-origin Origin without Sec-Fetch-Site", async () => {
    const req = upload({ platform: "csv", file: csvFile() });
    const res = await app.request("http://dashboard.local/import", {
      ...req,
      headers: { origin: "http://dashboard.local" },
    });
    expect(res.status).toBe(200);
  });

  it("refuses a file over 50 MB with a 413 page", async () => {
    const big = new File([new Uint8Array(50 * 1024 * 1024 + 1)], "big.csv");
    const res = await app.request("/import", upload({ platform: "csv", file: big }));
    expect(res.status).toBe(413);
    expect(await res.text()).toContain("Die Datei ist größer als 50 MB.");
  });
});

/** The result table as label → number. */
function counts(html: string): Record<string, string> {
  const table = /<table class="import-counts">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? "";
  return Object.fromEntries(
    [...table.matchAll(/<th scope="row">([^<]*)<\/th><td>([^<]*)<\/td>/g)].map((m) => [m[1], m[2]]),
  );
}
