import { describe, expect, it } from "vitest";
import { parseExport } from "../../collectors/import/index.ts";
import { ImportFormatError } from "../../collectors/import/types.ts";

function archive(tweets: unknown[]): string {
  return `window.YTD.tweets.part0 = ${JSON.stringify(tweets, null, 2)}`;
}

const tweet = (over: Record<string, unknown> = {}) => ({
  tweet: {
    id_str: "855000000000000001",
    id: "855000000000000001",
    created_at: "Thu Apr 20 08:00:00 +0000 2017",
    full_text: "Heute startet die #Clusterwoche &amp; wir sind dabei https://t.co/abc",
    favorite_count: "12",
    retweet_count: "3",
    lang: "de",
    entities: {
      hashtags: [{ text: "Clusterwoche", indices: ["18", "31"] }],
      urls: [
        { url: "https://t.co/abc", expanded_url: "https://www.clusterplattform.de/", indices: ["52", "68"] },
      ],
    },
    ...over,
  },
});

describe("X archive (tweets.js) import", () => {
  it("reads a tweet: string counts, entities, escaped text, expanded links", () => {
    const { posts, errors } = parseExport("x", archive([tweet()]), { author: "@BMWi_Bund" });
    expect(errors).toEqual([]);
    expect(posts).toEqual([
      {
        uid: "x:855000000000000001",
        platform: "x",
        originInstance: "x.com",
        url: "https://x.com/BMWi_Bund/status/855000000000000001",
        remoteId: "855000000000000001",
        createdAt: "2017-04-20T08:00:00.000Z",
        editedAt: null,
        text: "Heute startet die #Clusterwoche & wir sind dabei https://www.clusterplattform.de/",
        lang: "de",
        author: { handle: "@bmwi_bund", name: null, url: "https://x.com/BMWi_Bund", followers: 0 },
        counts: { likes: 12, reposts: 3, replies: 0, quotes: 0 },
        countsFromOrigin: true,
        hashtags: ["clusterwoche"],
      },
    ]);
  });

  it("without --author the account is 'x-account' and the link needs no handle", () => {
    const [post] = parseExport("x", archive([tweet()])).posts;
    expect(post?.author.handle).toBe("x-account");
    expect(post?.url).toBe("https://x.com/i/web/status/855000000000000001");
  });

  it("keeps an --author that is no X handle as the author's name, without links", () => {
    const [post] = parseExport("x", archive([tweet()]), { author: "Cluster XY e.V." }).posts;
    expect(post?.author).toEqual({
      handle: "Cluster XY e.V.",
      name: "Cluster XY e.V.",
      url: null,
      followers: 0,
    });
    expect(post?.url).toBe("https://x.com/i/web/status/855000000000000001");
  });

  it("reads older archives (tweet.js, entries without the 'tweet' wrapper) and a BOM", () => {
    const text = `\ufeffwindow.YTD.tweet.part0 = ${JSON.stringify([tweet().tweet])}`;
    expect(parseExport("x", text).posts.map((p) => p.uid)).toEqual(["x:855000000000000001"]);
  });

  it("keeps good tweets and reports bad ones by position and id", () => {
    const text = archive([
      tweet(),
      tweet({ id_str: "2", id: "2", full_text: "" }),
      tweet({ id_str: "3", id: "3", created_at: "yesterday" }),
      tweet({ id_str: "4", id: "4", favorite_count: "-1" }),
      tweet({ id_str: "5", id: "5", full_text: "RT @someone: #Clusterwoche ist toll" }),
      tweet({ id_str: undefined, id: undefined }),
      "not a tweet",
      tweet({ id_str: "8", id: "8", full_text: '=HYPERLINK("http://x") #clusterwoche17', lang: "und" }),
      tweet(),
    ]);
    const { posts, errors } = parseExport("x", text);
    expect(posts.map((p) => [p.uid, p.text, p.lang])).toEqual([
      ["x:855000000000000001", expect.any(String), "de"],
      ["x:8", '=HYPERLINK("http://x") #clusterwoche17', null],
    ]);
    expect(errors).toEqual([
      { line: 2, message: "tweet 2: full_text is empty" },
      { line: 3, message: "tweet 3: created_at is not a date: 'yesterday'" },
      { line: 4, message: "tweet 4: favorite_count must be a whole number ≥ 0, got '-1'" },
      { line: 5, message: "tweet 5: a retweet of someone else's post: reposts are not posts, skipped" },
      { line: 6, message: "has no id_str" },
      { line: 7, message: "not a tweet object" },
      { line: 9, message: "tweet 855000000000000001: the same post as line 1: skipped" },
    ]);
  });

  it.each([
    ["broken JSON", "window.YTD.tweets.part0 = [ {", "not an X archive"],
    ["an object instead of a list", '{"tweet": {}}', "must hold a JSON list"],
  ])("refuses %s as a whole", (_name, text, message) => {
    expect(() => parseExport("x", text)).toThrow(ImportFormatError);
    expect(() => parseExport("x", text)).toThrow(message);
  });
});

