import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validate } from "node-cron";
import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_CONFIG_PATH, loadConfig, parseConfig } from "../../server/config.ts";

const valid = {
  campaigns: [
    {
      id: "cw-2017",
      name: "Clusterwoche 2017",
      hashtags: ["#Clusterwoche"],
      start: "2017-04-20",
      end: "2017-04-28",
    },
  ],
  sources: { mastodon: { instances: ["https://social.bund.de"] } },
};

function errorOf(raw: unknown): string {
  try {
    parseConfig(raw, "test.json");
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("config", () => {
  it("ships a valid #Clusterwoche config with both editions and real instances", () => {
    const cfg = loadConfig(DEFAULT_CONFIG_PATH);
    expect(cfg.campaigns.map((c) => [c.id, c.start, c.end])).toEqual([
      ["clusterwoche-2017", "2017-04-20", "2017-04-28"],
      ["clusterwoche-2019", "2019-04-02", "2019-04-11"],
    ]);
    expect(cfg.sources.mastodon?.instances).toEqual(
      expect.arrayContaining(["https://social.bund.de", "https://mastodon.social"]),
    );
    expect(validate(cfg.sources.mastodon?.schedule ?? "")).toBe(true);
  });

  it("fills defaults and strips the # from hashtags", () => {
    const cfg = parseConfig(valid, "test.json");
    expect(cfg.campaigns[0]).toMatchObject({ hashtags: ["Clusterwoche"], timezone: "Europe/Berlin" });
    expect(cfg.sources.mastodon).toMatchObject({ schedule: "*/5 * * * *", maxPagesPerRun: 25 });
    expect(cfg.http).toEqual({ timeoutMs: 15_000, maxRetries: 3, maxRateLimitWaitMs: 300_000 });
  });

  it.each([
    [
      "a campaign without hashtags",
      { ...valid, campaigns: [{ ...valid.campaigns[0], hashtags: [] }] },
      "$.campaigns[0].hashtags: needs at least one hashtag",
    ],
    [
      "an impossible day",
      { ...valid, campaigns: [{ ...valid.campaigns[0], start: "2017-02-30" }] },
      "$.campaigns[0].start: must be a calendar day",
    ],
    [
      "end before start",
      { ...valid, campaigns: [{ ...valid.campaigns[0], end: "2017-04-01" }] },
      "$.campaigns[0].end: end must not be before start",
    ],
    [
      "an unknown timezone",
      { ...valid, campaigns: [{ ...valid.campaigns[0], timezone: "Europe/Bonn" }] },
      "$.campaigns[0].timezone: must be an IANA timezone",
    ],
    [
      "a hashtag with a space",
      { ...valid, campaigns: [{ ...valid.campaigns[0], hashtags: ["Cluster woche"] }] },
      "$.campaigns[0].hashtags[0]: must be a hashtag",
    ],
    [
      "a bad instance URL",
      { ...valid, sources: { mastodon: { instances: ["social.bund.de"] } } },
      "$.sources.mastodon.instances[0]: must be an http(s) URL",
    ],
    [
      "a bad cron expression",
      { ...valid, sources: { mastodon: { instances: ["https://a.example"], schedule: "every 5 min" } } },
      "$.sources.mastodon.schedule: must be a cron expression",
    ],
    ["an unknown key (typo)", { ...valid, campaings: [] }, '$: Unrecognized key: "campaings"'],
    ["an unknown source", { ...valid, sources: { twitter: {} } }, '$.sources: Unrecognized key: "twitter"'],
    [
      "a duplicate campaign id",
      { ...valid, campaigns: [valid.campaigns[0], valid.campaigns[0]] },
      "$.campaigns[1].id: duplicate id 'cw-2017'",
    ],
    [
      "an unknown default campaign",
      { ...valid, defaultCampaign: "nope" },
      "$.defaultCampaign: no campaign has id 'nope'",
    ],
    ["not an object", [], "$: Invalid input: expected object, received array"],
  ])("names the JSON path and the problem for %s", (_name, raw, message) => {
    expect(errorOf(raw)).toContain(message);
  });

  it("reports unreadable files and broken JSON by file name", () => {
    const dir = mkdtempSync(join(tmpdir(), "resonanz-config-"));
    expect(() => loadConfig(join(dir, "missing.json"))).toThrow(/cannot read config .*missing\.json: ENOENT/);
    const broken = join(dir, "broken.json");
    writeFileSync(broken, '{"campaigns": [');
    expect(() => loadConfig(broken)).toThrow(/broken\.json is not valid JSON/);
  });

  it("resolves relative data paths against the config file", () => {
    const dir = mkdtempSync(join(tmpdir(), "resonanz-config-"));
    const file = join(dir, "c.json");
    writeFileSync(file, JSON.stringify({ ...valid, clusters: "clusters.json" }));
    expect(loadConfig(file).clusters).toBe(join(dir, "clusters.json"));
  });
});
