import { describe, expect, it } from "vitest";
import { parseExport } from "../../collectors/import/index.ts";
import { ImportFormatError } from "../../collectors/import/types.ts";

const HEADER =
  "id,url,created_at,author_handle,author_name,author_followers,text,likes,reposts,replies,quotes,lang";

describe("generic CSV import", () => {
  it("reads the documented columns into a post", () => {
    const csv = `${HEADER}\n1,https://example.org/p/1,2017-04-20T10:00:00+02:00,@bmwi,BMWi,1234,"Start der #Clusterwoche, heute",5,2,1,0,de\n`;
    const { posts, errors } = parseExport("csv", csv);
    expect(errors).toEqual([]);
    expect(posts).toEqual([
      {
        uid: "csv:1",
        platform: "csv",
        originInstance: "example.org",
        url: "https://example.org/p/1",
        remoteId: "1",
        createdAt: "2017-04-20T08:00:00.000Z",
        editedAt: null,
        text: "Start der #Clusterwoche, heute",
        lang: "de",
        author: { handle: "@bmwi", name: "BMWi", url: null, followers: 1234 },
        counts: { likes: 5, reposts: 2, replies: 1, quotes: 0 },
        countsFromOrigin: true,
        hashtags: ["clusterwoche"],
      },
    ]);
  });

  it.each([
    ["comma", HEADER, ","],
    ["semicolon (German Excel)", HEADER.replaceAll(",", ";"), ";"],
    ["tab", HEADER.replaceAll(",", "\t"), "\t"],
  ])("detects the %s delimiter", (_name, header, d) => {
    const row = ["7", "", "20.04.2017 10:00", "anna", "", "", "Hallo, #Clusterwoche; ja", "", "", "", "", ""]
      .map((v) => (v.includes(d) ? `"${v}"` : v))
      .join(d);
    const { posts, errors } = parseExport("csv", `${header}\r\n${row}\r\n`);
    expect(errors).toEqual([]);
    expect(posts.map((p) => [p.uid, p.text, p.createdAt])).toEqual([
      ["csv:7", "Hallo, #Clusterwoche; ja", "2017-04-20T08:00:00.000Z"],
    ]);
  });

  it("reads a file with a byte-order mark, columns in any order and case, only the required ones", () => {
    const csv =
      "\ufeffTEXT;Created_At;Author_Handle;URL\n#Clusterwoche;2017-04-20;anna;https://example.org/a\n";
    const { posts, errors } = parseExport("csv", csv);
    expect(errors).toEqual([]);
    expect(posts[0]).toMatchObject({ uid: "csv:https://example.org/a", remoteId: "https://example.org/a" });
    expect(posts[0]?.counts).toEqual({ likes: 0, reposts: 0, replies: 0, quotes: 0 });
  });

  it("keeps good rows and reports each bad one with its line", () => {
    const csv = [
      HEADER, // line 1
      '1,,2017-04-20,anna,,,"ok, #Clusterwoche",1,0,0,0,de', // 2: good
      "2,,2017-04-20,anna,,,,1,0,0,0,de", // 3: no text
      "3,,gestern,anna,,,text,1,0,0,0,de", // 4: bad date
      "4,,2017-04-20,anna,,,text,-5,0,0,0,de", // 5: negative count
      "5,,2017-04-20,anna,,,text,1,0", // 6: wrong column count
      ",,2017-04-20,anna,,,text,1,0,0,0,de", // 7: neither id nor url
      "8,,2017-04-20,,,,text,1,0,0,0,de", // 8: no author
      "9,javascript:alert(1),2017-04-20,anna,,,text,1,0,0,0,de", // 9: not an http(s) link
      '10,,2017-04-20,anna,,,"=HYPERLINK(""http://evil.example"",""klick"") #Clusterwoche",0,0,0,0,', // 10: good
      '11,,2017-04-20,anna,,,"zwei', // 11–12: a text over two lines
      'Zeilen",0,0,0,0,de',
      "1,,2017-04-21,anna,,,again,9,9,9,9,de", // 13: the same post as line 2
      "12,,2017-04-20,anna,,x,text,1,0,0,0,de", // 14: followers not a number
    ].join("\n");
    const { posts, errors } = parseExport("csv", csv);
    expect(posts.map((p) => p.uid)).toEqual(["csv:1", "csv:10", "csv:11"]);
    expect(posts[1]?.text).toBe('=HYPERLINK("http://evil.example","klick") #Clusterwoche');
    expect(posts[2]?.text).toBe("zwei\nZeilen");
    expect(errors).toEqual([
      { line: 3, message: "text is empty" },
      { line: 4, message: "created_at is not a date: 'gestern'" },
      { line: 5, message: "likes must be a whole number ≥ 0, got '-5'" },
      { line: 6, message: expect.stringMatching(/^expected 12 fields like the header, found 9/) },
      { line: 7, message: "needs an id or a url" },
      { line: 8, message: "author_handle is empty" },
      { line: 9, message: "url must be an http(s) URL, got 'javascript:alert(1)'" },
      { line: 13, message: "the same post as line 2: skipped" },
      { line: 14, message: "author_followers must be a whole number ≥ 0, got 'x'" },
    ]);
  });

  it("accepts rows padded with empty cells and skips empty rows, as spreadsheets write them", () => {
    const csv = `${HEADER.replaceAll(",", ";")}\n1;;2017-04-20;anna;;;text;1;0;0;0;de;;;\n;;;;;;;;;;;\n;;;;;;;;;;;\n`;
    expect(parseExport("csv", csv)).toMatchObject({ posts: [{ uid: "csv:1" }], errors: [] });
  });

  it("reports an unclosed quote once, at the row it starts on", () => {
    const csv = `${HEADER}\n1,,2017-04-20,anna,,,ok,0,0,0,0,\n2,,2017-04-20,anna,,,"open,0,0,0,0,\n3,,2017-04-20,anna,,,x,0,0,0,0,\n`;
    const { posts, errors } = parseExport("csv", csv);
    expect(posts).toHaveLength(1);
    expect(errors).toEqual([{ line: 3, message: expect.stringContaining("never closed") }]);
  });

  it("a header without data rows is an empty import, not an error", () => {
    expect(parseExport("csv", `${HEADER}\n`)).toEqual({ posts: [], errors: [] });
  });

  it.each([
    ["an empty file", "", "the file is empty"],
    ["JSON", '[{"id": 1}]', "no header row with the columns id,url,created_at"],
    ["missing required columns", "id,text\n1,hallo\n", "the first row has: id, text"],
    ["plain text", "Dies ist keine CSV-Datei.\nNur Text.\n", "no header row"],
  ])("refuses %s as a whole", (_name, text, message) => {
    expect(() => parseExport("csv", text)).toThrow(ImportFormatError);
    expect(() => parseExport("csv", text)).toThrow(message);
  });
});
