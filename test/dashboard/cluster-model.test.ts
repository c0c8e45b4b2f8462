import { describe, expect, it } from "vitest";
import type { UiLang } from "../../dashboard/i18n/index.ts";
import {
  buildClusterDetailModel,
  type ClusterDetailInput,
} from "../../dashboard/view-models/cluster-detail.ts";
import {
  buildClusterListModel,
  CHART_CLUSTERS,
  type ClusterSort,
  parseClusterSort,
  sortRows,
} from "../../dashboard/view-models/cluster-list.ts";
import { campaignAverage } from "../../data/analysis/cluster-standing.ts";
import type { ClusterDetail, ClusterRow } from "../../data/queries/clusters.ts";
import type { PostItem } from "../../data/queries/posts.ts";
import { CW2017 } from "../helpers/db.ts";

const NBSP = "\u00a0";

function row(id: string, overrides: Partial<ClusterRow> = {}): ClusterRow {
  return {
    id,
    name: id.toUpperCase(),
    state: "DE-NW",
    states: ["DE-NW"],
    posts: 0,
    authors: 0,
    potentialReach: 0,
    engagement: 0,
    shareOfVoice: 0,
    shareOfVoiceAuthors: 0,
    shareOfVoiceEngagement: 0,
    sentimentMean: 0,
    ...overrides,
  };
}

/** Three clusters with posts (1200 : 600 : 200) and one without, as getClusters orders them. */
const ROWS: ClusterRow[] = [
  row("owl", {
    name: "it's OWL Clustermanagement GmbH",
    posts: 1200,
    authors: 300,
    potentialReach: 1_500_000,
    engagement: 4000,
    shareOfVoice: 0.6,
    sentimentMean: 0.12,
  }),
  row("biorn", {
    name: "BioRN Network e.V.",
    state: "DE-BW",
    states: ["DE-BW"],
    posts: 600,
    authors: 150,
    potentialReach: 600_000,
    engagement: 1600,
    shareOfVoice: 0.3,
    sentimentMean: 0.03,
  }),
  row("cool", {
    name: "Cool Silicon e. V.",
    state: "DE-SN",
    states: ["DE-SN", "DE-BB"],
    posts: 200,
    authors: 60,
    potentialReach: 300_000,
    engagement: 400,
    shareOfVoice: 0.1,
    sentimentMean: -0.06,
  }),
  row("empty", { name: "Aachen Cluster", state: null, states: [] }),
];

describe("parseClusterSort", () => {
  it.each([
    [{}, { key: "posts", dir: "desc" }],
    [{ sort: "name" }, { key: "name", dir: "asc" }],
    [
      { sort: "state", dir: "desc" },
      { key: "state", dir: "desc" },
    ],
    [{ sort: "engagement" }, { key: "engagement", dir: "desc" }],
    [
      { sort: "sentiment", dir: "asc" },
      { key: "sentiment", dir: "asc" },
    ],
    [
      { sort: "<script>", dir: "sideways" },
      { key: "posts", dir: "desc" },
    ],
    [
      { sort: "posts", dir: "up" },
      { key: "posts", dir: "desc" },
    ],
  ])("%j → %j", (query, sort) => {
    expect(parseClusterSort(query)).toEqual(sort);
  });
});

describe("sortRows", () => {
  it.each([
    [{ key: "posts", dir: "desc" }, "de", ["owl", "biorn", "cool", "empty"]],
    [{ key: "posts", dir: "asc" }, "de", ["empty", "cool", "biorn", "owl"]],
    [{ key: "name", dir: "asc" }, "de", ["empty", "biorn", "cool", "owl"]],
    [{ key: "name", dir: "desc" }, "de", ["owl", "cool", "biorn", "empty"]],
    // Baden-Württemberg, Nordrhein-Westfalen, Sachsen; no Land last either way.
    [{ key: "state", dir: "asc" }, "de", ["biorn", "owl", "cool", "empty"]],
    [{ key: "state", dir: "desc" }, "de", ["cool", "owl", "biorn", "empty"]],
    // In English Saxony still sorts after North Rhine-Westphalia.
    [{ key: "state", dir: "asc" }, "en", ["biorn", "owl", "cool", "empty"]],
    [{ key: "sentiment", dir: "desc" }, "de", ["owl", "biorn", "empty", "cool"]],
    [{ key: "shareOfVoice", dir: "asc" }, "de", ["empty", "cool", "biorn", "owl"]],
  ] as [ClusterSort, UiLang, string[]][])("%j (%s)", (sort, lang, ids) => {
    expect(sortRows(ROWS, sort, lang).map((r) => r.id)).toEqual(ids);
  });

  it("breaks ties by name", () => {
    const tied = [row("b", { name: "Beta", posts: 5 }), row("a", { name: "alpha", posts: 5 })];
    expect(sortRows(tied, { key: "posts", dir: "desc" }, "de").map((r) => r.id)).toEqual(["a", "b"]);
  });
});

