import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../server/config.ts";
import { buildPrivacyJobs } from "../../server/privacy-jobs.ts";
import { privacyNoticeSettings } from "../../server/privacy-routes.tsx";
import { SILENT } from "./privacy-world.ts";

const BASE = {
  campaigns: [{ id: "c", name: "C", hashtags: ["Clusterwoche"], start: "2017-04-20", end: "2017-04-28" }],
  sources: {},
};

describe("config: privacy", () => {
  it("defaults: no retention of text set, deleted rows purged after 30 days, daily at 03:30", () => {
    expect(parseConfig(BASE, "test").privacy).toEqual({ deletedAtSourceDays: 30, schedule: "30 3 * * *" });
  });

  it("takes retention, controller, officer and legal basis", () => {
    const privacy = {
      retentionDays: 180,
      deletedAtSourceDays: 7,
      schedule: "0 4 * * *",
      controller: {
        name: "BMWK",
        address: "Scharnhorststraße 34–37, 10115 Berlin",
        email: "info@bmwk.example",
        dpo: { email: "dsb@bmwk.example" },
      },
      legalBasis: "Art. 6 Abs. 1 lit. e DSGVO",
    };
    expect(parseConfig({ ...BASE, privacy }, "test").privacy).toEqual(privacy);
  });

  it.each([
    [{ retentionDays: 0 }, "$.privacy.retentionDays"],
    [{ retentionDays: 1.5 }, "$.privacy.retentionDays"],
    [{ deletedAtSourceDays: -1 }, "$.privacy.deletedAtSourceDays"],
    [{ schedule: "daily" }, "$.privacy.schedule"],
    [{ controller: { name: "X", address: "Y", email: "nope" } }, "$.privacy.controller.email"],
    [{ controller: { name: "X", email: "a@b.example" } }, "$.privacy.controller.address"],
    [{ retention: 30 }, "$.privacy"],
  ])("refuses %j naming %s", (privacy, path) => {
    expect(() => parseConfig({ ...BASE, privacy }, "test")).toThrow(ConfigError);
    expect(() => parseConfig({ ...BASE, privacy }, "test")).toThrow(path);
  });

  it("feeds the retention job and the privacy notice as it is", async () => {
    const config = parseConfig(
      {
        ...BASE,
        sources: { rss: { feeds: ["https://example.org/feed.xml"] } },
        privacy: { retentionDays: 90, controller: { name: "N", address: "A", email: "a@b.example" } },
      },
      "test",
    );
    const jobs = buildPrivacyJobs(config, {
      store: {} as never,
      secret: "s",
      now: () => new Date(),
      log: SILENT,
    });
    expect(jobs.map((j) => j.schedule)).toEqual(["30 3 * * *"]);
    expect(privacyNoticeSettings(config)).toMatchObject({
      retentionDays: 90,
      deletedAtSourceDays: 30,
      sources: ["rss"],
      controller: { name: "N" },
      campaigns: [{ id: "c" }],
    });
  });
});
