import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { parseFilters } from "../../data/filters.ts";
import type { ClusterRow } from "../../data/queries/clusters.ts";
import {
  type Column,
  cleanText,
  dayText,
  headerRow,
  wallClockDate,
  wallClockText,
} from "../../reports/exports/columns.ts";
import {
  type CsvField,
  type CsvOptions,
  csvDocument,
  csvField,
  csvHeader,
  csvText,
  formatCsvNumber,
  parseCsvSeparator,
} from "../../reports/exports/csv.ts";
import { AUTHOR_COLUMNS, type PostRecord, postColumns } from "../../reports/exports/posts-rows.ts";
import { CLUSTER_COLUMNS, DAY_COLUMNS } from "../../reports/exports/summary-rows.ts";
import { XLSX_MAX_CELL_CHARS, xlsxValue } from "../../reports/exports/xlsx.ts";
import { downloadName as fileName } from "../../reports/request.ts";
import { CAMPAIGNS } from "../helpers/db.ts";

const COMMA: CsvOptions = { separator: ",", lang: "de" };
const SEMI: CsvOptions = { separator: ";", lang: "de" };
const BOM = "\uFEFF";

/** One text field through csv-stringify, without the line end. */
const textCell = (s: string, opts = COMMA) => csvText([[s]], opts, false).replace(/\r\n$/, "");

describe("CSV text cells", () => {
  it.each([
    // formula prefixes get a leading apostrophe
    ["=SUM(A1:A2)", "'=SUM(A1:A2)"],
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ["+49 30 123", "'+49 30 123"],
    ["-5 Grad", "'-5 Grad"],
    ["@anna@social.bund.de", "'@anna@social.bund.de"],
    ["\tTab", "'\tTab"],
    ["\rCR", '"\'\rCR"'],
    ["＝1+1", "'＝1+1"],
    // not at the start: untouched
    ["a=b", "a=b"],
    ["E-Mail", "E-Mail"],
    // quoting: quotes doubled, separators and line breaks enclosed
    ['Sie sagte "Hallo"', '"Sie sagte ""Hallo"""'],
    ["a,b", '"a,b"'],
    ["a;b", "a;b"],
    ["Zeile 1\nZeile 2", '"Zeile 1\nZeile 2"'],
    ["Zeile 1\r\nZeile 2", '"Zeile 1\r\nZeile 2"'],
    ["„Zukunft“ 👋🏽 مرحبا", "„Zukunft“ 👋🏽 مرحبا"],
    ["", ""],
  ])("%j → %j", (input, expected) => {
    expect(textCell(input)).toBe(expected);
  });

  it("quotes on the separator in use: `;` with sep=semicolon, `,` not", () => {
    expect(textCell("a;b", SEMI)).toBe('"a;b"');
    expect(textCell("a,b", SEMI)).toBe("a,b");
    // A formula with a quote inside: neutralised, then quoted.
    expect(textCell('=HYPERLINK("http://x")', SEMI)).toBe('"\'=HYPERLINK(""http://x"")"');
  });

  it("every neutralised or quoted cell parses back to the apostrophe-prefixed original", () => {
    const hostile = ["=1+1", '-"x";y', "@a,b\nc", "\t=x", "ok"];
    for (const opts of [COMMA, SEMI]) {
      const csv = csvText([hostile], opts, false);
      const [row] = parse(csv, { delimiter: opts.separator }) as string[][];
      expect(row).toEqual(["'=1+1", '\'-"x";y', "'@a,b\nc", "'\t=x", "ok"]);
    }
  });
});

describe("CSV numbers", () => {
  it.each([
    [0, false, "0"],
    [12345, false, "12345"],
    [-3, false, "-3"],
    [0.5, false, "0.5"],
    [0.5, true, "0,5"],
    [-0.125, true, "-0,125"],
    [1 / 3, false, "0.333333"],
    [1e-7, false, "0"],
    [-1e-7, false, "0"],
    [66.6667, true, "66,6667"],
    [Number.NaN, false, ""],
    [Number.POSITIVE_INFINITY, true, ""],
  ])("%d (decimal comma %s) → %j", (x, comma, expected) => {
    expect(formatCsvNumber(x, comma)).toBe(expected);
  });

  it("a negative number is not taken for a formula, a negative-looking text is", () => {
    const records: CsvField[][] = [[-0.5, "-0.5", -12]];
    expect(csvText(records, SEMI, false)).toBe("-0,5;'-0.5;-12\r\n");
    expect(csvText(records, COMMA, false)).toBe("-0.5,'-0.5,-12\r\n");
  });
});

