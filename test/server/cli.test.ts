import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { writeMastodonConfig } from "../helpers/config-file.ts";
import { type FakeInstance, startFakeMastodon } from "../helpers/fake-mastodon.ts";

describe("the CLI", () => {
  let a: FakeInstance;
  let b: FakeInstance;
  let dir: string;

  beforeAll(async () => {
    [a, b] = await Promise.all([startFakeMastodon(), startFakeMastodon()]);
    dir = mkdtempSync(join(tmpdir(), "resonanz-cli-"));
    const at = (i: number) => new Date(Date.parse("2017-04-20T06:00:00Z") + i * 3_600_000).toISOString();
    for (let i = 0; i < 50; i++) {
      a.statuses.push({
        id: String(1000 + i),
        uri: `${a.url}users/a${i % 5}/statuses/${1000 + i}`,
        created_at: at(i),
        content: `<p>Post ${i} #Clusterwoche</p>`,
        tags: ["clusterwoche"],
        acct: `a${i % 5}`,
        followers: 100 + i,
        favourites: i % 4,
      });
    }
    // Five of A's posts federated to B, plus B's own.
    for (const s of a.statuses.slice(0, 5))
      b.statuses.push({ ...s, id: String(Number(s.id) + 9000), acct: `${s.acct}@${a.host}` });
    for (let i = 0; i < 10; i++) {
      b.statuses.push({
        id: String(5000 + i),
        uri: `${b.url}users/b/statuses/${i}`,
        created_at: at(i),
        content: "<p>#clusterwoche</p>",
        tags: ["clusterwoche"],
        acct: "b",
        followers: 7,
      });
    }
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  it("collect, run twice, stores every post once and prints one JSON line per source", async () => {
    const env = {
      RESONANZ_CONFIG: writeMastodonConfig(dir, [a.url, b.url]),
      RESONANZ_DB: join(dir, "collect.sqlite"),
    };
    const first = await runCli(["collect"], env);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(
      first.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { source: "mastodon", fetched: 65, inserted: 60, updated: 0, failed: 0, error: null },
      // The count refresh has nothing due yet: every post was just collected.
      { source: "mastodon-refresh", fetched: 0, inserted: 0, updated: 0, failed: 0, error: null },
    ]);
    const second = await runCli(["collect", "--source", "mastodon"], env);
    // --source picks one: one line.
    expect(JSON.parse(second.stdout)).toMatchObject({
      source: "mastodon",
      inserted: 0,
      failed: 0,
      error: null,
    });
    const db = new Database(env.RESONANZ_DB, { readonly: true });
    expect(db.prepare("select count(*) n, count(distinct uid) u from posts").get()).toEqual({ n: 60, u: 60 });
    db.close();
  });

  it("collect reports a failed source in its line and still exits 0", async () => {
    const env = {
      RESONANZ_CONFIG: writeMastodonConfig(dir, ["http://127.0.0.1:9/"], {
        http: { timeoutMs: 1000, maxRetries: 0, maxRateLimitWaitMs: 0 },
      }),
      RESONANZ_DB: join(dir, "dead.sqlite"),
    };
    const r = await runCli(["collect"], env);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout.split("\n")[0] as string)).toMatchObject({
      source: "mastodon",
      failed: 1,
      error: expect.stringContaining("cannot reach"),
    });
  });

  it("refuses a bad config before opening anything: path and problem named, exit 2", async () => {
    const path = join(dir, "bad.json");
    writeFileSync(
      path,
      JSON.stringify({
        campaigns: [{ id: "x", name: "X", hashtags: ["a"], start: "2017-04-31", end: "2017-05-01" }],
        sources: {},
      }),
    );
    const dbPath = join(dir, "never.sqlite");
    const r = await runCli(["collect"], { RESONANZ_CONFIG: path, RESONANZ_DB: dbPath });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("$.campaigns[0].start: must be a calendar day YYYY-MM-DD");
    expect(existsSync(dbPath)).toBe(false);
  });

  it.each([
    [["collect", "--source", "twitter"], "unknown or unconfigured source 'twitter'"],
    [["collect", "--bogus"], "Unknown option '--bogus'"],
    [["report", "--kind", "week"], "--out FILE is required"],
    [["report", "--kind", "week", "--out", "x.docx"], "--out must end in .pdf, .csv or .xlsx"],
    [["report", "--kind", "week", "--lang", "fr", "--out", "x.pdf"], "--lang must be de or en"],
    [["report", "--kind", "cluster", "--out", "x.pdf"], "--kind cluster needs --cluster ID"],
    [
      ["report", "--kind", "cluster", "--cluster", "no-such-cluster", "--out", "x.pdf"],
      "no cluster 'no-such-cluster'",
    ],
    [["frobnicate"], "unknown command 'frobnicate'"],
  ])("%j → exit 2 with %j", async (args, message) => {
    const r = await runCli(args, {
      RESONANZ_CONFIG: writeMastodonConfig(dir, [a.url]),
      RESONANZ_DB: join(dir, "usage.sqlite"),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it("refuses a registry file it cannot read, naming it, with exit 2", async () => {
    const config = writeMastodonConfig(dir, [a.url], { clusters: "no-such-registry.json" });
    const r = await runCli(["collect"], {
      RESONANZ_CONFIG: config,
      RESONANZ_DB: join(dir, "registry.sqlite"),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cluster registry .*no-such-registry\.json/);
  });

  it("refuses an unknown LOG_LEVEL with exit 2 and no stack trace", async () => {
    const r = await runCli(["help"], { LOG_LEVEL: "verbose" });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "resonanz: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got 'verbose'\n",
    );
  });

  it("report writes the posts as .csv and the workbook as .xlsx, and a cluster's PDF", async () => {
    const env = {
      RESONANZ_CONFIG: writeMastodonConfig(dir, [a.url, b.url]),
      RESONANZ_DB: join(dir, "report.sqlite"),
    };
    expect((await runCli(["collect"], env)).code).toBe(0);
    const csv = join(dir, "posts.csv");
    const r1 = await runCli(["report", "--kind", "week", "--out", csv], env);
    expect(r1.code, r1.stderr).toBe(0);
    const text = readFileSync(csv, "utf8");
    expect(text.startsWith("\uFEFFUID,Plattform,")).toBe(true);
    expect(text.trim().split("\r\n")).toHaveLength(1 + 60); // header + every post once
    const xlsx = join(dir, "posts.xlsx");
    expect((await runCli(["report", "--out", xlsx, "--lang", "en"], env)).code).toBe(0);
    expect(readFileSync(xlsx).subarray(0, 2).toString("latin1")).toBe("PK");
    const pdf = join(dir, "owl.pdf");
    const r3 = await runCli(["report", "--kind", "cluster", "--cluster", "its-owl", "--out", pdf], env);
    expect(r3.code, r3.stderr).toBe(0);
    expect(readFileSync(pdf).subarray(0, 5).toString("latin1")).toBe("%PDF-");
  });

  it("help lists the commands", async () => {
    const r = await runCli(["help"], {});
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/collect \[--source NAME\]/);
  });
});
