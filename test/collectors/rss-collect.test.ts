import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { abortableSleep, createHttpClient, type HttpClient } from "../../collectors/http.ts";
import { AbortedError } from "../../collectors/http-errors.ts";
import { createRssCollector } from "../../collectors/rss/index.ts";
import { tagMatchesCampaign } from "../../data/campaign.ts";
import { createTestDb, type TestDb } from "../helpers/db.ts";
import {
  atomDoc,
  type FakeFeedServer,
  rssDoc,
  type SampleItem,
  startFakeFeedServer,
} from "../helpers/fake-feed.ts";

const log = pino({ level: "silent" });

const PRESS: SampleItem[] = [
  {
    guid: "pm-1",
    link: "https://presse.example.de/pm/1",
    title: "Start der Clusterwoche",
    html: "<p>Bundesweit öffnen Cluster ihre Türen. #Clusterwoche</p>",
    published: "2019-04-02T08:00:00Z",
    author: "Pressestelle",
  },
  { guid: "pm-2", link: "https://presse.example.de/pm/2", title: "Haushalt", html: "<p>Zahlen</p>" },
  {
    guid: "pm-3",
    link: "https://presse.example.de/pm/3",
    title: "Jena zeigt Optik",
    html: "<p>Führungen am Mittwoch.</p>",
    categories: ["clusterwoche2019"],
    published: "2019-04-03T09:00:00Z",
  },
];

const NEWS: SampleItem[] = [
  {
    link: "https://news.example.org/a",
    title: "Was die Cluster-Woche bringt",
    html: "<p>Ein Überblick</p>",
    published: "2019-04-02T10:00:00Z",
  },
  { link: "https://news.example.org/b", title: "Wetter", html: "<p>Regen</p>" },
];