const ANALYTICS_HEADER =
  '"Tweet id","Tweet permalink","Tweet text","time","impressions","engagements","engagement rate","retweets","replies","likes","user profile clicks"';

describe("X analytics / third-party CSV import", () => {
  it("reads the analytics export: id and handle from the permalink, decimal counts", () => {
    const csv = `${ANALYTICS_HEADER}\n"855000000000000001","https://twitter.com/BMWi_Bund/status/855000000000000001","Auftakt der #Clusterwoche in Berlin","2017-04-20 08:00 +0000","1500.0","40.0","0.0267","3.0","1.0","12.0","2.0"\n`;
    const { posts, errors } = parseExport("x", csv, { author: "ignored-when-the-link-names-one" });
    expect(errors).toEqual([]);
    expect(posts).toEqual([
      expect.objectContaining({
        uid: "x:855000000000000001",
        url: "https://twitter.com/BMWi_Bund/status/855000000000000001",
        createdAt: "2017-04-20T08:00:00.000Z",
        text: "Auftakt der #Clusterwoche in Berlin",
        author: { handle: "@bmwi_bund", name: null, url: "https://x.com/BMWi_Bund", followers: 0 },
        counts: { likes: 12, reposts: 3, replies: 1, quotes: 0 },
        hashtags: ["clusterwoche"],
      }),
    ]);
  });

  it("shares uids with the archive, so both exports of one tweet are one post", () => {
    const csv = `${ANALYTICS_HEADER}\n855000000000000001,https://x.com/bmwi_bund/status/855000000000000001,x,2017-04-20 08:00 +0000,0,0,0,0,0,0,0\n`;
    expect(parseExport("x", csv).posts[0]?.uid).toBe(parseExport("x", archive([tweet()])).posts[0]?.uid);
  });

  it("takes the id from the permalink when a spreadsheet rounded the id column", () => {
    const csv = `Tweet id;Tweet permalink;Tweet text;time;likes\n8,55E+17;https://twitter.com/a/status/855000000000000001;#Clusterwoche;20.04.2017 10:00;1\n8,55E+17;;#Clusterwoche;20.04.2017 10:00;1\n`;
    const { posts, errors } = parseExport("x", csv);
    expect(posts.map((p) => p.uid)).toEqual(["x:855000000000000001"]);
    expect(errors).toEqual([
      { line: 3, message: expect.stringContaining("is not a tweet id (rounded by a spreadsheet?)") },
    ]);
  });

  it("reads a third-party tool's columns and author column", () => {
    const csv =
      "id,text,created_at,author,favorites,retweets,replies,quotes\n42,#Clusterwoche,2017-04-20T08:00:00Z,@Anna,1,2,3,4\n";
    const [post] = parseExport("x", csv).posts;
    expect(post).toMatchObject({
      uid: "x:42",
      url: "https://x.com/Anna/status/42",
      author: { handle: "@anna" },
      counts: { likes: 1, reposts: 2, replies: 3, quotes: 4 },
    });
  });

  it("reports bad rows by line", () => {
    const csv = [
      ANALYTICS_HEADER,
      '"1","https://twitter.com/a/status/1","ok #Clusterwoche","2017-04-20 08:00 +0000","0","0","0","0","0","0","0"',
      '"2","https://example.org/not-a-tweet","x","2017-04-20 08:00 +0000","0","0","0","0","0","0","0"',
      '"3","","","2017-04-20 08:00 +0000","0","0","0","0","0","0","0"',
      '"4","","x","2017-04-20 08:00 +0000","0","0","0","-2","0","0","0"',
    ].join("\n");
    const { posts, errors } = parseExport("x", csv);
    expect(posts.map((p) => p.uid)).toEqual(["x:1"]);
    expect(errors).toEqual([
      {
        line: 3,
        message: "tweet 2: Tweet permalink is not a link to a tweet: 'https://example.org/not-a-tweet'",
      },
      { line: 4, message: "tweet 3: Tweet text is empty" },
      { line: 5, message: "tweet 4: retweets must be a whole number ≥ 0, got '-2'" },
    ]);
  });

  it("refuses a CSV without tweet columns", () => {
    expect(() => parseExport("x", "a,b\n1,2\n")).toThrow(
      "no header row with the columns Tweet id or Tweet permalink, Tweet text and time found; the first row has: a, b",
    );
  });
});
