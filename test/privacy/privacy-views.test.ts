import { jsx } from "hono/jsx";
import { describe, expect, it } from "vitest";
import { ReportsPage } from "../../dashboard/components/reports-page.tsx";
import { buildPrivacyNoticeModel, type PrivacyNoticeSettings } from "../../dashboard/privacy/view-model.ts";
import { buildFilterFormModel } from "../../dashboard/view-models/filter-form.ts";
import { buildReportsModel, ERASURE_PENDING_LABEL } from "../../dashboard/view-models/reports.ts";
import { parseFilters } from "../../data/filters.ts";
import { CAMPAIGNS, CW2017 } from "../helpers/db.ts";

const BASE: PrivacyNoticeSettings = {
  deletedAtSourceDays: 30,
  sources: ["rss", "mastodon"],
  campaigns: [CW2017],
};
const CONTROLLER = {
  name: "BMWi",
  address: "Scharnhorststraße 34–37\n10115 Berlin",
  email: "info@bmwi.example",
};

describe("buildPrivacyNoticeModel", () => {
  it.each([
    ["nothing configured", BASE, 3],
    ["controller only", { ...BASE, controller: CONTROLLER }, 2],
    [
      "controller and basis",
      { ...BASE, controller: CONTROLLER, legalBasis: "Art. 6 Abs. 1 lit. e DSGVO" },
      1,
    ],
    ["all", { ...BASE, controller: CONTROLLER, legalBasis: "x", retentionDays: 180 }, 0],
  ])("%s → %i warning(s)", (_label, settings, warnings) => {
    const m = buildPrivacyNoticeModel("de", settings);
    expect(m.warnings).toHaveLength(warnings);
    for (const w of m.warnings) expect(w.label).toBe("Nicht konfiguriert:");
  });

  it("lists the configured sources in a fixed order, uploads always, and the campaigns' hashtags", () => {
    const m = buildPrivacyNoticeModel("de", BASE);
    expect(m.what.platforms).toEqual([
      "Mastodon und andere Fediverse-Server (öffentliche Hashtag-Timelines)",
      "RSS- und Atom-Feeds (Presse- und Nachrichtenmeldungen)",
      "Exporte von X, LinkedIn und Instagram, die Organisator:innen selbst hochladen",
    ]);
    expect(m.what.campaigns).toEqual([
      { name: "Clusterwoche Deutschland 2017", period: "20.04.2017 – 28.04.2017", hashtags: "#Clusterwoche" },
    ]);
  });

  it("shows controller, officer and the contact to write to (the officer first)", () => {
    const m = buildPrivacyNoticeModel("en", {
      ...BASE,
      controller: { ...CONTROLLER, dpo: { email: "dsb@bmwi.example", address: "Postfach 1, 11019 Berlin" } },
      retentionDays: 1000,
    });
    expect(m.controller?.lines).toEqual(["BMWi", "Scharnhorststraße 34–37", "10115 Berlin"]);
    expect(m.dpo).toEqual({
      heading: "Data-protection officer",
      lines: ["Postfach 1", "11019 Berlin"],
      email: { label: "E-mail", address: "dsb@bmwi.example", href: "mailto:dsb@bmwi.example" },
    });
    expect(m.howToAsk.contact?.address).toBe("dsb@bmwi.example");
    expect(m.retention.paragraphs[0]).toContain("1,000 days after the end");
    expect(m.retention.paragraphs[1]).toContain("30 days later");
  });

  it("without a controller, says the contact is missing", () => {
    const m = buildPrivacyNoticeModel("de", BASE);
    expect(m.controller).toBeNull();
    expect(m.howToAsk.contact).toBeNull();
    expect(m.howToAsk.text).toContain("fehlt hier die Kontaktadresse");
    expect(m.legalBasis.text).toBeNull();
  });
});

const ENTRY = {
  id: 4,
  kind: "final" as const,
  lang: "de" as const,
  from: "2017-04-20",
  to: "2017-04-28",
  createdAt: "2017-04-29T04:00:00.000Z",
  bytes: 1000,
  sha256: "a".repeat(64),
  mailStatus: null,
};

describe("reports page: reports to be made again after an erasure", () => {
  it.each([
    ["de", true, ERASURE_PENDING_LABEL.de],
    ["en", true, ERASURE_PENDING_LABEL.en],
    ["de", false, null],
    ["de", undefined, null],
  ] as const)("%s, pending %s → %j", (lang, pending, label) => {
    const model = buildReportsModel({
      lang,
      campaign: CW2017,
      from: CW2017.start,
      to: CW2017.end,
      query: {},
      clusters: [],
      archive: [{ ...ENTRY, erasurePending: pending }],
    });
    expect(model.archive.items[0]?.erasurePending).toBe(label);
  });

  it("says it in the archive table", () => {
    const filters = parseFilters({}, CAMPAIGNS);
    const model = buildReportsModel({
      lang: "de",
      campaign: CW2017,
      from: CW2017.start,
      to: CW2017.end,
      query: {},
      clusters: [],
      archive: [
        { ...ENTRY, erasurePending: true },
        { ...ENTRY, id: 5 },
      ],
    });
    const form = buildFilterFormModel({ lang: "de", campaigns: CAMPAIGNS, filters, query: {}, clusters: [] });
    const html = String(jsx(ReportsPage, { model, form, assets: { css: "/a.css", scripts: {} }, query: {} }));
    expect(html.match(/nach Löschung neu zu erzeugen/g)).toHaveLength(1);
    expect(html).toMatch(/id="archived-4">[\s\S]*nach Löschung neu zu erzeugen[\s\S]*id="archived-5"/);
  });
});
