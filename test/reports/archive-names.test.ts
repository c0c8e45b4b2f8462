import { describe, expect, it } from "vitest";
import {
  archiveFileName,
  compactStamp,
  downloadFileName,
  type ReportNameParts,
} from "../../reports/archive-names.ts";

const base: ReportNameParts = {
  kind: "digest",
  campaign: "clusterwoche-2017",
  lang: "de",
  from: "2017-04-20",
  to: "2017-04-23",
};
const AT = new Date("2017-04-23T16:00:05.123Z");

describe("archive file names", () => {
  it("compactStamp has no ':' and sorts as time", () => {
    expect(compactStamp(AT)).toBe("20170423T160005Z");
  });

  it.each<[Partial<ReportNameParts>, string]>([
    [{}, "clusterwoche-2017/2017-04-20_2017-04-23-digest-de-20170423T160005Z-0a1b.pdf"],
    [
      { kind: "final", to: "2017-04-28", lang: "en" },
      "clusterwoche-2017/2017-04-20_2017-04-28-final-en-20170423T160005Z-0a1b.pdf",
    ],
    [
      { kind: "manual", campaign: "cw-19" },
      "cw-19/2017-04-20_2017-04-23-manual-de-20170423T160005Z-0a1b.pdf",
    ],
  ])("archiveFileName(%j)", (change, expected) => {
    expect(archiveFileName({ ...base, ...change }, AT, "0a1b")).toBe(expected);
  });

  it.each<[string, Partial<ReportNameParts> | null, string]>([
    ["path in the campaign", { campaign: "../x" }, "unsafe campaign id"],
    ["slash in the campaign", { campaign: "a/b" }, "unsafe campaign id"],
    ["empty campaign", { campaign: "" }, "unsafe campaign id"],
    ["not a day", { from: "2017-4-20" }, "not a calendar day"],
    ["impossible day", { to: "2017-02-30" }, "not a calendar day"],
    ["backwards", { from: "2017-04-24" }, "period starts after it ends"],
    ["language", { lang: "fr" as never }, "unknown report language"],
    ["kind", { kind: "week" as never }, "unknown report kind"],
    ["suffix", null, "unique suffix"],
  ])("refuses %s", (_, change, message) => {
    expect(() => archiveFileName({ ...base, ...(change ?? {}) }, AT, change ? "ab" : "../x")).toThrow(
      message,
    );
  });

  it.each<[Partial<ReportNameParts>, string]>([
    [{}, "resonanz-clusterwoche-2017-zwischenbericht-2017-04-20-2017-04-23-de.pdf"],
    [{ lang: "en" }, "resonanz-clusterwoche-2017-interim-report-2017-04-20-2017-04-23-en.pdf"],
    [
      { kind: "final", to: "2017-04-28" },
      "resonanz-clusterwoche-2017-abschlussbericht-2017-04-20-2017-04-28-de.pdf",
    ],
    [{ kind: "final", lang: "en" }, "resonanz-clusterwoche-2017-final-report-2017-04-20-2017-04-23-en.pdf"],
    [{ kind: "manual" }, "resonanz-clusterwoche-2017-bericht-2017-04-20-2017-04-23-de.pdf"],
  ])("downloadFileName(%j)", (change, expected) => {
    const name = downloadFileName({ ...base, ...change });
    expect(name).toBe(expected);
    // Safe in a quoted Content-Disposition filename and on every file system.
    expect(name).toMatch(/^[a-z0-9.-]+$/);
  });
});
