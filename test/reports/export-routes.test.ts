import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import type { Hono } from "hono";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseFilters } from "../../data/filters.ts";
import { getClusters } from "../../data/queries/clusters.ts";
import type { PostItem } from "../../data/queries/posts.ts";
import { getTimeline } from "../../data/queries/timeline.ts";
import { CAMPAIGNS, makePost } from "../helpers/db.ts";
import { allApiPosts, createExportWorld, type ExportWorld, exportApp } from "./export-helpers.ts";

const FORMULA = "=cmd|' /C calc'!A0";
const LONG = `${"Clusterwoche ".repeat(8000)}#Clusterwoche`;
const HOSTILE = 'Grüße 👋🏽 مرحبا \u202Eabc\u0000 "zitiert"; a,b\r\nzweite Zeile #Clusterwoche';

let w: ExportWorld;
let app: Hono;

const author = (handle: string, followers: number, name: string | null = handle) => ({
  handle,
  name,
  url: null,
  followers,
});

beforeAll(async () => {
  w = await createExportWorld();
  w.store.ingestBatch({
    source: "test",
    target: "seed",
    posts: [
      makePost({
        createdAt: "2017-04-21T09:00:00.000Z",
        text: "Tag der offenen Tür bei it's OWL #Clusterwoche, „Zukunft gestalten“",
        author: author("@owl@social.bund.de", 100),
        counts: { likes: 5, reposts: 1, replies: 0, quotes: 0 },
      }),
      makePost({
        createdAt: "2017-04-22T09:00:00.000Z",
        text: "it's OWL und BioRN #Clusterwoche #HM17",
        hashtags: ["clusterwoche", "hm17"],
        author: author("@bio@mastodon.social", 10),
      }),
      makePost({
        createdAt: "2017-04-23T09:00:00.000Z",
        text: `${FORMULA} #Clusterwoche`,
        author: author("@evil@x", 5, "+49 30 1234 =HYPERLINK()"),
      }),
      makePost({ createdAt: "2017-04-24T09:00:00.000Z", text: HOSTILE, author: author("@rtl@x", 7) }),
      makePost({ createdAt: "2017-04-24T10:00:00.000Z", text: LONG, author: author("@long@x", 8) }),
      makePost({
        uid: "bluesky:at://did:plc:abc/app.bsky.feed.post/1",
        platform: "bluesky",
        url: null,
        lang: "en",
        createdAt: "2017-04-20T22:30:00.000Z",
        text: "terrible, awful, bad #Clusterwoche",
        author: author("anna.bsky.social", 870, null),
        counts: { likes: 0, reposts: 0, replies: 2, quotes: 1 },
      }),
      // Outside every filter: another campaign's week, and no campaign hashtag.
      makePost({ createdAt: "2019-04-03T09:00:00.000Z", text: "#Clusterwoche 2019" }),
      makePost({ createdAt: "2017-04-21T09:00:00.000Z", text: "ohne Tag", hashtags: ["other"] }),
    ],
  });
  app = exportApp(w.database.db);
});

afterAll(async () => {
  await w.database.close();
});

const filters = (q: Record<string, string> = {}) => parseFilters(q, CAMPAIGNS);

async function getCsv(path: string, delimiter = ",") {
  const res = await app.request(path);
  expect(res.status).toBe(200);
  const bytes = Buffer.from(await res.arrayBuffer());
  const rows = parse(bytes, { bom: true, delimiter, relax_column_count: false }) as string[][];
  return { res, bytes, header: rows[0] ?? [], rows: rows.slice(1) };
}

