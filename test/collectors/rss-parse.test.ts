import { describe, expect, it } from "vitest";
import { parseFeedDate } from "../../collectors/rss/dates.ts";
import { type FeedItem, FeedParseError, parseFeed } from "../../collectors/rss/parse.ts";
import { feedItemSchema } from "../../collectors/rss/schema.ts";
import { hasFeeds, NO_SHARED, readFeed } from "../helpers/shared.ts";

if (!hasFeeds) console.warn(NO_SHARED);

describe.skipIf(!hasFeeds)("RSS parse on recorded real feeds", () => {
  it("reads a Mastodon tag RSS feed: guids, links, UTC dates, categories, HTML bodies", () => {
    const feed = parseFeed(readFeed("mastodon-tag-feed-hachyderm-kubernetes.rss"));
    expect(feed).toMatchObject({
      format: "rss",
      title: "#kubernetes",
      link: "https://hachyderm.io/tags/kubernetes",
      truncated: 0,
    });
    expect(feed.items).toHaveLength(4);
    const first = feed.items[0] as FeedItem;
    expect(first).toMatchObject({
      guid: "https://ioc.exchange/@jon404/111544891736153138",
      link: "https://ioc.exchange/@jon404/111544891736153138",
      title: "",
      published: "2023-12-08T12:52:54.000Z",
      author: null,
      categories: ["kubernetes", "homelab", "selfhosted", "openbsd", "bgp", "ospf", "virtualization"],
    });
    // The description is entity-escaped HTML: decoded once, markup intact.
    expect(first.html).toMatch(/^<p>Shameless blog series plug<\/p><hr><p>If you're in to <a href=/);
    expect(feed.items.map((i) => i.published)).toEqual([
      "2023-12-08T12:52:54.000Z",
      "2023-12-08T11:01:13.000Z",
      "2023-12-08T10:22:08.000Z",
      "2023-12-08T10:04:17.000Z",
    ]);
    // Character references outside the escaped markup (&#x1f680;) become the character.
    expect(feed.items[3]?.html).toContain("<p>🚀 ALERT: Seamlessly Access HPC Resources");
    expect(feed.items[2]?.categories).toContain("vSphere");
    for (const item of feed.items) expect(feedItemSchema.safeParse(item).success).toBe(true);
  });

  it("reads German Google News RSS: non-permalink guids, titles with „…“, GMT dates", () => {
    const feed = parseFeed(readFeed("rss-google-news-de-topstories.xml"));
    expect(feed.title).toBe("Schlagzeilen - Aktuell - Google News");
    expect(feed.link).toMatch(/^https:\/\/news\.google\.com\/topics\/CAAqJggKIiBDQkFTRWdvSUwyMHZNRFZx/);
    expect(feed.items).toHaveLength(2);
    expect(feed.items[0]).toMatchObject({
      guid: "CBMiOGh0dHBzOi8vd3d3LnRhZ2Vzc2NoYXUuZGUvd2lydHNjaGFmdC9nZGwtc3RyZWlrLTE5MC5odG1s0gEA",
      link: "https://news.google.com/rss/articles/CBMiOGh0dHBzOi8vd3d3LnRhZ2Vzc2NoYXUuZGUvd2lydHNjaGFmdC9nZGwtc3RyZWlrLTE5MC5odG1s0gEA?oc=5",
      title: "GDL ruft von Donnerstagabend an zu eintägigem Streik auf - tagesschau.de",
      published: "2023-12-06T19:20:00.000Z",
      categories: [],
    });
    expect(feed.items[1]?.title).toBe(
      "Lassen die USA die Ukraine im Stich?: US-Finanzministerin spricht von „katastrophaler Situation“ - Tagesspiegel",
    );
    expect(feed.items[1]?.published).toBe("2023-12-06T15:38:00.000Z");
    expect(feed.items[0]?.html).toContain('&nbsp;&nbsp;<font color="#6f6f6f">tagesschau.de');
    for (const item of feed.items) expect(feedItemSchema.safeParse(item).success).toBe(true);
  });
});

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://www.bmwk.de/">
  <title type="html">Presse &amp;lt;BMWK&amp;gt;</title>
  <link rel="self" href="/feed.atom"/>
  <link href="/presse"/>
  <id>tag:bmwk.de,2019:feed</id>
  <updated>2019-04-05T12:00:00+02:00</updated>
  <author><name>Pressestelle</name></author>
  <entry>
    <title>Start der #Clusterwoche 2019</title>
    <link rel="edit" href="/edit/1"/>
    <link rel="alternate" type="text/html" href="/presse/2019/clusterwoche-start"/>
    <id>tag:bmwk.de,2019:1</id>
    <published>2019-04-02T09:30:00+02:00</published>
    <updated>2019-04-03T10:00:00+02:00</updated>
    <category term="Clusterwoche" label="Clusterwoche Deutschland"/>
    <category term="Innovation"/>
    <summary>Kurzfassung &lt;script&gt;alert(1)&lt;/script&gt;</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Heute beginnt die <b>Clusterwoche</b> &amp; mehr.</p></div></content>
  </entry>
  <entry>
    <title type="html"><![CDATA[Zweiter <em>Tag</em>]]></title>
    <link href="https://news.example.org/zwei"/>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <updated>2019-04-03T08:00:00Z</updated>
    <author><name>Jana Muster</name></author>
    <author><name>Max Beispiel</name></author>
    <summary type="html"><![CDATA[<p>Mit &amp; ohne CDATA</p>]]></summary>
  </entry>
  <entry>
    <title>Nur Text</title>
    <id>urn:x:3</id>
    <content>a &lt; b &amp;&amp; c &gt; d</content>
  </entry>
</feed>`;

describe("Atom parse", () => {
  it("reads entries: alternate link resolved against xml:base, published before updated, text constructs", () => {
    const feed = parseFeed(ATOM, { baseUrl: "https://www.bmwk.de/feed.atom" });
    expect(feed).toMatchObject({
      format: "atom",
      title: "Presse <BMWK>",
      link: "https://www.bmwk.de/presse",
    });
    const [a, b, c] = feed.items as [FeedItem, FeedItem, FeedItem];
    expect(a).toEqual({
      guid: "tag:bmwk.de,2019:1",
      link: "https://www.bmwk.de/presse/2019/clusterwoche-start",
      title: "Start der #Clusterwoche 2019",
      html: '<div xmlns="http://www.w3.org/1999/xhtml"><p>Heute beginnt die <b>Clusterwoche</b> &amp; mehr.</p></div>',
      published: "2019-04-02T07:30:00.000Z",
      author: "Pressestelle",
      categories: ["Clusterwoche", "Innovation"],
    });
    expect(b).toMatchObject({
      link: "https://news.example.org/zwei",
      title: "Zweiter Tag",
      html: "<p>Mit &amp; ohne CDATA</p>",
      published: "2019-04-03T08:00:00.000Z",
      author: "Jana Muster, Max Beispiel",
      categories: [],
    });
    // type="text" content is text: escaped so that HTML-to-text gives it back verbatim.
    expect(c).toMatchObject({ link: null, html: "a &lt; b &amp;&amp; c &gt; d", published: null });
    for (const item of feed.items) expect(feedItemSchema.safeParse(item).success).toBe(true);
  });

  it("reads a feed with a single entry (not an array) and one without any", () => {
    const one = parseFeed(
      `<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title><entry><id>urn:a</id><title>A</title></entry></feed>`,
    );
    expect(one.items).toEqual([
      { guid: "urn:a", link: null, title: "A", html: "", published: null, author: null, categories: [] },
    ]);
    expect(parseFeed(`<feed xmlns="http://www.w3.org/2005/Atom"/>`).items).toEqual([]);
  });
});

describe("RSS parse on constructed input", () => {
  it("handles a single item, CDATA, content:encoded, dc fields, e-mail authors and permalink guids", () => {
    const feed = parseFeed(
      `<?xml version="1.0"?>
      <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
        <channel><title>Presse</title><link>https://presse.example.de/</link>
          <item>
            <title><![CDATA[Cluster & Co: „Woche“]]></title>
            <guid>https://presse.example.de/pm/1</guid>
            <description><![CDATA[<p>kurz</p>]]></description>
            <content:encoded><![CDATA[<p>lang &amp; ausführlich</p>]]></content:encoded>
            <dc:date>2019-04-02T10:00:00+02:00</dc:date>
            <author>presse@example.de (Pressestelle BMWK)</author>
            <dc:subject>Clusterwoche</dc:subject>
          </item>
        </channel>
      </rss>`,
    );
    expect(feed.items).toEqual([
      {
        guid: "https://presse.example.de/pm/1",
        link: "https://presse.example.de/pm/1",
        title: "Cluster & Co: „Woche“",
        html: "<p>lang &amp; ausführlich</p>",
        published: "2019-04-02T08:00:00.000Z",
        author: "Pressestelle BMWK",
        categories: ["Clusterwoche"],
      },
    ]);
  });

  it.each([
    [
      "nothing but a title",
      "<item><title>x</title></item>",
      { guid: null, link: null, title: "x", html: "" },
    ],
    ["empty item", "<item></item>", null],
    [
      "non-permalink guid is no link",
      '<item><guid isPermaLink="false">abc</guid></item>',
      { guid: "abc", link: null },
    ],
    [
      "bare guid without isPermaLink is no link",
      "<item><guid>12345</guid></item>",
      { guid: "12345", link: null },
    ],
    [
      "javascript: link dropped",
      "<item><link>javascript:alert(1)</link><guid>g</guid></item>",
      { link: null },
    ],
    ["relative link resolved", "<item><link>/pm/2</link></item>", { link: "https://presse.example.de/pm/2" }],
    ["bare e-mail author dropped", "<item><author>a@b.de</author></item>", { author: null }],
    ["unreadable date", "<item><pubDate>gestern</pubDate></item>", { published: null }],
    [
      "German date with MESZ",
      "<item><pubDate>Di, 02 Apr 2019 10:00:00 MESZ</pubDate></item>",
      { published: "2019-04-02T08:00:00.000Z" },
    ],
    [
      "&nbsp; and &auml; without DTD",
      "<item><title>Gr&uuml;&szlig;e&nbsp;aus M&uuml;nchen</title></item>",
      { title: "Grüße aus München" },
    ],
    [
      "category with domain attribute",
      '<item><category domain="x">Clusterwoche</category></item>',
      { categories: ["Clusterwoche"] },
    ],
  ])("%s", (_name, item, expected) => {
    const feed = parseFeed(`<rss version="2.0"><channel><title>t</title>${item}</channel></rss>`, {
      baseUrl: "https://presse.example.de/feed.rss",
    });
    if (expected === null) expect(feed.items).toEqual([]);
    else expect(feed.items[0]).toMatchObject(expected);
  });

  it("reads RSS 1.0 (RDF): items beside the channel, rdf:about as guid", () => {
    const feed = parseFeed(`<?xml version="1.0"?>
      <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
        <channel rdf:about="https://example.org/"><title>RDF</title><link>https://example.org/</link></channel>
        <item rdf:about="https://example.org/a"><title>A</title><link>https://example.org/a</link><dc:date>2017-04-20T08:00:00Z</dc:date><dc:creator>Eva</dc:creator></item>
        <item rdf:about="https://example.org/b"><title>B</title></item>
      </rdf:RDF>`);
    expect(feed).toMatchObject({ format: "rdf", title: "RDF", link: "https://example.org/" });
    expect(feed.items.map((i) => [i.guid, i.link, i.published, i.author])).toEqual([
      ["https://example.org/a", "https://example.org/a", "2017-04-20T08:00:00.000Z", "Eva"],
      ["https://example.org/b", "https://example.org/b", null, null],
    ]);
  });

  it("keeps only the first maxItems items and says how many were left out", () => {
    const items = Array.from({ length: 12 }, (_, i) => `<item><guid>g${i}</guid></item>`).join("");
    const feed = parseFeed(`<rss><channel>${items}</channel></rss>`, { maxItems: 5 });
    expect(feed.items.map((i) => i.guid)).toEqual(["g0", "g1", "g2", "g3", "g4"]);
    expect(feed.truncated).toBe(7);
  });
});

describe("malformed and hostile input", () => {
  it.each([
    ["empty", "", /empty document/],
    ["whitespace and BOM", "\uFEFF  \n", /empty document/],
    ["plain text", "Service Unavailable", /not well-formed XML: .*line 1/],
    ["JSON", '{"items":[]}', /not well-formed XML/],
    [
      "HTML page",
      "<!DOCTYPE html>\n<html><head><title>Login</title></head><body><br></body></html>",
      /HTML page/,
    ],
    [
      "XHTML page",
      '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>',
      /HTML page/,
    ],
    ["truncated XML", "<rss><channel><item><title>x</title>", /not well-formed XML/],
    [
      "unescaped ampersand",
      "<rss><channel><title>AT&T</title></channel></rss>",
      /not well-formed XML: char '&'/,
    ],
    ["other XML", '<?xml version="1.0"?><opml version="2.0"><body/></opml>', /root element is <opml>/],
    [
      "external entity",
      '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss><channel><title>&xxe;</title></channel></rss>',
      /not a readable feed: External entities/,
    ],
  ])("%s → FeedParseError", (_name, xml, message) => {
    expect(() => parseFeed(xml)).toThrow(FeedParseError);
    expect(() => parseFeed(xml)).toThrow(message);
  });

  it("never expands entities declared in the document (billion laughs)", () => {
    const decls = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++)
      decls.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? "" : i - 1};`.repeat(10)}">`);
    const xml = `<?xml version="1.0"?><!DOCTYPE lolz [${decls.join("")}]>
      <rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9; &lol;</title><description>&lol9;</description></item></channel></rss>`;
    const started = performance.now();
    const feed = parseFeed(xml);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(feed.title).toBe("&lol9;");
    expect(feed.items[0]).toMatchObject({ title: "&lol9; &lol;", html: "&lol9;" });
  });

  it("decodes each reference once: &amp;lt; stays text, bad code points become U+FFFD", () => {
    const feed = parseFeed(
      "<rss><channel><item><title>&amp;lt;b&amp;gt; &#0; &#x110000; &#xD800; &#228;</title></item></channel></rss>",
    );
    expect(feed.items[0]?.title).toBe("&lt;b&gt; \ufffd \ufffd \ufffd ä");
  });
});

