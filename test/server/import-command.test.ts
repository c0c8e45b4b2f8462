import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { writeTestConfig } from "../helpers/config-file.ts";
import { runCliWithStdin } from "../helpers/import-cli.ts";

const HEADER =
  "id;url;created_at;author_handle;author_name;author_followers;text;likes;reposts;replies;quotes;lang";
const ROWS = [
  "1;https://example.org/1;2017-04-20T10:00:00+02:00;anna;Anna;100;Auftakt der #Clusterwoche;5;1;0;0;de", // 2
  "2;;20.04.2017 12:00;ben;;;#clusterwoche2017 in Berlin;1;0;0;0;de", // 3
  "3;;morgen;ben;;;kein Datum;0;0;0;0;de", // 4: bad date
  "4;;20.04.2017;ben;;;;0;0;0;0;de", // 5: no text
  "5;;20.04.2017;ben;;;ohne Kampagne;-3;0;0;0;de", // 6: negative count
  "6;;20.04.2017;ben;;;zu wenige Felder", // 7: wrong column count
  '7;;21.04.2017;ben;;;"=HYPERLINK(""http://evil.example"";""klick"")";0;0;0;0;', // 8: kept as text
  "8;;21.04.2017;ben;;;ohne Hashtag;0;0;0;0;de", // 9
];

describe("npm run import", () => {
  let dir: string;
  let env: Record<string, string>;
  let file: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "resonanz-import-"));
    const config = writeTestConfig(dir);
    env = { RESONANZ_CONFIG: config, RESONANZ_DB: join(dir, "import.sqlite") };
    file = join(dir, "export.csv");
    writeFileSync(file, `\ufeff${[HEADER, ...ROWS].join("\r\n")}\r\n`);
  });

  it("prints one JSON summary line, keeps good rows, reports bad rows by line, exit 0", async () => {
    const r = await runCli(["import", "--platform", "csv", file], env);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toEqual({
      platform: "csv",
      file,
      rows: 8,
      inserted: 4,
      updated: 0,
      unchanged: 0,
      rejected: 4,
      campaignPosts: 2,
      errors: [
        { line: 4, message: "created_at is not a date: 'morgen'" },
        { line: 5, message: "text is empty" },
        { line: 6, message: "likes must be a whole number ≥ 0, got '-3'" },
        { line: 7, message: expect.stringMatching(/^expected 12 fields like the header, found 7/) },
      ],
      moreErrors: 0,
    });
    const db = new Database(env.RESONANZ_DB as string, { readonly: true });
    expect(db.prepare("SELECT uid, platform, text FROM posts ORDER BY uid").all()).toEqual([
      { uid: "csv:1", platform: "csv", text: "Auftakt der #Clusterwoche" },
      { uid: "csv:2", platform: "csv", text: "#clusterwoche2017 in Berlin" },
      { uid: "csv:7", platform: "csv", text: '=HYPERLINK("http://evil.example";"klick")' },
      { uid: "csv:8", platform: "csv", text: "ohne Hashtag" },
    ]);
    expect(db.prepare("SELECT source, target, status, fetched, inserted FROM collector_runs").all()).toEqual([
      { source: "import", target: "csv:export.csv", status: "ok", fetched: 4, inserted: 4 },
    ]);
    db.close();

    // Re-importing the same file is idempotent.
    const again = await runCli(["import", "--platform", "csv", file], env);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      rows: 8,
      inserted: 0,
      updated: 0,
      unchanged: 4,
      rejected: 4,
    });
    const db2 = new Database(env.RESONANZ_DB as string, { readonly: true });
    expect(db2.prepare("SELECT count(*) AS n FROM posts").get()).toEqual({ n: 4 });
    db2.close();
  });

  it("imports an X archive with --author", async () => {
    const archive = join(dir, "tweets.js");
    writeFileSync(
      archive,
      `window.YTD.tweets.part0 = ${JSON.stringify([
        {
          tweet: {
            id_str: "855000000000000001",
            created_at: "Thu Apr 20 08:00:00 +0000 2017",
            full_text: "#Clusterwoche",
            favorite_count: "3",
            retweet_count: "1",
          },
        },
      ])}`,
    );
    const r = await runCli(["import", "--platform", "x", "--author", "bmwi_bund", archive], {
      ...env,
      RESONANZ_DB: join(dir, "x.sqlite"),
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      platform: "x",
      rows: 1,
      inserted: 1,
      campaignPosts: 1,
      errors: [],
    });
  });

  it("reads standard input for FILE '-'", async () => {
    const csv = "id,created_at,author_handle,text\n1,2017-04-20,anna,#Clusterwoche\n";
    const r = await runCliWithStdin(
      ["import", "--platform", "csv", "-"],
      { ...env, RESONANZ_DB: join(dir, "stdin.sqlite") },
      csv,
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ file: "stdin", rows: 1, inserted: 1, campaignPosts: 1 });
  });

  it.each([
    [["import", "FILE"], "--platform is required"],
    [
      ["import", "--platform", "facebook", "FILE"],
      "unknown platform 'facebook': use one of x, linkedin, instagram, csv",
    ],
    [["import", "--platform", "csv"], "FILE is required"],
    [["import", "--platform", "csv", "FILE", "FILE"], "one FILE at a time"],
    [
      ["import", "--platform", "csv", "/nonexistent/export.csv"],
      "cannot read /nonexistent/export.csv: ENOENT",
    ],
    [["import", "--platform", "linkedin", "FILE"], "no header row with the columns Update title/Post title"],
    [["import", "--platform", "x", "--bogus", "FILE"], "Unknown option '--bogus'"],
  ])("%j → exit 2 with %j, nothing opened", async (args, message) => {
    const dbPath = join(dir, "never.sqlite");
    const r = await runCli(
      args.map((a) => (a === "FILE" ? file : a)),
      { ...env, RESONANZ_DB: dbPath },
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(message);
    expect(existsSync(dbPath)).toBe(false);
  });

  it("refuses a bad config with exit 2 before reading the file", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ campaigns: [], sources: {} }));
    const r = await runCli(["import", "--platform", "csv", file], { ...env, RESONANZ_CONFIG: bad });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("$.campaigns: needs at least one campaign");
  });

  it("exits 1 when the database cannot be opened", async () => {
    const r = await runCli(["import", "--platform", "csv", file], {
      ...env,
      // Under a file, not a directory: the database cannot be created.
      RESONANZ_DB: join(file, "x.sqlite"),
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
  });
});
