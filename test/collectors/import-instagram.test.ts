import { describe, expect, it } from "vitest";
import { parseExport } from "../../collectors/import/index.ts";
import { ImportFormatError } from "../../collectors/import/types.ts";

/** Instagram writes each UTF-8 byte as its own \u00XX escape; this reproduces it for a sample. */
function mojibake(text: string): string {
  return Array.from(new TextEncoder().encode(text), (b) => String.fromCharCode(b)).join("");
}

/** JSON with every non-ASCII character escaped, as the download's files are. */
function asDownload(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

describe("Instagram data download (posts_1.json) import", () => {
  it("reads single and multi-photo posts and repairs the mojibake", () => {
    const json = asDownload([
      {
        media: [
          {
            uri: "media/posts/201704/17854360229135492.jpg",
            creation_timestamp: 1492675200,
            title: mojibake("Grüße zur #Clusterwoche 😀"),
          },
        ],
      },
      {
        media: [
          { uri: "media/posts/201704/1.jpg", creation_timestamp: 1492761600, title: "" },
          { uri: "media/posts/201704/2.jpg", creation_timestamp: 1492761600, title: "" },
        ],
        title: mojibake("Zweiter Tag #Clusterwoche17 in München"),
        creation_timestamp: 1492761600,
      },
    ]);
    expect(json).toContain(
      '"Gr\\u00c3\\u00bc\\u00c3\\u009fe zur #Clusterwoche \\u00f0\\u009f\\u0098\\u0080"',
    );
    const { posts, errors } = parseExport("instagram", json, { author: "@Cluster_XY" });
    expect(errors).toEqual([]);
    expect(posts).toEqual([
      {
        uid: "instagram:media/posts/201704/17854360229135492.jpg",
        platform: "instagram",
        originInstance: null,
        url: null,
        remoteId: "media/posts/201704/17854360229135492.jpg",
        createdAt: "2017-04-20T08:00:00.000Z",
        editedAt: null,
        text: "Grüße zur #Clusterwoche 😀",
        lang: null,
        author: {
          handle: "@cluster_xy",
          name: null,
          url: "https://www.instagram.com/Cluster_XY/",
          followers: 0,
        },
        counts: { likes: 0, reposts: 0, replies: 0, quotes: 0 },
        countsFromOrigin: true,
        hashtags: ["clusterwoche"],
      },
      expect.objectContaining({
        uid: "instagram:media/posts/201704/1.jpg",
        text: "Zweiter Tag #Clusterwoche17 in München",
        hashtags: ["clusterwoche17"],
      }),
    ]);
  });

  it("reads a list wrapped in an object and defaults the author", () => {
    const json = JSON.stringify({
      ig_posts: [{ media: [{ uri: "media/a.jpg", creation_timestamp: 1492675200, title: "#Clusterwoche" }] }],
    });
    expect(parseExport("instagram", json).posts[0]?.author.handle).toBe("instagram-account");
  });

  it("reports bad posts by position", () => {
    const ok = { uri: "media/ok.jpg", creation_timestamp: 1492675200, title: "ok" };
    const json = JSON.stringify([
      { media: [ok] },
      { media: [{ ...ok, uri: "media/2.jpg", title: "" }] },
      { media: [{ ...ok, uri: "media/3.jpg", creation_timestamp: "gestern" }] },
      { media: [{ ...ok, uri: "media/4.jpg", creation_timestamp: undefined }] },
      { media: [] },
      { media: [{ ...ok, uri: undefined }] },
      { media: [ok] },
    ]);
    const { posts, errors } = parseExport("instagram", json);
    expect(posts.map((p) => p.uid)).toEqual(["instagram:media/ok.jpg"]);
    expect(errors).toEqual([
      { line: 2, message: "post media/2.jpg: title (caption) is empty" },
      { line: 3, message: "post media/3.jpg: creation_timestamp is not a date: 'gestern'" },
      { line: 4, message: "post media/4.jpg: has no creation_timestamp" },
      { line: 5, message: "not a post: no media list" },
      { line: 6, message: "has no media uri" },
      { line: 7, message: "post media/ok.jpg: the same post as line 1: skipped" },
    ]);
  });

  it("refuses JSON that is not a list of posts", () => {
    expect(() => parseExport("instagram", '{"a": 1}')).toThrow(ImportFormatError);
    expect(() => parseExport("instagram", "[{")).toThrow("not valid JSON");
  });
});

describe("Instagram CSV import", () => {
  it("reads Permalink, Caption, Timestamp, Like count, Comments count", () => {
    const csv =
      "Permalink,Caption,Timestamp,Like count,Comments count\n" +
      'https://www.instagram.com/p/BTabc123/?igsh=track,"Heute: #Clusterwoche, Tag 1",2017-04-20T08:00:00+0000,120,7\n';
    const { posts, errors } = parseExport("instagram", csv);
    expect(errors).toEqual([]);
    expect(posts).toEqual([
      expect.objectContaining({
        uid: "instagram:https://www.instagram.com/p/BTabc123/",
        url: "https://www.instagram.com/p/BTabc123/",
        createdAt: "2017-04-20T08:00:00.000Z",
        text: "Heute: #Clusterwoche, Tag 1",
        author: { handle: "instagram-account", name: null, url: null, followers: 0 },
        counts: { likes: 120, reposts: 0, replies: 7, quotes: 0 },
      }),
    ]);
  });

  it("reads Meta Business Suite's columns with semicolons and a BOM", () => {
    const csv =
      "\ufeffPost ID;Account username;Description;Publish time;Permalink;Likes;Shares;Comments\n" +
      "1790;cluster_xy;#Clusterwoche;04/20/2017 10:00;https://www.instagram.com/p/X1/;5;1;2\n";
    expect(parseExport("instagram", csv).posts[0]).toMatchObject({
      uid: "instagram:https://www.instagram.com/p/X1/",
      remoteId: "1790",
      author: { handle: "@cluster_xy" },
      counts: { likes: 5, reposts: 1, replies: 2, quotes: 0 },
    });
  });

  it("reports bad rows by line", () => {
    const csv = [
      "Permalink,Caption,Timestamp,Like count,Comments count",
      "https://www.instagram.com/p/A/,ok,2017-04-20T08:00:00+0000,1,0",
      "https://www.instagram.com/p/B/,,2017-04-20T08:00:00+0000,1,0",
      "https://www.instagram.com/p/C/,x,2017-04-20T08:00:00+0000,-4,0",
      "https://www.instagram.com/p/D/,x,30.02.2017,1,0",
      "javascript:alert(1),x,2017-04-20T08:00:00+0000,1,0",
    ].join("\n");
    const { posts, errors } = parseExport("instagram", csv);
    expect(posts).toHaveLength(1);
    expect(errors).toEqual([
      { line: 3, message: "Caption is empty" },
      { line: 4, message: "Like count must be a whole number ≥ 0, got '-4'" },
      { line: 5, message: "Timestamp is not a date: '30.02.2017'" },
      { line: 6, message: "Permalink must be an http(s) URL, got 'javascript:alert(1)'" },
    ]);
  });
});
