import { describe, expect, it } from "vitest";
import type { UiLang } from "../../dashboard/i18n/index.ts";
import { createFormatter } from "../../dashboard/view-models/format.ts";
import { buildOverviewModel, changeOf, safeHttpUrl } from "../../dashboard/view-models/overview.ts";
import type { PostItem } from "../../data/queries/posts.ts";
import type { Summary } from "../../data/queries/summary.ts";
import type { Timeline, TimelinePoint } from "../../data/queries/timeline.ts";
import { CW2017 } from "../helpers/db.ts";

const NBSP = "\u00a0";

function summary(overrides: Partial<Summary> = {}): Summary {
  return {
    posts: 1234,
    authors: 567,
    potentialReach: 9876543,
    uniqueReach: 123456,
    engagement: 4321,
    engagementRate: 0.000437,
    sentiment: { positive: 700, neutral: 500, negative: 34, mean: 0.0412 },
    platforms: { mastodon: 1234 },
    from: "2017-04-20",
    to: "2017-04-28",
    campaign: CW2017.id,
    ...overrides,
  };
}

/** Nine Berlin days of the campaign with the given post counts. */
function days(counts: number[]): Timeline {
  const series: TimelinePoint[] = counts.map((posts, i) => ({
    t: `2017-04-${String(20 + i).padStart(2, "0")}T00:00:00+02:00`,
    posts,
    potentialReach: posts * 100,
    engagement: posts * 2,
  }));
  return { bucket: "day", series };
}

function post(overrides: Partial<PostItem> = {}): PostItem {
  return {
    uid: "mastodon:https://social.example/1",
    platform: "mastodon",
    url: "https://social.example/@a/1",
    author: { handle: "@a@social.example", name: "A", followers: 10 },
    createdAt: "2017-04-21T10:00:00.000Z",
    text: "Hallo #Clusterwoche",
    lang: "de",
    sentiment: { score: 0, label: "neutral" },
    likes: 0,
    reposts: 0,
    replies: 0,
    quotes: 0,
    clusters: [],
    hashtags: ["clusterwoche"],
    ...overrides,
  };
}

function build(lang: UiLang, s = summary(), timeline = days([1, 5, 2, 0, 0, 0, 0, 0, 0]), posts = [post()]) {
  return buildOverviewModel({ lang, campaign: CW2017, summary: s, timeline, posts });
}

const kpi = (model: ReturnType<typeof build>, key: string) => model.kpis.find((k) => k.key === key);

describe("buildOverviewModel: KPIs", () => {
  it.each([
    ["de", "posts", "Erwähnungen", "1.234"],
    ["de", "authors", "Autor:innen", "567"],
    ["de", "potentialReach", "potenzielle Reichweite", "9.876.543"],
    ["de", "uniqueReach", "eindeutige Reichweite", "123.456"],
    ["de", "engagement", "Interaktionen", "4.321"],
    ["de", "engagementRate", "Interaktionsrate", `0,04${NBSP}%`],
    ["en", "posts", "Posts", "1,234"],
    ["en", "potentialReach", "Potential reach", "9,876,543"],
    ["en", "engagementRate", "Engagement rate", "0.04%"],
  ] as const)("%s %s is labelled %s and printed %s", (lang, key, label, value) => {
    const k = kpi(build(lang), key);
    expect(k?.label).toBe(label);
    expect(k?.value).toBe(value);
    expect(k?.definition.length).toBeGreaterThan(10);
  });

  it.each([
    ["de", "Stimmung", ["positiv", "neutral", "negativ"], ["700", "500", "34"], "+0,041"],
    ["en", "Sentiment", ["positive", "neutral", "negative"], ["700", "500", "34"], "+0.041"],
  ] as const)("%s sentiment card", (lang, label, labels, values, mean) => {
    const s = build(lang).sentiment;
    expect(s.label).toBe(label);
    expect(s.counts.map((c) => c.label)).toEqual(labels);
    expect(s.counts.map((c) => c.value)).toEqual(values);
    expect(s.mean).toBe(mean);
  });
});

describe("buildOverviewModel: header", () => {
  it.each([
    ["de", "2017-04-20", "2017-04-28", "20.04.2017 – 28.04.2017", null],
    ["en", "2017-04-20", "2017-04-28", "20 Apr 2017 – 28 Apr 2017", null],
    ["de", "2017-04-21", "2017-04-22", "21.04.2017 – 22.04.2017", "20.04.2017 – 28.04.2017"],
  ] as const)("%s %s..%s → %s", (lang, from, to, period, campaignPeriod) => {
    const model = build(lang, summary({ from, to }));
    expect(model.campaignName).toBe("Clusterwoche Deutschland 2017");
    expect(model.period).toBe(period);
    expect(model.campaignPeriod).toBe(campaignPeriod);
    expect(model.lang).toBe(lang);
  });
});