describe("parseFeedDate", () => {
  it.each([
    ["Fri, 08 Dec 2023 12:52:54 +0000", "2023-12-08T12:52:54.000Z"],
    ["Wed, 06 Dec 2023 19:20:00 GMT", "2023-12-06T19:20:00.000Z"],
    ["Thu, 20 Apr 2017 10:00:00 CEST", "2017-04-20T08:00:00.000Z"],
    ["Do, 20 Apr 2017 10:00 +0200", "2017-04-20T08:00:00.000Z"],
    ["20 Mär 2019 09:15:00 MEZ", "2019-03-20T08:15:00.000Z"],
    ["Friday, 08-Dec-23 12:52:54 EST", "2023-12-08T17:52:54.000Z"],
    ["2019-04-02T09:30:00+02:00", "2019-04-02T07:30:00.000Z"],
    ["2019-04-02T09:30:00.123456Z", "2019-04-02T09:30:00.123Z"],
    ["2019-04-02T09:30:00", "2019-04-02T09:30:00.000Z"],
    ["2019-04-02", "2019-04-02T00:00:00.000Z"],
    ["0", null],
    ["gestern", null],
    ["2019-02-31T00:00:00Z", null],
    ["Fri, 08 Foo 2023 12:52:54 GMT", null],
    ["", null],
  ])("%j → %s", (raw, iso) => {
    expect(parseFeedDate(raw)).toBe(iso);
  });
});