describe("RSS collector against a loopback feed server", () => {
  let server: FakeFeedServer;
  let t: TestDb;

  beforeEach(async () => {
    server = await startFakeFeedServer();
    t = await createTestDb(() => new Date());
    server.feeds.set("/presse.rss", { body: rssDoc("Presse", PRESS), etag: '"v1"' });
    server.feeds.set("/news.atom", {
      body: atomDoc("News", NEWS),
      contentType: "application/atom+xml",
      lastModified: "Tue, 02 Apr 2019 12:00:00 GMT",
    });
  });
  afterEach(async () => {
    await Promise.all([server.close(), t.database.close()]);
  });

  function collector(paths: string[]) {
    const http = createHttpClient(
      {
        timeoutMs: 5000,
        maxRetries: 1,
        maxRateLimitWaitMs: 1000,
        backoffBaseMs: 5,
        userAgent: "Resonanz/test",
      },
      { fetch, sleep: abortableSleep, random: Math.random, now: Date.now },
    );
    return createRssCollector(
      {
        feeds: paths.map((p) => `${server.url}${p}`),
        keywords: ["Clusterwoche", "Cluster-Woche"],
        isCampaignTag: (tag) => tagMatchesCampaign(tag, ["Clusterwoche"]),
      },
      { http, store: t.store, log, now: () => new Date("2019-04-05T12:00:00Z") },
    );
  }

  const uids = async () =>
    (await t.database.db.selectFrom("posts").select("uid").orderBy("uid").execute()).map((r) => r.uid);
  const runs = () =>
    t.database.db
      .selectFrom("collector_runs")
      .select(["target", "status", "fetched", "inserted", "error"])
      .orderBy("id")
      .execute();

  it("stores kept items once, answers unchanged feeds with 304 and adds only new items", async () => {
    const feeds = ["/presse.rss", "/news.atom"];
    const first = await collector(feeds).run(new AbortController().signal);
    expect(first).toEqual({ source: "rss", fetched: 5, inserted: 3, updated: 0, failed: 0, error: null });
    expect(await uids()).toEqual([
      `rss:${server.host}/pm-1`,
      `rss:${server.host}/pm-3`,
      "rss:https://news.example.org/a",
    ]);
    const post = await t.database.db
      .selectFrom("posts")
      .innerJoin("authors", "authors.id", "posts.author_id")
      // Both feeds live on one host here, so they share the author "@host" (its name is the latest item's).
      .select(["posts.url", "posts.created_at", "posts.text", "authors.handle", "authors.followers_first"])
      .where("uid", "=", `rss:${server.host}/pm-1`)
      .executeTakeFirstOrThrow();
    expect(post).toEqual({
      url: "https://presse.example.de/pm/1",
      created_at: "2019-04-02T08:00:00.000Z",
      text: "Start der Clusterwoche\n\nBundesweit öffnen Cluster ihre Türen. #Clusterwoche",
      handle: `@${server.host}`,
      followers_first: 0,
    });
    // Feed media types were asked for, not the client's JSON default.
    const accept = server.requests[0]?.headers.accept ?? "";
    expect(accept).toMatch(/^application\/rss\+xml, application\/atom\+xml/);
    expect(accept).not.toContain("application/json");

    // Second run: both feeds are validated conditionally and answer 304.
    const before = server.requests.length;
    const second = await collector(feeds).run(new AbortController().signal);
    expect(second).toEqual({ source: "rss", fetched: 0, inserted: 0, updated: 0, failed: 0, error: null });
    const again = server.requests.slice(before);
    expect(again.map((r) => [r.path, r.status])).toEqual([
      ["/presse.rss", 304],
      ["/news.atom", 304],
    ]);
    expect(again[0]?.headers["if-none-match"]).toBe('"v1"');
    expect(again[1]?.headers["if-modified-since"]).toBe("Tue, 02 Apr 2019 12:00:00 GMT");
    expect(await uids()).toHaveLength(3);

    // The press feed changes: a new ETag, one new relevant item on top.
    server.feeds.set("/presse.rss", {
      body: rssDoc("Presse", [
        { guid: "pm-4", link: "https://presse.example.de/pm/4", title: "Bilanz der #Clusterwoche19" },
        ...PRESS,
      ]),
      etag: '"v2"',
    });
    const third = await collector(feeds).run(new AbortController().signal);
    expect(third).toEqual({ source: "rss", fetched: 4, inserted: 1, updated: 0, failed: 0, error: null });
    expect(await uids()).toHaveLength(4);
    const cursor = await t.database.db
      .selectFrom("source_cursors")
      .select("cursor")
      .where("target", "=", `${server.url}/presse.rss`)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(cursor.cursor)).toEqual({ etag: '"v2"', lastModified: null });
    expect((await runs()).map((r) => r.status)).toEqual(["ok", "ok", "ok", "ok", "ok", "ok"]);
  });

  it("records a failing feed (HTTP 500, HTML instead of a feed) and collects the others", async () => {
    server.feeds.set("/broken.rss", { body: "", status: 500 });
    server.feeds.set("/login.rss", {
      body: "<!DOCTYPE html><html><body><form>Anmelden</form></body></html>",
      contentType: "text/html",
    });
    const r = await collector(["/broken.rss", "/presse.rss", "/login.rss"]).run(new AbortController().signal);
    expect(r).toMatchObject({ fetched: 3, inserted: 2, failed: 2 });
    expect(r.error).toBe(`${server.url}/broken.rss: HTTP 500 from ${server.url}/broken.rss`);
    // The policy retried the 500 once before giving up.
    expect(server.requests.filter((q) => q.path === "/broken.rss")).toHaveLength(2);
    expect(await runs()).toEqual([
      {
        target: `${server.url}/broken.rss`,
        status: "failed",
        fetched: 0,
        inserted: 0,
        error: `HTTP 500 from ${server.url}/broken.rss`,
      },
      { target: `${server.url}/presse.rss`, status: "ok", fetched: 3, inserted: 2, error: null },
      {
        target: `${server.url}/login.rss`,
        status: "failed",
        fetched: 0,
        inserted: 0,
        error: "got an HTML page, not an RSS or Atom feed",
      },
    ]);
    // A failed feed moves no cursor: the next run fetches it in full.
    const cursors = await t.database.db.selectFrom("source_cursors").select("target").execute();
    expect(cursors.map((c) => c.target)).toEqual([`${server.url}/presse.rss`]);
  });

  it("stops at an abort and records the run as aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    const r = await collector(["/presse.rss"]).run(controller.signal);
    expect(r).toMatchObject({ fetched: 0, inserted: 0, failed: 0 });
    expect(await runs()).toEqual([]);

    // Aborted mid-request (shutdown): the run row says so and the other feeds are not started.
    const http: HttpClient = {
      get: () => Promise.reject(new AbortedError()),
      send: () => Promise.reject(new AbortedError()),
    };
    const c = createRssCollector(
      {
        feeds: [`${server.url}/presse.rss`, `${server.url}/news.atom`],
        keywords: [],
        isCampaignTag: () => true,
      },
      { http, store: t.store, log, now: () => new Date() },
    );
    const res = await c.run(new AbortController().signal);
    expect(res).toMatchObject({ error: "aborted", failed: 0 });
    expect((await runs()).map((x) => x.status)).toEqual(["aborted"]);
  });
});
