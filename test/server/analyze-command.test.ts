import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadAnalysis } from "../../server/analysis.ts";
import { analyzeLine } from "../../server/commands/analyze.ts";
import { DEFAULT_CONFIG_PATH, loadConfig } from "../../server/config.ts";
import { runCli } from "../helpers/cli.ts";

const { analyze } = loadAnalysis(loadConfig(DEFAULT_CONFIG_PATH));
const now = new Date("2017-04-21T10:00:00Z");

describe("analyzeLine (npm run analyze)", () => {
  it.each([
    [
      "a German post naming a cluster",
      { text: "Großartiger Tag bei it's OWL in Paderborn #Clusterwoche" },
      {
        lang: "de",
        sentiment: { label: "positive" },
        clusters: [{ id: "its-owl", matchedBy: "name" }],
        hashtags: ["clusterwoche"],
      },
    ],
    [
      "negation in German",
      { text: "Das war leider gar nicht gut organisiert. #Clusterwoche2017", lang: "de" },
      { lang: "de", sentiment: { label: "negative" }, clusters: [], hashtags: ["clusterwoche2017"] },
    ],
    [
      "an English post",
      { text: "Great day at BioRN, thanks everyone! #Clusterwoche", platform: "bluesky" },
      { lang: "en", sentiment: { label: "positive" }, clusters: [{ id: "biorn", matchedBy: "name" }] },
    ],
  ])("%s", (_name, input, expected) => {
    expect(analyzeLine(JSON.stringify(input), analyze, now)).toMatchObject(expected);
  });

  it.each([
    ["not JSON", "kaputt", "not a JSON object"],
    ["no text", "{}", "text: "],
    ["text not a string", '{"text":5}', "text: "],
    ["unknown platform", '{"text":"x","platform":"myspace"}', "platform: "],
    ["bad time", '{"text":"x","createdAt":"gestern"}', "createdAt: not an ISO timestamp"],
  ])("reports %s with the field", (_name, line, error) => {
    const r = analyzeLine(line, analyze, now);
    expect(r).toHaveProperty("error");
    expect((r as { error: string }).error.startsWith(error)).toBe(true);
  });
});

describe("npm run analyze", () => {
  const dir = mkdtempSync(join(tmpdir(), "resonanz-analyze-"));

  it("prints one line per input line, marks bad ones by line number and exits 1", async () => {
    const file = join(dir, "in.jsonl");
    writeFileSync(file, '\uFEFF{"text":"Super Tag bei BioRN #Clusterwoche"}\n\nkaputt\n{"text":"Hallo"}\n');
    const r = await runCli(["analyze", file], {});
    expect(r.code).toBe(1);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ clusters: [{ id: "biorn" }], sentiment: { label: "positive" } });
    expect(lines[1]).toEqual({ line: 3, error: "not a JSON object" });
    expect(lines[2]).toMatchObject({ hashtags: [] });
  });

  it("uses the sentiment lexicon named in the config, and refuses a broken one with exit 2", async () => {
    const lexicon = join(dir, "lexikon.json");
    writeFileSync(lexicon, JSON.stringify({ schnitzelbrötchen: 4 }));
    const config = join(dir, "config.json");
    const base = JSON.parse((await import("node:fs")).readFileSync(DEFAULT_CONFIG_PATH, "utf8")) as Record<
      string,
      unknown
    >;
    writeFileSync(config, JSON.stringify({ ...base, sentimentLexicon: "lexikon.json" }));
    const file = join(dir, "one.jsonl");
    writeFileSync(file, '{"text":"Heute gab es Schnitzelbrötchen am Stand","lang":"de"}\n');

    const plain = await runCli(["analyze", file], {});
    expect(JSON.parse(plain.stdout).sentiment.label).toBe("neutral");
    const own = await runCli(["analyze", file], { RESONANZ_CONFIG: config });
    expect(own.code).toBe(0);
    expect(JSON.parse(own.stdout).sentiment.label).toBe("positive");

    writeFileSync(lexicon, JSON.stringify({ schnitzel: "lecker" }));
    const bad = await runCli(["analyze", file], { RESONANZ_CONFIG: config });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/sentiment lexicon .*lexikon\.json: schnitzel: /);
  });

  it("needs a FILE", async () => {
    const r = await runCli(["analyze"], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/FILE is required/);
  });
});