/** What the CSV must hold for an API post item (the columns of postColumns). */
function expectedCsvRow(p: PostItem, decimalComma = false): string[] {
  const text = (s: string | null) => {
    if (s === null) return "";
    // The only control character in these posts is the NUL of HOSTILE.
    const clean = s.replaceAll("\u0000", "");
    return /^[=+\-@\t\r]/.test(clean) ? `'${clean}` : clean;
  };
  const num = (x: number) => {
    const s = Number.isInteger(x) ? String(x) : x.toFixed(6).replace(/\.?0+$/, "");
    return decimalComma ? s.replace(".", ",") : s;
  };
  return [
    text(p.uid),
    text(p.platform),
    text(p.url),
    p.createdAt,
    DateTime.fromISO(p.createdAt, { zone: "UTC" }).setZone("Europe/Berlin").toFormat("yyyy-LL-dd HH:mm:ss"),
    text(p.author.handle),
    text(p.author.name),
    num(p.author.followers),
    text(p.text),
    text(p.lang),
    p.sentiment.label,
    num(p.sentiment.score),
    ...[p.likes, p.reposts, p.replies, p.quotes, p.likes + p.reposts + p.replies + p.quotes].map(num),
    p.clusters.join("|"),
    p.hashtags.join("|"),
  ];
}

describe("GET /export/posts.csv", () => {
  it("has exactly the rows of /api/posts for the same filters, newest first, with a BOM and German headers", async () => {
    const { res, bytes, header, rows } = await getCsv("/export/posts.csv");
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(
      'attachment; filename="resonanz-clusterwoche-2017-beitraege.csv"',
    );
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString("utf8")).toContain("\r\n");
    expect(header.slice(0, 4)).toEqual(["UID", "Plattform", "URL", "Zeitpunkt (UTC)"]);

    const api = await allApiPosts(w.database.db, filters());
    expect(api).toHaveLength(6);
    expect(rows.map((r) => r[0])).toEqual(api.map((p) => p.uid));
    expect(rows).toEqual(api.map((p) => expectedCsvRow(p)));
  });

  it("neutralises formulas and survives emoji, RTL, NUL, quotes, separators, line breaks and 100k characters", async () => {
    const { rows } = await getCsv("/export/posts.csv");
    const textOf = (needle: string) => rows.find((r) => (r[8] ?? "").includes(needle));
    expect(textOf("calc")?.[8]).toBe(`'${FORMULA} #Clusterwoche`);
    expect(textOf("calc")?.[6]).toBe("'+49 30 1234 =HYPERLINK()");
    expect(textOf("zweite Zeile")?.[8]).toBe(HOSTILE.replace("\u0000", ""));
    expect(textOf("Clusterwoche Clusterwoche")?.[8]).toBe(LONG);
    // Berlin's day, not UTC's: 22:30 UTC on the 20th is 00:30 on the 21st.
    expect(rows.find((r) => r[1] === "bluesky")?.[4]).toBe("2017-04-21 00:30:00");
  });

  it("?sep=semicolon&lang=en: `;`, decimal commas, English headers; a negative score stays a number", async () => {
    const { header, rows } = await getCsv("/export/posts.csv?sep=semicolon&lang=en", ";");
    expect(header.slice(0, 4)).toEqual(["UID", "Platform", "URL", "Created at (UTC)"]);
    const api = await allApiPosts(w.database.db, filters());
    expect(rows).toEqual(api.map((p) => expectedCsvRow(p, true)));
    const negative = rows.find((r) => r[10] === "negative");
    expect(negative?.[11]).toMatch(/^-\d+,\d+$/);
  });

  it.each([
    ["?cluster=biorn", { cluster: "biorn" }],
    ["?cluster=its-owl&platform=mastodon", { cluster: "its-owl", platform: "mastodon" }],
    ["?postLang=en", { lang: "en" }],
    ["?state=DE-BW", { state: "DE-BW" }],
    ["?from=2017-04-22&to=2017-04-23", { from: "2017-04-22", to: "2017-04-23" }],
    ["?campaign=clusterwoche-2019", { campaign: "clusterwoche-2019" }],
  ])("filters like the API: %s", async (query, apiQuery) => {
    const { rows } = await getCsv(`/export/posts.csv${query}`);
    const api = await allApiPosts(w.database.db, filters(apiQuery));
    expect(rows.map((r) => r[0])).toEqual(api.map((p) => p.uid));
    expect(rows.length).toBeLessThan(6);
  });

  it("a cluster filter exports only that cluster's posts and says so in the file name", async () => {
    const { res, rows } = await getCsv("/export/posts.csv?cluster=biorn");
    expect(rows).toHaveLength(1);
    expect(rows[0]?.[17]).toBe("biorn|its-owl");
    expect(res.headers.get("content-disposition")).toBe(
      'attachment; filename="resonanz-clusterwoche-2017-biorn-beitraege.csv"',
    );
  });
});