describe("buildOverviewModel: timeline summary", () => {
  it.each([
    ["de", [1, 5, 2, 0, 0, 0, 0, 0, 0], "Spitzenwert am Freitag, 21.04.2017: 5 von insgesamt 8 Erwähnungen."],
    ["en", [1, 5, 2, 0, 0, 0, 0, 0, 0], "Peak on Friday, 21 April 2017: 5 of 8 posts in total."],
    [
      "de",
      [4, 1, 4, 0, 0, 0, 0, 0, 0],
      "Spitzenwert am Donnerstag, 20.04.2017: 4 von insgesamt 9 Erwähnungen (ebenso viele an einem weiteren Tag).",
    ],
    [
      "de",
      [2, 2, 2, 0, 0, 0, 0, 0, 0],
      "Spitzenwert am Donnerstag, 20.04.2017: 2 von insgesamt 6 Erwähnungen (ebenso viele an 2 weiteren Tagen).",
    ],
    [
      "en",
      [2, 2, 0, 0, 0, 0, 0, 0, 0],
      "Peak on Thursday, 20 April 2017: 2 of 4 posts in total (as many on 1 other day).",
    ],
    ["de", [0, 0, 0, 0, 0, 0, 0, 0, 0], "Im gewählten Zeitraum gibt es keine Erwähnungen."],
    ["en", [], "There are no posts in the selected period."],
    [
      "de",
      [0, 0, 0, 0, 0, 0, 0, 0, 1200],
      "Spitzenwert am Freitag, 28.04.2017: 1.200 von insgesamt 1.200 Erwähnungen.",
    ],
  ] as const)("%s %j", (lang, counts, sentence) => {
    expect(build(lang, summary(), days([...counts])).timeline.summary).toBe(sentence);
  });

  it("names the hour for hourly buckets", () => {
    const timeline: Timeline = {
      bucket: "hour",
      series: [
        { t: "2017-04-21T13:00:00+02:00", posts: 1, potentialReach: 0, engagement: 0 },
        { t: "2017-04-21T14:00:00+02:00", posts: 3, potentialReach: 0, engagement: 0 },
      ],
    };
    expect(build("de", summary(), timeline).timeline.summary).toBe(
      "Spitzenwert am Freitag, 21.04.2017 um 14:00 Uhr: 3 von insgesamt 4 Erwähnungen.",
    );
    expect(build("en", summary(), timeline).timeline.summary).toBe(
      "Peak on Friday, 21 April 2017 at 14:00: 3 of 4 posts in total.",
    );
    expect(build("de", summary(), timeline).timeline.chart.labels).toEqual(["21.04. 13:00", "21.04. 14:00"]);
  });

  it("gives the chart the raw counts and the table formatted ones", () => {
    const t = build("de", summary(), days([1, 1500, 0, 0, 0, 0, 0, 0, 0])).timeline;
    expect(t.chart).toMatchObject({ bucket: "day", locale: "de-DE", seriesLabel: "Erwähnungen" });
    expect(t.chart.posts).toEqual([1, 1500, 0, 0, 0, 0, 0, 0, 0]);
    expect(t.chart.labels[0]).toBe("Do 20.04.");
    expect(t.rows[1]).toEqual({
      iso: "2017-04-21T00:00:00+02:00",
      label: "Freitag, 21.04.2017",
      posts: "1.500",
      potentialReach: "150.000",
      engagement: "3.000",
      platforms: [],
    });
  });
});

describe("buildOverviewModel: empty campaign", () => {
  it.each(["de", "en"] as const)("%s prints zeros, no posts and the empty sentence", (lang) => {
    const empty = summary({
      posts: 0,
      authors: 0,
      potentialReach: 0,
      uniqueReach: 0,
      engagement: 0,
      engagementRate: 0,
      sentiment: { positive: 0, neutral: 0, negative: 0, mean: 0 },
      platforms: {},
    });
    const model = build(lang, empty, days([0, 0, 0, 0, 0, 0, 0, 0, 0]), []);
    expect(model.kpis.filter((k) => k.key !== "engagementRate").map((k) => k.value)).toEqual([
      "0",
      "0",
      "0",
      "0",
      "0",
    ]);
    expect(kpi(model, "engagementRate")?.value).toBe(lang === "de" ? `0,00${NBSP}%` : "0.00%");
    expect(model.sentiment.mean).toBe(lang === "de" ? "0,000" : "0.000");
    expect(model.posts).toEqual([]);
    expect(model.timeline.summary).toMatch(lang === "de" ? /keine Erwähnungen/ : /no posts/);
  });
});

describe("buildOverviewModel: posts", () => {
  it.each([
    ["de", "21.04.2017, 12:00 Uhr"],
    ["en", "21 Apr 2017, 12:00"],
  ] as const)("%s shows Berlin time %s", (lang, time) => {
    const [p] = build(lang).posts;
    expect(p).toMatchObject({
      handle: "@a@social.example",
      platform: "Mastodon",
      time,
      text: "Hallo #Clusterwoche",
    });
  });

  it("keeps text as it is (escaping is the renderer's job) and drops non-http links", () => {
    const evil = post({ text: "<script>alert(1)</script>", url: "javascript:alert(1)" });
    const [p] = build("de", summary(), days([1]), [evil]).posts;
    expect(p?.text).toBe("<script>alert(1)</script>");
    expect(p?.url).toBeNull();
  });
});