describe("buildClusterListModel", () => {
  const build = (lang: UiLang, rows = ROWS, sort: ClusterSort = { key: "posts", dir: "desc" }, query = {}) =>
    buildClusterListModel({
      lang,
      campaign: CW2017,
      from: "2017-04-20",
      to: "2017-04-28",
      rows,
      sort,
      query,
    });

  it.each([
    ["de", "4 Cluster im Register, davon 3 mit Erwähnungen im gewählten Zeitraum."],
    ["en", "4 clusters in the registry, 3 of them with posts in the selected period."],
  ] as const)("%s intro", (lang, intro) => {
    expect(build(lang).intro).toBe(intro);
  });

  it.each([
    [
      "de",
      `Die 3 meistgenannten Cluster; an der Spitze it's OWL Clustermanagement GmbH mit 60,00${NBSP}% aller Cluster-Erwähnungen (1.200 Erwähnungen).`,
    ],
    [
      "en",
      "The 3 most mentioned clusters; top is it's OWL Clustermanagement GmbH with 60.00% of all cluster mentions (1,200 posts).",
    ],
  ] as const)("%s share-of-voice summary", (lang, summary) => {
    expect(build(lang).sov.summary).toBe(summary);
  });

  it("charts the top 15 clusters with posts as horizontal bars in percent, names shortened", () => {
    const many = Array.from({ length: 20 }, (_, i) =>
      row(`c${i}`, {
        name: `Cluster Nummer ${i} mit einem sehr langen Namen e. V.`,
        posts: 40 - i,
        shareOfVoice: (40 - i) / 610,
      }),
    );
    const model = build("de", many);
    const chart = model.sov.chart;
    expect(chart?.type).toBe("bar");
    expect(chart?.horizontal).toBe(true);
    expect(chart?.locale).toBe("de-DE");
    expect(chart?.labels).toHaveLength(CHART_CLUSTERS);
    expect(chart?.labels[0]).toBe("Cluster Nummer 0 mit einem sehr…");
    expect(chart?.datasets[0]?.label).toBe("Share of Voice in %");
    expect(chart?.datasets[0]?.data[0]).toBe(6.6); // 40/610 = 6.557 %
    expect(model.sov.rows).toHaveLength(CHART_CLUSTERS);
    expect(model.sov.rows[0]).toEqual({
      name: "Cluster Nummer 0 mit einem sehr langen Namen e. V.",
      href: "/clusters/c0",
      share: `6,56${NBSP}%`,
      posts: "40",
    });
    expect(model.table.rows).toHaveLength(20);
  });

  it.each([
    ["de", "Im gewählten Zeitraum wurde kein Cluster erwähnt."],
    ["en", "No cluster was mentioned in the selected period."],
  ] as const)("%s: no chart when no cluster has posts", (lang, summary) => {
    const model = build(lang, [row("a"), row("b")]);
    expect(model.sov.chart).toBeNull();
    expect(model.sov.summary).toBe(summary);
    expect(model.table.rows).toHaveLength(2);
  });

  it("names the single mentioned cluster", () => {
    const model = build("de", [row("a", { name: "Alpha", posts: 2, shareOfVoice: 1 }), row("b")]);
    expect(model.sov.summary).toBe(
      `Nur ein Cluster wurde erwähnt: Alpha mit 100,00${NBSP}% aller Cluster-Erwähnungen (2 Erwähnungen).`,
    );
  });

  it.each([
    [
      "de",
      {
        id: "owl",
        name: "it's OWL Clustermanagement GmbH",
        href: "/clusters/owl?campaign=clusterwoche-2017",
        state: "Nordrhein-Westfalen",
        posts: "1.200",
        authors: "300",
        potentialReach: "1.500.000",
        engagement: "4.000",
        shareOfVoice: `60,00${NBSP}%`,
        sentiment: "+0,120",
      },
    ],
    [
      "en",
      {
        id: "owl",
        name: "it's OWL Clustermanagement GmbH",
        href: "/clusters/owl?campaign=clusterwoche-2017&lang=en",
        state: "North Rhine-Westphalia",
        posts: "1,200",
        authors: "300",
        potentialReach: "1,500,000",
        engagement: "4,000",
        shareOfVoice: "60.00%",
        sentiment: "+0.120",
      },
    ],
  ] as const)("%s table row, linked with the shared filters (not cluster or Land)", (lang, expected) => {
    const query = {
      campaign: "clusterwoche-2017",
      state: "DE-NW",
      cluster: "x",
      lang: lang === "en" ? "en" : undefined,
    };
    expect(build(lang, ROWS, { key: "posts", dir: "desc" }, query).table.rows[0]).toEqual(expected);
  });

  it("lists every Land of a cluster and a dash for none", () => {
    const rows = build("de").table.rows;
    expect(rows.find((r) => r.id === "cool")?.state).toBe("Sachsen, Brandenburg");
    expect(rows.find((r) => r.id === "empty")?.state).toBe("–");
  });

  it("marks the sorted column and links each header to its next order, keeping the query", () => {
    const query = { platform: "mastodon", sort: "posts", dir: "desc" };
    const cols = build("de", ROWS, { key: "posts", dir: "desc" }, query).table.columns;
    expect(cols.map((c) => c.label)).toEqual([
      "Cluster",
      "Land",
      "Erwähnungen",
      "Autor:innen",
      "potenzielle Reichweite",
      "Interaktionen",
      "Share of Voice",
      "Stimmung (Mittelwert)",
    ]);
    const posts = cols.find((c) => c.key === "posts");
    expect(posts).toMatchObject({
      ariaSort: "descending",
      href: "/clusters?platform=mastodon&sort=posts&dir=asc",
      action: "aufsteigend sortieren",
    });
    expect(cols.find((c) => c.key === "name")).toMatchObject({
      ariaSort: undefined,
      href: "/clusters?platform=mastodon&sort=name&dir=asc",
    });
    expect(cols.find((c) => c.key === "engagement")?.href).toBe(
      "/clusters?platform=mastodon&sort=engagement&dir=desc",
    );
    const en = build("en", ROWS, { key: "name", dir: "asc" }).table.columns;
    expect(en.find((c) => c.key === "name")).toMatchObject({
      ariaSort: "ascending",
      action: "sort descending",
    });
    expect(en.map((c) => c.label)).toContain("Potential reach");
  });
});

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
    clusters: ["owl"],
    hashtags: ["clusterwoche"],
    ...overrides,
  };
}