describe("GET /export/clusters.csv", () => {
  it("has the /api/clusters rows, share of voice in percent, registry names neutralised", async () => {
    const { res, header, rows } = await getCsv("/export/clusters.csv?sep=semicolon", ";");
    expect(res.headers.get("content-disposition")).toBe(
      'attachment; filename="resonanz-clusterwoche-2017-cluster.csv"',
    );
    expect(header).toContain("Share of Voice (%)");
    const api = await getClusters(w.database.db, filters());
    expect(rows.map((r) => r[0])).toEqual(api.map((c) => c.id));
    for (const [i, c] of api.entries()) {
      const r = rows[i] ?? [];
      expect(r.slice(3, 7).map(Number)).toEqual([c.posts, c.authors, c.potentialReach, c.engagement]);
      expect(Number(r[7]?.replace(",", "."))).toBeCloseTo(c.shareOfVoice * 100, 4);
      expect(Number(r[8]?.replace(",", "."))).toBeCloseTo(c.sentimentMean, 6);
      expect(r[2]).toBe(c.states.join("|"));
    }
    expect(rows.find((r) => r[0] === "evil")?.[1]).toBe('\'=HYPERLINK("http://x")');
  });
});

async function getXlsx(path: string) {
  const res = await app.request(path);
  expect(res.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  return { res, wb };
}

/** Rows of a sheet as arrays (header first), without exceljs' leading empty slot. */
function sheetRows(wb: ExcelJS.Workbook, name: string): unknown[][] {
  const sheet = wb.getWorksheet(name);
  if (!sheet) throw new Error(`no sheet ${name}; have ${wb.worksheets.map((s) => s.name).join(", ")}`);
  const out: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const values = row.values as unknown[];
    out.push(Array.from({ length: sheet.columnCount }, (_, i) => values[i + 1] ?? null));
  });
  return out;
}

