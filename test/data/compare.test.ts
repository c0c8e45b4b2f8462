import { describe, expect, it } from "vitest";
import { ValidationError } from "../../data/errors.ts";
import { daySpan, parseFilters } from "../../data/filters.ts";
import {
  alignedFilters,
  comparisonCampaign,
  getComparison,
  relativeChange,
} from "../../data/queries/compare.ts";
import { dayRangeUtc } from "../../data/time.ts";
import { CAMPAIGNS, CW2017, CW2019, createTestDb, makePost, seed } from "../helpers/db.ts";

describe("relativeChange", () => {
  it.each([
    [150, 100, 0.5],
    [50, 100, -0.5],
    [100, 100, 0],
    [7, 0, null],
    [0, 3, -1],
    [4, 3, 0.333333],
  ])("(%d − %d) ÷ b = %s", (a, b, expected) => {
    expect(relativeChange(a, b)).toBe(expected);
  });
});

describe("comparing two editions aligned by campaign day", () => {
  it("puts 2019's day 1 (2 April) against 2017's day 1 (20 April), with the same filters on both", async () => {
    const { database, store } = await createTestDb();
    seed(store, [
      // 2019 day 1 in Berlin: 23:30 UTC on 1 April is already 2 April.
      makePost({ createdAt: "2019-04-01T23:30:00.000Z" }),
      makePost({ createdAt: "2019-04-02T09:00:00.000Z" }),
      makePost({ createdAt: "2019-04-03T09:00:00.000Z", platform: "bluesky" }),
      makePost({ createdAt: "2017-04-20T09:00:00.000Z" }),
      makePost({ createdAt: "2017-04-28T09:00:00.000Z" }), // 2017's day 9, its last
    ]);
    const f = parseFilters(
      { campaign: "clusterwoche-2019", from: "2019-04-05", to: "2019-04-05" },
      CAMPAIGNS,
    );
    const other = comparisonCampaign(CAMPAIGNS, f.campaign, undefined);
    expect(other.id).toBe("clusterwoche-2017");
    const cmp = await getComparison(database.db, f, other);
    expect(cmp.campaign.summary.posts).toBe(3); // the whole edition, not the from/to of the page
    expect(cmp.other.summary.posts).toBe(2);
    expect(cmp.change.posts).toBe(0.5);
    expect(cmp.days).toHaveLength(10); // 2019 ran 10 days, 2017 nine
    expect(cmp.days[0]).toEqual({
      day: 1,
      date: "2019-04-02",
      posts: 2,
      otherDate: "2017-04-20",
      otherPosts: 1,
    });
    expect(cmp.days[8]).toMatchObject({ day: 9, otherDate: "2017-04-28", otherPosts: 1 });
    expect(cmp.days[9]).toEqual({ day: 10, date: "2019-04-11", posts: 0, otherDate: null, otherPosts: null });

    const onlyMastodon = await getComparison(database.db, { ...f, platform: "mastodon" }, other);
    expect(onlyMastodon.campaign.summary.posts).toBe(2);
    expect(onlyMastodon.change.posts).toBe(0);
    await database.close();
  });

  it("names the campaign to compare with, or refuses", () => {
    expect(comparisonCampaign(CAMPAIGNS, CW2017, "clusterwoche-2019").id).toBe("clusterwoche-2019");
    expect(() => comparisonCampaign(CAMPAIGNS, CW2017, undefined)).toThrow(/no earlier edition/);
    expect(() => comparisonCampaign(CAMPAIGNS, CW2019, "nope")).toThrow(ValidationError);
    expect(() => comparisonCampaign(CAMPAIGNS, CW2019, "clusterwoche-2019")).toThrow(/itself/);
    const other = {
      ...CW2017,
      id: "other-2016",
      hashtags: ["Anders"],
      start: "2016-01-01",
      end: "2016-01-02",
    };
    expect(() => comparisonCampaign({ ...CAMPAIGNS, campaigns: [CW2019, other] }, CW2019, undefined)).toThrow(
      /no earlier edition/,
    );
  });
});

describe("alignedFilters", () => {
  it.each([
    // 2017 ran nine days, 2019 ten: the same nine campaign days of 2019, not all ten.
    ["the whole campaign", {}, ["2019-04-02", "2019-04-10"]],
    ["days 2–3", { from: "2017-04-21", to: "2017-04-22" }, ["2019-04-03", "2019-04-04"]],
    // Not clipped: four days stay four days.
    ["two days before the start", { from: "2017-04-18", to: "2017-04-21" }, ["2019-03-31", "2019-04-03"]],
    ["after the end", { from: "2017-05-20", to: "2017-05-21" }, ["2019-05-02", "2019-05-03"]],
  ])("%s", (_name, q, expected) => {
    const f = parseFilters(q, CAMPAIGNS);
    const a = alignedFilters(f, CW2019);
    expect([a.from, a.to]).toEqual(expected);
    expect(a.fromUtc).toBe(dayRangeUtc(a.from, a.to, "Europe/Berlin").fromUtc);
    expect(daySpan(a.from, a.to)).toBe(daySpan(f.from, f.to));
  });
});
