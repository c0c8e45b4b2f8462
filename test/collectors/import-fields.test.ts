import { describe, expect, it } from "vitest";
import { parseExportDate } from "../../collectors/import/dates.ts";
import { decodeExport, fixMojibake } from "../../collectors/import/decode.ts";
import { hashtagsOf, parseCount, parseHttpUrl, parseLang } from "../../collectors/import/fields.ts";

describe("export dates", () => {
  it.each([
    ["2017-04-20T10:00:00+02:00", "2017-04-20T08:00:00.000Z"],
    ["2017-04-20T08:00:00Z", "2017-04-20T08:00:00.000Z"],
    ["2017-04-20T08:00:00.123456Z", "2017-04-20T08:00:00.123Z"],
    ["2017-04-20T10:00:00+0200", "2017-04-20T08:00:00.000Z"],
    ["2017-04-20 08:00 +0000", "2017-04-20T08:00:00.000Z"],
    // Without a zone: Berlin time (CEST in April, CET in winter).
    ["2017-04-20 10:00", "2017-04-20T08:00:00.000Z"],
    ["2017-01-20 10:00", "2017-01-20T09:00:00.000Z"],
    // Around the DST switches: the spring-forward gap reads as clocks showed it, an hour later.
    ["2017-03-26 01:59", "2017-03-26T00:59:00.000Z"],
    ["2017-03-26 02:30", "2017-03-26T01:30:00.000Z"],
    ["2017-03-26 03:30", "2017-03-26T01:30:00.000Z"],
    ["2017-10-29 01:30", "2017-10-28T23:30:00.000Z"],
    ["2017-10-29 03:30", "2017-10-29T02:30:00.000Z"],
    ["2016-02-29", "2016-02-28T23:00:00.000Z"],
    ["Wed Apr 19 08:00:00 +0000 2017", "2017-04-19T08:00:00.000Z"],
    ["20.04.2017 10:00", "2017-04-20T08:00:00.000Z"],
    ["20.04.2017, 10:00 Uhr", "2017-04-20T08:00:00.000Z"],
    ["20.04.17", "2017-04-19T22:00:00.000Z"],
    ["04/20/2017 10:00 AM", "2017-04-20T08:00:00.000Z"],
    ["04/20/2017 12:30 PM", "2017-04-20T10:30:00.000Z"],
    ["04/20/2017 12:30 AM", "2017-04-19T22:30:00.000Z"],
    // A day without a time is the start of that Berlin day.
    ["04/20/2017", "2017-04-19T22:00:00.000Z"],
    ["2017-04-20", "2017-04-19T22:00:00.000Z"],
    ["1492675200", "2017-04-20T08:00:00.000Z"],
  ])("%s → %s", (input, expected) => {
    expect(parseExportDate(input)).toBe(expected);
  });

  it.each([
    "",
    "gestern",
    "31.04.2017",
    "2017-02-30",
    "2017-02-29",
    "2017-04-20 10:60",
    "2017-04-20 25:00",
    "13/20/2017",
    "04/20/2017 13:00 PM",
    "0",
    "2017",
    "1899-01-01",
    "2017-04-20T10:00:00+1500",
    "Wed Foo 19 08:00:00 +0000 2017",
  ])("%j is not a date", (input) => {
    expect(parseExportDate(input)).toBeNull();
  });

  it("reads Unix seconds given as a number", () => {
    expect(parseExportDate(1492675200)).toBe("2017-04-20T08:00:00.000Z");
    expect(parseExportDate(Number.NaN)).toBeNull();
  });
});

describe("counts", () => {
  it.each([
    [undefined, 0],
    ["", 0],
    [" 12 ", 12],
    ["1234", 1234],
    ["1.234", 1234],
    ["1,234", 1234],
    ["1 234", 1234],
    ["1\u00a0234", 1234],
    ["1.234.567", 1234567],
    ["12.0", 12],
    ["1.000", 1000],
    [7, 7],
  ])("%j → %d", (input, expected) => {
    expect(parseCount(input, "likes")).toEqual({ ok: true, value: expected });
  });

  it.each(["-1", "1.5", "abc", "1,2,3", "1.234,567", "12e3", "1.23"])("%j is refused", (input) => {
    const r = parseCount(input, "likes");
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/^likes must be a whole number ≥ 0/);
  });

  it("refuses negative and fractional numbers", () => {
    expect(parseCount(-3, "likes").ok).toBe(false);
    expect(parseCount(2.5, "likes").ok).toBe(false);
  });
});

describe("links", () => {
  it.each([
    ["https://example.org/a", "https://example.org/a"],
    ["", null],
  ])("%j is accepted", (input, expected) => {
    expect(parseHttpUrl(input, "url")).toEqual({ ok: true, value: expected });
  });

  it.each(["javascript:alert(1)", "data:text/html,<b>x</b>", "ftp://example.org/", "not a url"])(
    "%j is refused: links end up on the dashboard",
    (input) => {
      expect(parseHttpUrl(input, "url").ok).toBe(false);
    },
  );
});

describe("hashtags", () => {
  it("reads #words in any script, lower-cased, once each, plus listed tags", () => {
    expect(
      hashtagsOf("Heute #Clusterwoche und #clusterwoche, #Förderung #2017 a#b", ["GoCluster", "#x"]),
    ).toEqual(["clusterwoche", "förderung", "gocluster", "x"]);
  });
});

describe("decoding", () => {
  const enc = (s: string) => new TextEncoder().encode(s);

  it("reads UTF-8 with and without a byte-order mark", () => {
    expect(decodeExport(enc("Grüße"))).toBe("Grüße");
    expect(decodeExport(Uint8Array.from([0xef, 0xbb, 0xbf, ...enc("Grüße")]))).toBe("Grüße");
  });

  it("reads Windows-1252 (German Excel's CSV) and UTF-16 with a BOM", () => {
    expect(decodeExport(Uint8Array.from([0x47, 0x72, 0xfc, 0xdf, 0x65, 0x80]))).toBe("Grüße€");
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("Grüße", "utf16le")]);
    expect(decodeExport(utf16)).toBe("Grüße");
  });

  it.each([
    ["Gr\u00c3\u00bc\u00c3\u009fe", "Grüße"],
    ["\u00f0\u009f\u0098\u0080 #Clusterwoche", "😀 #Clusterwoche"],
    ["Grüße", "Grüße"],
    ["plain ascii", "plain ascii"],
    ["Ã allein", "Ã allein"],
    ["Gr\u00c3\u00bc\u00c3\u009fe 😀", "Gr\u00c3\u00bc\u00c3\u009fe 😀"],
  ])("mojibake %j → %j", (input, expected) => {
    expect(fixMojibake(input)).toBe(expected);
  });
});

describe("parseLang", () => {
  it.each([
    ["de", "de"],
    ["en-GB", "en"],
    [" EN ", "en"],
    ["und", null],
    ["deutsch", null],
    ["", null],
    [null, null],
  ])("%j → %j", (raw, lang) => {
    expect(parseLang(raw)).toBe(lang);
  });
});