describe("GET /export/posts.xlsx", () => {
  it("three sheets: the API's posts (numbers as numbers, dates as dates), getClusters, the day timeline", async () => {
    const { res, wb } = await getXlsx("/export/posts.xlsx");
    expect(res.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    expect(res.headers.get("content-disposition")).toBe(
      'attachment; filename="resonanz-clusterwoche-2017-beitraege.xlsx"',
    );
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(wb.worksheets.map((s) => s.name)).toEqual(["Beiträge", "Cluster", "Tage"]);

    const api = await allApiPosts(w.database.db, filters());
    const [header, ...posts] = sheetRows(wb, "Beiträge");
    expect(header?.slice(0, 3)).toEqual(["UID", "Plattform", "URL"]);
    expect(posts).toEqual(
      api.map((p) => [
        p.uid,
        p.platform,
        p.url,
        new Date(p.createdAt),
        new Date(
          `${DateTime.fromISO(p.createdAt, { zone: "UTC" }).setZone("Europe/Berlin").toFormat("yyyy-LL-dd'T'HH:mm:ss.SSS")}Z`,
        ),
        p.author.handle,
        p.author.name,
        p.author.followers,
        p.text.length > 32_767
          ? `${p.text.slice(0, 32_766)}…`
          : p.text.replace("\u0000", "").replace("\r\n", "\n"),
        p.lang,
        p.sentiment.label,
        p.sentiment.score,
        p.likes,
        p.reposts,
        p.replies,
        p.quotes,
        p.likes + p.reposts + p.replies + p.quotes,
        // exceljs writes no cell for an empty string
        p.clusters.join("|") || null,
        p.hashtags.join("|"),
      ]),
    );

    const clusters = await getClusters(w.database.db, filters());
    expect(sheetRows(wb, "Cluster").slice(1)).toEqual(
      clusters.map((c) => [
        c.id,
        c.name,
        c.states.join("|"),
        c.posts,
        c.authors,
        c.potentialReach,
        c.engagement,
        c.shareOfVoice,
        c.sentimentMean,
      ]),
    );
    expect(wb.getWorksheet("Cluster")?.getCell("H2").numFmt).toBe("0.00%");

    const timeline = await getTimeline(w.database.db, filters(), "day");
    expect(sheetRows(wb, "Tage").slice(1)).toEqual(
      timeline.series.map((d) => [
        new Date(`${d.t.slice(0, 10)}T00:00:00Z`),
        d.posts,
        d.potentialReach,
        d.engagement,
      ]),
    );
  });

  it("holds no formula anywhere: text that looks like one is a string cell", async () => {
    const { wb } = await getXlsx("/export/posts.xlsx");
    const types = new Set<ExcelJS.ValueType>();
    for (const sheet of wb.worksheets) {
      sheet.eachRow((row) => {
        row.eachCell((cell) => {
          types.add(cell.type);
        });
      });
    }
    expect(types.has(ExcelJS.ValueType.Formula)).toBe(false);
    expect(types.has(ExcelJS.ValueType.SharedString)).toBe(false);
    const posts = sheetRows(wb, "Beiträge");
    expect(posts.find((r) => String(r[8]).includes("calc"))?.[8]).toBe(`${FORMULA} #Clusterwoche`);
    expect(sheetRows(wb, "Cluster").find((r) => r[0] === "evil")?.[1]).toBe('=HYPERLINK("http://x")');
  });

  it("?lang=en names the sheets in English; filters apply to every sheet", async () => {
    const { wb } = await getXlsx("/export/posts.xlsx?lang=en&cluster=biorn");
    expect(wb.worksheets.map((s) => s.name)).toEqual(["Posts", "Clusters", "Days"]);
    const f = filters({ cluster: "biorn" });
    const api = await allApiPosts(w.database.db, f);
    expect(
      sheetRows(wb, "Posts")
        .slice(1)
        .map((r) => r[0]),
    ).toEqual(api.map((p) => p.uid));
    expect(api).toHaveLength(1);
    const days = sheetRows(wb, "Days").slice(1);
    expect(days.reduce((a, r) => a + Number(r[1]), 0)).toBe(1);
    expect(days.map((r) => r[1])).toEqual(
      (await getTimeline(w.database.db, f, "day")).series.map((d) => d.posts),
    );
  });

  it("an empty selection is a valid workbook with headers only", async () => {
    const { wb } = await getXlsx("/export/posts.xlsx?platform=linkedin");
    expect(sheetRows(wb, "Beiträge")).toHaveLength(1);
  });
});

describe("bad parameters", () => {
  it.each([
    ["/export/posts.csv?sep=tab", "sep"],
    ["/export/posts.csv?lang=fr", "lang"],
    ["/export/posts.csv?postLang=Deutsch", "postLang"],
    ["/export/posts.csv?campaign=nope", "campaign"],
    ["/export/posts.csv?from=2017-04-25&to=2017-04-21", "from"],
    ["/export/posts.csv?cluster=Bad%20Id", "cluster"],
    ["/export/clusters.csv?state=XX", "state"],
    ["/export/clusters.csv?sep=%3B", "sep"],
    ["/export/posts.xlsx?platform=myspace", "platform"],
    ["/export/posts.xlsx?lang=DE", "lang"],
    ["/export/posts.xlsx?to=2017-02-30", "to"],
  ])("%s → 400 naming %s (a ValidationError for the app's onError)", async (path, param) => {
    const res = await app.request(path);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; param?: string };
    expect(body.param).toBe(param);
    expect(body.error).toContain(`'${param}'`);
  });
});