function detail(r: ClusterRow, overrides: Partial<ClusterDetail> = {}): ClusterDetail {
  return {
    ...r,
    timeline: [0, 700, 500, 0].map((posts, i) => ({
      t: `2017-04-${String(20 + i).padStart(2, "0")}T00:00:00+02:00`,
      posts: Math.round((posts * r.posts) / 1200),
      potentialReach: posts * 100,
      engagement: posts,
    })),
    topPosts: [
      {
        uid: "u1",
        platform: "bluesky",
        url: "javascript:alert(1)",
        text: "<b>hi</b>",
        author: "@x.bsky.social",
        createdAt: "2017-04-21T22:30:00.000Z",
        engagement: 1,
      },
      {
        uid: "u2",
        platform: "mastodon",
        url: "https://social.example/@b/2",
        text: "Top",
        author: "@b@social.example",
        createdAt: "2017-04-21T10:00:00.000Z",
        engagement: 1234,
      },
    ],
    platforms: { mastodon: 900, bluesky: 300, rss: 0 },
    events: [],
    ...overrides,
  };
}

describe("buildClusterDetailModel", () => {
  const owl = ROWS[0] as ClusterRow;
  const build = (lang: UiLang, overrides: Partial<ClusterDetailInput> = {}) =>
    buildClusterDetailModel({
      lang,
      campaign: CW2017,
      from: "2017-04-20",
      to: "2017-04-28",
      detail: detail(owl),
      all: ROWS,
      events: [
        {
          id: "owl-tag",
          title: "Tag der offenen Tür",
          start: "2017-04-21",
          end: "2017-04-22",
          cluster: "owl",
          state: "DE-NW",
          city: "Paderborn",
          posts: 1500,
        },
        {
          id: "x",
          title: "Online",
          start: "2017-04-25",
          end: "2017-04-25",
          cluster: "owl",
          state: null,
          city: null,
          posts: 0,
        },
      ],
      posts: [post()],
      query: {},
      ...overrides,
    });

  it("averages over the clusters with posts only", () => {
    const active = ROWS.filter((r) => r.posts > 0);
    expect(campaignAverage("posts", active)).toBeCloseTo(2000 / 3);
    expect(campaignAverage("shareOfVoice", active)).toBeCloseTo(1 / 3);
    expect(campaignAverage("sentimentMean", active)).toBeCloseTo(0.03);
    expect(campaignAverage("posts", [])).toBeNull();
  });

  it.each([
    ["de", "posts", "Erwähnungen", "1.200", "666,7", "above", "80 % über dem Durchschnitt"],
    ["de", "authors", "Autor:innen", "300", "170,0", "above", "76 % über dem Durchschnitt"],
    [
      "de",
      "potentialReach",
      "potenzielle Reichweite",
      "1.500.000",
      "800.000,0",
      "above",
      "88 % über dem Durchschnitt",
    ],
    ["de", "engagement", "Interaktionen", "4.000", "2.000,0", "above", "100 % über dem Durchschnitt"],
    ["de", "shareOfVoice", "Share of Voice", "60,00 %", "33,33 %", "above", "80 % über dem Durchschnitt"],
    [
      "de",
      "sentimentMean",
      "Stimmung (Mittelwert)",
      "+0,120",
      "+0,030",
      "above",
      "0,090 über dem Durchschnitt",
    ],
    ["en", "posts", "Posts", "1,200", "666.7", "above", "80% above average"],
    ["en", "shareOfVoice", "Share of voice", "60.00%", "33.33%", "above", "80% above average"],
    ["en", "sentimentMean", "Sentiment (mean)", "+0.120", "+0.030", "above", "0.090 above average"],
  ] as const)("%s %s: %s %s vs %s (%s: %s)", (lang, key, label, value, average, direction, comparison) => {
    const k = build(lang).kpis.find((x) => x.key === key);
    const nb = (s: string) => s.replace(/ %/g, `${NBSP}%`);
    expect(k?.label).toBe(label);
    expect(k?.value).toBe(nb(value));
    expect(k?.average).toBe(nb(average));
    expect(k?.direction).toBe(direction);
    expect(k?.comparison).toBe(nb(comparison));
    expect(k?.definition.length).toBeGreaterThan(10);
  });

  it.each([
    ["de", "posts", "below", "70 % unter dem Durchschnitt"],
    ["de", "sentimentMean", "below", "0,090 unter dem Durchschnitt"],
    ["en", "engagement", "below", "80% below average"],
  ] as const)("%s %s of a small cluster: %s", (lang, key, direction, comparison) => {
    const cool = ROWS[2] as ClusterRow;
    const k = build(lang, { detail: detail(cool) }).kpis.find((x) => x.key === key);
    expect(k?.direction).toBe(direction);
    expect(k?.comparison).toBe(comparison.replace(/ %/g, `${NBSP}%`));
  });

  it("says 'equal' when the cluster is the average", () => {
    const only = row("only", {
      posts: 5,
      authors: 2,
      potentialReach: 10,
      engagement: 3,
      shareOfVoice: 1,
      sentimentMean: 0.1,
    });
    const model = build("de", { detail: detail(only), all: [only, row("none")] });
    for (const k of model.kpis) {
      expect(k.direction, k.key).toBe("equal");
      expect(k.comparison).toBe("entspricht dem Durchschnitt");
    }
    expect(model.rank).toBe("Platz 1 von 2 Clustern nach Erwähnungen.");
  });

  it.each([
    [
      "de",
      "Kampagnendurchschnitt = Summe über alle Cluster mit mindestens einer Erwähnung im gewählten Zeitraum ÷ deren Anzahl (hier 3)",
    ],
    [
      "en",
      "Campaign average = the sum over all clusters with at least one post in the selected period ÷ their number (here 3)",
    ],
  ] as const)("%s prints the average's definition", (lang, start) => {
    expect(build(lang).averageDefinition.startsWith(start)).toBe(true);
  });

  it.each([
    [
      "de",
      "Im gewählten Zeitraum hat kein Cluster Erwähnungen; es gibt keinen Kampagnendurchschnitt.",
      "kein Vergleich möglich",
    ],
    [
      "en",
      "No cluster has posts in the selected period, so there is no campaign average.",
      "no comparison possible",
    ],
  ] as const)("%s: no average when nothing was mentioned", (lang, definition, comparison) => {
    const none = [row("a"), row("b")];
    const model = build(lang, { detail: detail(none[0] as ClusterRow), all: none });
    expect(model.averageDefinition).toBe(definition);
    for (const k of model.kpis) {
      expect(k.average).toBeNull();
      expect(k.direction).toBeNull();
      expect(k.comparison).toBe(comparison);
    }
  });

  it.each([
    ["de", "owl", ROWS, "Platz 1 von 4 Clustern nach Erwähnungen."],
    ["de", "cool", ROWS, "Platz 3 von 4 Clustern nach Erwähnungen."],
    ["en", "biorn", ROWS, "Rank 2 of 4 clusters by posts."],
    ["de", "empty", ROWS, "Ohne Erwähnungen im gewählten Zeitraum – kein Rang unter den 4 Clustern."],
    ["en", "empty", ROWS, "No posts in the selected period – no rank among the 4 clusters."],
    [
      "de",
      "b",
      [row("a", { posts: 9 }), row("b", { posts: 3 }), row("c", { posts: 3 }), row("d", { posts: 3 })],
      "Platz 2 von 4 Clustern nach Erwähnungen (gleichauf mit 2 weiteren).",
    ],
    [
      "de",
      "b",
      [row("a", { posts: 9 }), row("b", { posts: 3 }), row("c", { posts: 3 })],
      "Platz 2 von 3 Clustern nach Erwähnungen (gleichauf mit einem weiteren).",
    ],
    [
      "en",
      "b",
      [row("b", { posts: 3 }), row("c", { posts: 3 }), row("d", { posts: 3 })],
      "Rank 1 of 3 clusters by posts (tied with 2 others).",
    ],
  ] as [UiLang, string, ClusterRow[], string][])("%s rank of %s", (lang, id, all, sentence) => {
    const r = all.find((x) => x.id === id) as ClusterRow;
    expect(build(lang, { detail: detail(r), all }).rank).toBe(sentence);
  });

  it("links the PDF report and the posts with every filter and the UI language", () => {
    const query = {
      campaign: "clusterwoche-2017",
      from: "2017-04-21",
      platform: "mastodon",
      postLang: "de",
      state: "DE-NW",
      lang: "en",
      cluster: "owl",
      sort: "name",
    };
    const model = build("en", { query });
    expect(model.reportHref).toBe(
      "/reports/clusters/owl.pdf?campaign=clusterwoche-2017&from=2017-04-21&platform=mastodon&postLang=de&lang=en&state=DE-NW",
    );
    expect(model.postsHref).toBe(
      "/posts?campaign=clusterwoche-2017&from=2017-04-21&platform=mastodon&postLang=de&lang=en&cluster=owl",
    );
    expect(model.backHref).toBe(
      "/clusters?campaign=clusterwoche-2017&from=2017-04-21&platform=mastodon&postLang=de&lang=en",
    );
    expect(build("de").reportHref).toBe("/reports/clusters/owl.pdf");
  });

  it.each([
    [
      "de",
      "Land: Nordrhein-Westfalen",
      "Spitzenwert am Freitag, 21.04.2017: 700 von insgesamt 1.200 Erwähnungen.",
    ],
    [
      "en",
      "Land (state): North Rhine-Westphalia",
      "Peak on Friday, 21 April 2017: 700 of 1,200 posts in total.",
    ],
  ] as const)("%s heading line and timeline sentence", (lang, states, summary) => {
    const model = build(lang);
    expect(model.states).toBe(states);
    expect(model.timeline.summary).toBe(summary);
    expect(model.timeline.chart).toEqual({
      type: "bar",
      locale: lang === "de" ? "de-DE" : "en-GB",
      labels:
        lang === "de"
          ? ["Do 20.04.", "Fr 21.04.", "Sa 22.04.", "So 23.04."]
          : ["Thu 20 Apr", "Fri 21 Apr", "Sat 22 Apr", "Sun 23 Apr"],
      datasets: [{ label: lang === "de" ? "Erwähnungen" : "Posts", data: [0, 700, 500, 0] }],
    });
    expect(model.timeline.rows[1]).toMatchObject({
      iso: "2017-04-21T00:00:00+02:00",
      posts: "700",
      potentialReach: lang === "de" ? "70.000" : "70,000",
    });
  });

  it("says so when the cluster has no posts in the window", () => {
    const empty = ROWS[3] as ClusterRow;
    const model = build("de", { detail: detail(empty, { platforms: {} }) });
    expect(model.timeline.summary).toBe("Im gewählten Zeitraum gibt es keine Erwähnungen.");
    expect(model.platforms.rows).toEqual([]);
    expect(model.states).toBeNull();
  });

  it("lists platforms with posts, most first, with their share", () => {
    expect(build("de").platforms.rows).toEqual([
      { platform: "Mastodon", posts: "900", share: `75,00${NBSP}%` },
      { platform: "Bluesky", posts: "300", share: `25,00${NBSP}%` },
    ]);
  });

  it("lists events with their days, place and linked posts", () => {
    expect(build("de").events.rows).toEqual([
      {
        id: "owl-tag",
        title: "Tag der offenen Tür",
        date: "21.04.2017 – 22.04.2017",
        city: "Paderborn",
        posts: "1.500",
      },
      { id: "x", title: "Online", date: "25.04.2017", city: "–", posts: "0" },
    ]);
    expect(build("en").events.rows[0]?.date).toBe("21 Apr 2017 – 22 Apr 2017");
  });

  it("formats top posts in Berlin time, drops non-http links and counts interactions", () => {
    const [first, second] = build("de").topPosts;
    expect(first).toMatchObject({
      handle: "@x.bsky.social",
      platform: "Bluesky",
      time: "22.04.2017, 00:30 Uhr",
      timeIso: "2017-04-21T22:30:00.000Z",
      text: "<b>hi</b>", // escaped by JSX when rendered
      url: null,
      engagement: "1 Interaktion",
    });
    expect(second).toMatchObject({ url: "https://social.example/@b/2", engagement: "1.234 Interaktionen" });
    expect(build("en").topPosts[1]?.engagement).toBe("1,234 interactions");
  });

  it("turns the newest posts into the shared post list's model", () => {
    expect(build("en").posts).toEqual([
      {
        uid: "mastodon:https://social.example/1",
        handle: "@a@social.example",
        name: "A",
        platform: "Mastodon",
        time: "21 Apr 2017, 12:00",
        timeIso: "2017-04-21T10:00:00.000Z",
        text: "Hallo #Clusterwoche",
        url: "https://social.example/@a/1",
        lang: "de",
      },
    ]);
  });

  it.each([
    ["de", "it's OWL Clustermanagement GmbH – Cluster – Clusterwoche Deutschland 2017 – Resonanz"],
    ["en", "it's OWL Clustermanagement GmbH – Cluster – Clusterwoche Deutschland 2017 – Resonanz"],
  ] as const)("%s title", (lang, title) => {
    expect(build(lang).title).toBe(title);
  });
});
