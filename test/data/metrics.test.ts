import { describe, expect, it } from "vitest";
import { engagementOf, engagementRate, sentimentLabel, shareOfVoice } from "../../data/analysis/metrics.ts";
import {
  addContribution,
  emptyDelta,
  needsRecount,
  type PostFacts,
  scopesOf,
} from "../../data/rollups/contribution.ts";
import { rollupFamilies, rollupFamily } from "../../data/rollups/family.ts";

describe("metric formulas (DESIGN.md, version 1)", () => {
  it.each([
    [{ likes: 1, reposts: 2, replies: 3, quotes: 4 }, 10],
    [{ likes: 0, reposts: 0, replies: 0, quotes: 0 }, 0],
  ])("engagement of %o is %d", (counts, expected) => expect(engagementOf(counts)).toBe(expected));

  it.each([
    [10, 1000, 0.01],
    [5, 0, 0], // no reach: no rate, not Infinity
    [0, 100, 0],
  ])("engagement rate %d ÷ %d = %d", (e, r, expected) => expect(engagementRate(e, r)).toBe(expected));

  it.each([
    [2, 3, 2 / 3],
    [0, 3, 0],
    [0, 0, 0],
  ])("share of voice %d of %d", (part, total, expected) => expect(shareOfVoice(part, total)).toBe(expected));

  it.each([
    [0.2, "positive"],
    [-0.01, "negative"],
    [0, "neutral"],
  ] as const)("sentiment label of %d is %s", (score, label) => expect(sentimentLabel(score)).toBe(label));
});

const post = (over: Partial<PostFacts> = {}): PostFacts => ({
  id: 1,
  authorId: 7,
  createdAt: "2017-04-20T23:30:00.000Z",
  platform: "mastodon",
  lang: "de",
  followers: 100,
  engagement: 4,
  sentimentScore: 0.5,
  sentimentLabel: "positive",
  deleted: false,
  tags: ["clusterwoche2017", "ki"],
  clusters: ["its-owl"],
  states: ["DE-NW"],
  events: [],
  ...over,
});
const family = rollupFamily({ hashtags: ["Clusterwoche"], timezone: "Europe/Berlin" });

describe("rollup contributions (pure)", () => {
  it("families: campaigns with the same tags and zone share one", () => {
    expect(family.id).toBe("clusterwoche@Europe/Berlin");
    expect(
      rollupFamilies([
        { hashtags: ["Clusterwoche"], timezone: "Europe/Berlin" },
        { hashtags: ["#clusterwoche"], timezone: "Europe/Berlin" },
        { hashtags: ["Clusterwoche"], timezone: "Europe/Vienna" },
      ]).map((f) => f.id),
    ).toEqual(["clusterwoche@Europe/Berlin", "clusterwoche@Europe/Vienna"]);
  });

  it.each([
    [{ clusters: [], states: [], events: [] }, [""]],
    [{ clusters: ["a", "b"], states: ["DE-NW"], events: ["e1"] }, ["", "c:a", "c:b", "s:DE-NW", "e:e1"]],
  ])("scopes of %o", (p, expected) => expect(scopesOf(p)).toEqual(expected));

  it("a post counts in its Berlin day and UTC hour, once per scope, with every measure", () => {
    const d = emptyDelta();
    addContribution(d, post(), [family], 1);
    expect(
      [...d.hours.values()].map((h) => [h.scope, h.hour, h.posts, h.potentialReach, h.engagement]),
    ).toEqual([
      ["", "2017-04-20T23", 1, 100, 4],
      ["c:its-owl", "2017-04-20T23", 1, 100, 4],
      ["s:DE-NW", "2017-04-20T23", 1, 100, 4],
    ]);
    expect(new Set([...d.authors.values()].map((a) => a.day))).toEqual(new Set(["2017-04-21"]));
    expect([...d.tags.values()].filter((t) => t.scope === "").map((t) => t.tag)).toEqual([
      "clusterwoche2017",
      "ki",
    ]);
  });

  it.each([
    ["without a campaign tag", post({ tags: ["ki"] }), 0],
    ["deleted", post({ deleted: true }), 0],
    ["with a year variant", post({ tags: ["clusterwoche17"] }), 3],
  ])("a post %s contributes %d hour cells", (_name, p, cells) => {
    const d = emptyDelta();
    addContribution(d, p, [family], 1);
    expect(d.hours.size).toBe(cells);
  });

  it("an edit is the difference of before and after: unchanged measures cancel out", () => {
    const d = emptyDelta();
    addContribution(d, post(), [family], -1);
    addContribution(d, post({ engagement: 9, clusters: [], states: [] }), [family], 1);
    const all = d.hours.get(
      ["clusterwoche@Europe/Berlin", "", "2017-04-20T23", "mastodon", "de"].join("\u0000"),
    );
    expect(all).toMatchObject({ posts: 0, potentialReach: 0, engagement: 5 });
    const owl = [...d.hours.values()].find((h) => h.scope === "c:its-owl");
    expect(owl).toMatchObject({ posts: -1, potentialReach: -100, engagement: -4 });
  });

  it.each([
    ["nothing removed", 100, -1, false],
    ["removed as large as added back", 100, 100, false],
    ["removed larger than anything added", 50, 100, true],
    ["removed, nothing added", -1, 0, true],
  ])("recount the author maximum when %s", (_name, added, removed, expected) => {
    expect(
      needsRecount({
        family: "f",
        scope: "",
        day: "d",
        platform: "p",
        lang: "",
        authorId: 1,
        posts: 0,
        maxFollowers: added,
        removedMax: removed,
      }),
    ).toBe(expected);
  });
});