describe("safeHttpUrl", () => {
  it.each([
    ["https://social.bund.de/@bmwi/1", "https://social.bund.de/@bmwi/1"],
    ["http://example.org/a?b=c", "http://example.org/a?b=c"],
    ["javascript:alert(1)", null],
    ["JAVASCRIPT:alert(1)", null],
    ["data:text/html,<script>", null],
    ["/relative/path", null],
    ["", null],
    [null, null],
  ])("%s → %s", (input, expected) => {
    expect(safeHttpUrl(input)).toBe(expected);
  });
});

describe("overview additions", () => {
  const fmtDe = createFormatter("de");
  const fmtEn = createFormatter("en");
  it.each([
    ["de", 150, 100, `+50${NBSP}% gegenüber CW 2019`, "up"],
    ["de", 50, 100, `−50${NBSP}% gegenüber CW 2019`, "down"],
    ["de", 100, 100, `±0${NBSP}% gegenüber CW 2019`, "same"],
    ["en", 150, 100, "+50% against CW 2019", "up"],
    ["de", 3, 0, "CW 2019: keine Vergleichswerte", null],
  ] as const)("changeOf(%s, %d vs %d)", (lang, value, base, text, trend) => {
    const r = changeOf(value, base, "CW 2019", lang, lang === "de" ? fmtDe : fmtEn);
    expect(r).toEqual({ change: text, trend });
  });

  it("without a comparison the KPIs carry no change", () => {
    expect(build("de").kpis.every((k) => k.change === null)).toBe(true);
    expect(build("de").comparisonNote).toBeNull();
  });

  it("with one, each count KPI names it and the note gives the aligned days", () => {
    const model = buildOverviewModel({
      lang: "de",
      campaign: CW2017,
      summary: summary({ posts: 200 }),
      timeline: days([1, 1, 1, 1, 1, 1, 1, 1, 1]),
      posts: [],
      comparison: {
        campaign: { ...CW2017, name: "CW 2019" },
        summary: summary({ posts: 100 }),
        from: "2019-04-02",
        to: "2019-04-10",
      },
    });
    expect(model.kpis.find((k) => k.key === "posts")?.change).toBe(`+100${NBSP}% gegenüber CW 2019`);
    expect(model.comparisonNote).toBe(
      "Veränderung gegenüber CW 2019 an denselben Kampagnentagen (02.04.2019 – 10.04.2019).",
    );
  });

  it("stacks the timeline by platform only when more than one platform has posts", () => {
    const both = buildOverviewModel({
      lang: "en",
      campaign: CW2017,
      summary: summary(),
      timeline: days([3, 1]),
      posts: [],
      platformTimelines: [
        { platform: "mastodon", timeline: days([2, 1]) },
        { platform: "bluesky", timeline: days([1, 0]) },
      ],
    });
    expect(both.timeline.chart.datasets).toEqual([
      { label: "Mastodon", data: [2, 1] },
      { label: "Bluesky", data: [1, 0] },
    ]);
    expect(both.timeline.platformColumns).toEqual(["Mastodon", "Bluesky"]);
    expect(both.timeline.rows[0]?.platforms).toEqual(["2", "1"]);
    expect(build("en").timeline.chart.datasets).toEqual([]);
  });

  it("share of voice: the ten strongest clusters with posts, in percent", () => {
    const row = (id: string, posts: number, share: number) => ({
      id,
      name: id.toUpperCase(),
      state: "DE-NW",
      states: ["DE-NW"],
      posts,
      authors: 1,
      potentialReach: 1,
      engagement: 1,
      shareOfVoice: share,
      shareOfVoiceAuthors: share,
      shareOfVoiceEngagement: share,
      sentimentMean: 0,
    });
    const clusters = [row("a", 3, 0.75), row("b", 1, 0.25), row("c", 0, 0)];
    const model = buildOverviewModel({
      lang: "de",
      campaign: CW2017,
      summary: summary(),
      timeline: days([1]),
      posts: [],
      clusters,
    });
    expect(model.shareOfVoice.rows.map((r) => [r.name, r.share])).toEqual([
      ["A", `75,00${NBSP}%`],
      ["B", `25,00${NBSP}%`],
    ]);
    expect(model.shareOfVoice.chart.datasets[0]?.data).toEqual([75, 25]);
    expect(model.shareOfVoice.summary).toMatch(/^A hat mit 75/);
    expect(
      buildOverviewModel({ lang: "en", campaign: CW2017, summary: summary(), timeline: days([1]), posts: [] })
        .shareOfVoice.summary,
    ).toBe("No post in this period has been attributed to a cluster yet.");
  });
});
