import { describe, expect, it } from "vitest";
import { parseExport } from "../../collectors/import/index.ts";
import { ImportFormatError } from "../../collectors/import/types.ts";

const LINK = "https://www.linkedin.com/feed/update/urn:li:activity:6260000000000000001";

describe("LinkedIn page export import", () => {
  it("reads the English updates export; the page is the author", () => {
    const csv = [
      "Update title,Update link,Update type,Posted by,Created date,Impressions,Clicks,Likes,Comments,Reposts,Follows,Engagement rate",
      `"Die #Clusterwoche beginnt, seien Sie dabei!",${LINK},Organic,Anna,04/20/2017,1500,20,30,4,5,1,0.04`,
    ].join("\n");
    const { posts, errors } = parseExport("linkedin", csv, { author: "Bundesministerium XY" });
    expect(errors).toEqual([]);
    expect(posts).toEqual([
      {
        uid: "linkedin:urn:li:activity:6260000000000000001",
        platform: "linkedin",
        originInstance: "www.linkedin.com",
        url: LINK,
        remoteId: "urn:li:activity:6260000000000000001",
        createdAt: "2017-04-19T22:00:00.000Z",
        editedAt: null,
        text: "Die #Clusterwoche beginnt, seien Sie dabei!",
        lang: null,
        author: { handle: "Bundesministerium XY", name: "Bundesministerium XY", url: null, followers: 0 },
        counts: { likes: 30, reposts: 5, replies: 4, quotes: 0 },
        countsFromOrigin: true,
        hashtags: ["clusterwoche"],
      },
    ]);
  });

  it.each([
    [
      "German column names, semicolons, a title line above the header",
      "Alle Beiträge;;;;\nBeitragstitel;Link zum Beitrag;Erstellungsdatum;Reaktionen;Kommentare;Reposts\n" +
        `#Clusterwoche 2017;${LINK};20.04.2017;1.234;4;5\n`,
    ],
    [
      "the newer 'Post …' wording",
      `Post title,Post link,Created date,Reactions,Comments,Shares\n#Clusterwoche 2017,${LINK},2017-04-20,1234,4,5\n`,
    ],
  ])("reads %s", (_name, csv) => {
    const { posts, errors } = parseExport("linkedin", csv);
    expect(errors).toEqual([]);
    expect(posts).toEqual([
      expect.objectContaining({
        uid: "linkedin:urn:li:activity:6260000000000000001",
        createdAt: "2017-04-19T22:00:00.000Z",
        author: { handle: "linkedin-page", name: "linkedin-page", url: null, followers: 0 },
        counts: { likes: 1234, reposts: 5, replies: 4, quotes: 0 },
      }),
    ]);
  });

  it("reports bad rows by line and keeps the good ones", () => {
    const csv = [
      "Beitragstitel;Link zum Beitrag;Erstellungsdatum;Reaktionen;Kommentare;Reposts",
      `gut #Clusterwoche;${LINK};20.04.2017;1;0;0`,
      `;${LINK}2;20.04.2017;1;0;0`,
      `text;${LINK}3;morgen;1;0;0`,
      `text;${LINK}4;20.04.2017;-1;0;0`,
      `text;;20.04.2017;1;0;0`,
      `text;${LINK}6;20.04.2017;1;0`,
      `"=HYPERLINK(""http://evil.example"")";${LINK}7;20.04.2017;0;0;0`,
    ].join("\r\n");
    const { posts, errors } = parseExport("linkedin", csv);
    expect(posts.map((p) => p.text)).toEqual(["gut #Clusterwoche", '=HYPERLINK("http://evil.example")']);
    expect(errors).toEqual([
      { line: 3, message: "title (post text) is empty" },
      { line: 4, message: "created date is not a date: 'morgen'" },
      { line: 5, message: "likes/reactions must be a whole number ≥ 0, got '-1'" },
      { line: 6, message: "needs a post link or an id" },
      { line: 7, message: expect.stringMatching(/^expected 6 fields like the header, found 5/) },
    ]);
  });

  it("refuses a CSV that is not a page export", () => {
    expect(() => parseExport("linkedin", "Name,Firma\nAnna,XY\n")).toThrow(ImportFormatError);
    expect(() => parseExport("linkedin", "Name,Firma\nAnna,XY\n")).toThrow(/Update title\/Post title/);
  });
});
