import { describe, expect, it } from "vitest";
import type { UiLang } from "../../dashboard/i18n/index.ts";
import { buildWallModel } from "../../dashboard/view-models/wall.ts";
import type { PostItem } from "../../data/queries/posts.ts";
import { CW2017 } from "../helpers/db.ts";

function post(o: Partial<PostItem> = {}): PostItem {
  return {
    uid: "bluesky:at://did:plc:x/app.bsky.feed.post/1",
    platform: "bluesky",
    url: "https://bsky.app/profile/x/post/1",
    author: { handle: "x.bsky.social", name: "X", followers: 10 },
    createdAt: "2017-04-21T10:00:00.000Z",
    text: "Hallo #Clusterwoche",
    lang: "de",
    sentiment: { score: 0, label: "neutral" },
    likes: 0,
    reposts: 0,
    replies: 0,
    quotes: 0,
    clusters: ["its-owl", "biorn"],
    hashtags: ["clusterwoche"],
    ...o,
  };
}

const CLUSTERS = [
  { id: "biorn", name: "BioRN" },
  { id: "its-owl", name: "it's OWL" },
];

function build(
  lang: UiLang,
  o: { cluster?: { id: string; name: string } | null; posts?: PostItem[]; limit?: number } = {},
) {
  return buildWallModel({
    lang,
    campaign: CW2017,
    cluster: o.cluster ?? null,
    posts: o.posts ?? [post()],
    clusters: CLUSTERS,
    limit: o.limit ?? 12,
    now: new Date("2017-04-25T12:03:00Z"),
  });
}

describe("buildWallModel", () => {
  it.each([
    [
      "de",
      null,
      "Social Wall – Clusterwoche Deutschland 2017",
      "Clusterwoche Deutschland 2017",
      "14:03 Uhr",
      "21.04.2017, 12:00 Uhr",
    ],
    [
      "en",
      null,
      "Social wall – Clusterwoche Deutschland 2017",
      "Clusterwoche Deutschland 2017",
      "14:03",
      "21 Apr 2017, 12:00",
    ],
    [
      "de",
      { id: "its-owl", name: "it's OWL" },
      "Social Wall – it's OWL",
      "it's OWL",
      "14:03 Uhr",
      "21.04.2017, 12:00 Uhr",
    ],
  ] as const)("%s cluster=%j: titles and Berlin times", (lang, cluster, title, sub, updated, time) => {
    const model = build(lang, { cluster });
    expect(model.title).toBe(title);
    expect(model.heading).toBe("#Clusterwoche");
    expect(model.subheading).toBe(sub);
    expect(model.updated).toBe(updated);
    expect(model.cards[0]).toMatchObject({
      time,
      platform: "Bluesky",
      clusters: "it's OWL, BioRN",
      name: "X",
    });
  });

  it.each([
    [null, 12, "/api/posts?campaign=clusterwoche-2017&limit=12"],
    [{ id: "its-owl", name: "it's OWL" }, 5, "/api/posts?campaign=clusterwoche-2017&cluster=its-owl&limit=5"],
  ])(
    "polls the same-origin API for cluster %j (never with the UI language: there `lang` is the post language)",
    (cluster, limit, api) => {
      const c = build("en", { cluster, limit }).config;
      expect(c.api).toBe(api);
      expect(c.intervalMs).toBe(30_000);
      expect(c).toMatchObject({ locale: "en-GB", timeZone: "Europe/Berlin", timeSuffix: "" });
      expect(c.labels.newPosts).toEqual({ one: "1 new post", many: "{n} new posts" });
      expect(c.platforms.bluesky).toBe("Bluesky");
      expect(c.clusters).toEqual({ biorn: "BioRN", "its-owl": "it's OWL" });
    },
  );

  it.each(["de", "en"] as const)("%s: the script's date options print what the server prints", (lang) => {
    const model = build(lang);
    const c = model.config;
    const js = new Intl.DateTimeFormat(c.locale, { ...c.dateOptions, timeZone: c.timeZone }).format(
      new Date("2017-04-21T10:00:00.000Z"),
    );
    expect(js + c.timeSuffix).toBe(model.cards[0]?.time);
  });

  it("keeps hostile text as it is and drops non-http links", () => {
    const [card] = build("de", {
      posts: [post({ text: "<script>x</script>", url: "javascript:alert(1)" })],
    }).cards;
    expect(card?.text).toBe("<script>x</script>");
    expect(card?.url).toBeNull();
  });
});