describe("CSV documents", () => {
  const cols: Column<{ a: string; n: number }>[] = [
    { key: "a", header: { de: "Name", en: "Name" }, kind: "text", width: 1, value: (r) => r.a },
    { key: "n", header: { de: "Beiträge", en: "Posts" }, kind: "integer", width: 1, value: (r) => r.n },
  ];

  it("start with the BOM and the header row in the chosen language, CRLF line ends", () => {
    expect(csvHeader(cols, COMMA)).toBe(`${BOM}Name,Beiträge\r\n`);
    expect(csvHeader(cols, { separator: ";", lang: "en" })).toBe(`${BOM}Name;Posts\r\n`);
    expect(csvDocument(cols, [{ a: "x", n: 2 }], SEMI)).toBe(`${BOM}Name;Beiträge\r\nx;2\r\n`);
    expect(csvDocument(cols, [], SEMI)).toBe(`${BOM}Name;Beiträge\r\n`);
  });

  it("the BOM is the bytes EF BB BF once encoded", () => {
    const bytes = new TextEncoder().encode(csvHeader(cols, COMMA));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it.each([
    ["de", ["UID", "Plattform", "URL", "Zeitpunkt (UTC)", "Ortszeit (Europe/Berlin)", "Autor:in (Handle)"]],
    ["en", ["UID", "Platform", "URL", "Created at (UTC)", "Local time (Europe/Berlin)", "Author handle"]],
  ] as const)("post headers in %s", (lang, first) => {
    const headers = headerRow(postColumns("Europe/Berlin"), lang);
    expect(headers.slice(0, 6)).toEqual(first);
    expect(headers).toHaveLength(19);
    expect(headers.at(-1)).toBe("Hashtags");
  });

  it.each([
    [
      "de",
      [
        "ID",
        "Name",
        "Land/Länder",
        "Beiträge",
        "Autor:innen",
        "Potenzielle Reichweite",
        "Interaktionen",
        "Share of Voice (%)",
        "Stimmung (Mittelwert)",
      ],
    ],
    [
      "en",
      [
        "ID",
        "Name",
        "State(s)",
        "Posts",
        "Authors",
        "Potential reach",
        "Engagement",
        "Share of voice (%)",
        "Mean sentiment",
      ],
    ],
  ] as const)("cluster headers in %s", (lang, expected) => {
    expect(headerRow(CLUSTER_COLUMNS, lang)).toEqual(expected);
    expect(headerRow(DAY_COLUMNS, lang)).toHaveLength(4);
  });
});

const post: PostRecord = {
  uid: "mastodon:https://x/1",
  platform: "mastodon",
  url: null,
  createdAt: "2017-04-20T22:30:00.000Z",
  author: { handle: "@a@x", name: null, followers: 1200 },
  text: "=1+1\u0000 ok",
  lang: "de",
  sentimentLabel: "negative",
  sentimentScore: -0.25,
  likes: 1,
  reposts: 2,
  replies: 3,
  quotes: 4,
  clusters: ["biorn", "its-owl"],
  hashtags: ["clusterwoche", "hm17"],
};

describe("post rows", () => {
  const columns = postColumns("Europe/Berlin");
  const byKey = (k: string) => columns.find((c) => c.key === k) as Column<PostRecord>;

  it.each([
    ["createdAtUtc", "2017-04-20T22:30:00.000Z"],
    // after midnight in Berlin (CEST): the next calendar day
    ["createdAtLocal", "2017-04-21 00:30:00"],
    ["authorName", null],
    ["followers", 1200],
    ["text", "=1+1 ok"],
    ["sentimentScore", -0.25],
    ["engagement", 10],
    ["clusters", "biorn|its-owl"],
    ["hashtags", "clusterwoche|hm17"],
    ["url", null],
  ])("CSV field %s = %j", (key, expected) => {
    expect(csvField(byKey(key), post)).toEqual(expected);
  });

  it("XLSX cells: dates as dates (wall-clock in UTC fields), numbers as numbers, long text cut to Excel's limit", () => {
    expect(xlsxValue(byKey("createdAtUtc"), post)).toEqual(new Date("2017-04-20T22:30:00.000Z"));
    expect(xlsxValue(byKey("createdAtLocal"), post)).toEqual(new Date("2017-04-21T00:30:00.000Z"));
    expect(xlsxValue(byKey("likes"), post)).toBe(1);
    expect(xlsxValue(byKey("text"), post)).toBe("=1+1 ok");
    const long = xlsxValue(byKey("text"), { ...post, text: "x".repeat(100_000) }) as string;
    expect(long).toHaveLength(XLSX_MAX_CELL_CHARS);
    expect(long.endsWith("…")).toBe(true);
  });

  it("the author columns are one block, in the middle of the posts sheet", () => {
    const keys = columns.map((c) => c.key);
    const start = keys.indexOf("authorHandle");
    expect(keys.slice(start, start + AUTHOR_COLUMNS.length)).toEqual(AUTHOR_COLUMNS.map((c) => c.key));
  });

  it("cluster rows: Länder joined, share of voice as a percentage in CSV and a ratio in XLSX", () => {
    const row: ClusterRow = {
      id: "x",
      name: "X",
      state: "DE-NW",
      states: ["DE-NW", "DE-NI"],
      posts: 2,
      authors: 2,
      potentialReach: 110,
      engagement: 6,
      shareOfVoice: 0.666667,
      shareOfVoiceAuthors: 0,
      shareOfVoiceEngagement: 0,
      sentimentMean: -0.04,
    };
    const sov = CLUSTER_COLUMNS.find((c) => c.key === "shareOfVoice") as Column<ClusterRow>;
    const states = CLUSTER_COLUMNS.find((c) => c.key === "states") as Column<ClusterRow>;
    expect(csvField(sov, row)).toBe(66.6667);
    expect(xlsxValue(sov, row)).toBe(0.666667);
    expect(csvField(states, row)).toBe("DE-NW|DE-NI");
    const day = DAY_COLUMNS[0] as (typeof DAY_COLUMNS)[number];
    const point = { t: "2017-04-20T00:00:00+02:00", posts: 1, potentialReach: 2, engagement: 3 };
    expect(csvField(day, point)).toBe("2017-04-20");
    expect(xlsxValue(day, point)).toEqual(new Date("2017-04-20T00:00:00Z"));
  });
});

describe("helpers", () => {
  it.each([
    ["plain", "plain"],
    ["a\u0000b", "ab"],
    ["tab\tline\nret\r", "tab\tline\nret\r"],
    ["\u0001\u0008\u000B\u000C\u001F\u007F", ""],
    ["emoji 👋🏽 ok", "emoji 👋🏽 ok"],
    ["lone \uD83D high", "lone  high"],
    ["lone \uDC4B low", "lone  low"],
    ["\uFFFEnon\uFFFF", "non"],
    ["RTL \u202Eabc", "RTL \u202Eabc"],
  ])("cleanText(%j) = %j", (input, expected) => {
    expect(cleanText(input)).toBe(expected);
  });

  it("wall-clock times in summer and winter, and unparseable input", () => {
    expect(wallClockText("2017-04-21T10:00:00.000Z", "Europe/Berlin")).toBe("2017-04-21 12:00:00");
    expect(wallClockText("2017-01-21T10:00:00.000Z", "Europe/Berlin")).toBe("2017-01-21 11:00:00");
    expect(wallClockText("nonsense", "Europe/Berlin")).toBe("");
    expect(wallClockDate("nonsense", "UTC")).toBeNull();
    expect(dayText("nonsense")).toBe("");
  });

  it.each([
    [undefined, ","],
    ["", ","],
    ["comma", ","],
    ["semicolon", ";"],
    [";", null],
    ["tab", null],
  ])("sep=%j → %j", (value, expected) => {
    expect(parseCsvSeparator(value)).toBe(expected);
  });

  it("file names are ASCII and name a cluster filter", () => {
    const f = parseFilters({}, CAMPAIGNS);
    expect(fileName(f, "beitraege", "csv")).toBe("resonanz-clusterwoche-2017-beitraege.csv");
    expect(fileName({ ...f, cluster: "its-owl" }, "beitraege", "xlsx")).toBe(
      "resonanz-clusterwoche-2017-its-owl-beitraege.xlsx",
    );
    expect(fileName({ ...f, campaign: { ...f.campaign, id: 'Clüster Woche"\r\n' } }, "cluster", "csv")).toBe(
      "resonanz-cl-ster-woche-cluster.csv",
    );
  });
});
