import type { NormalizedPost } from "../../collectors/types.ts";

/**
 * A deterministic fake source for the fault tests: post `i` is always the same
 * post, so a run that was killed and restarted must end with exactly what one
 * uninterrupted run stores. Uids are zero-padded so `uid < key(n)` selects the
 * first n posts.
 */
export const SOURCE = "faults";
export const TARGET = "feed";
export const TOTAL = 3000;
/** Posts per batch; each batch re-delivers the OVERLAP posts before it (sources do). */
export const BATCH = 50;
export const OVERLAP = 10;

const CLUSTERS = ["BioRN", "it's OWL", "Medical Valley", "Silicon Saxony", "Cluster Leichtbau"];

export function uidOf(i: number): string {
  return `faults:post/${String(i).padStart(6, "0")}`;
}

/**
 * Post i as delivered; a re-delivery (the overlap) shows one more like, as a
 * source's counts move, and each later `round` of a looping writer one more.
 */
export function sourcePost(i: number, redelivered: boolean, round = 0): NormalizedPost {
  const author = i % 97;
  const hour = (i * 7) % (9 * 24); // spread over the campaign week, 20–28 April 2017
  return {
    uid: uidOf(i),
    platform: i % 3 === 0 ? "rss" : "mastodon",
    originInstance: "faults.example",
    url: `https://faults.example/p/${i}`,
    remoteId: String(1_000_000_000_000_000_000n + BigInt(i)),
    createdAt: new Date(
      Date.parse("2017-04-20T00:00:00Z") + hour * 3_600_000 + (i % 60) * 1000,
    ).toISOString(),
    editedAt: null,
    text: `Beitrag ${i} zur #Clusterwoche bei ${CLUSTERS[i % CLUSTERS.length]} – ${i % 4 === 0 ? "großartig" : "naja"}`,
    lang: "de",
    author: {
      handle: `@a${author}@faults.example`,
      name: `A ${author}`,
      url: null,
      followers: 10 * (author + 1),
    },
    counts: { likes: (i % 9) + (redelivered ? 1 : 0) + round, reposts: i % 4, replies: i % 3, quotes: 0 },
    countsFromOrigin: true,
    hashtags: ["clusterwoche"],
  };
}

/** Posts in the overlap with this index pattern are deleted at the source (rollups must subtract them). */
export function deletedAtSource(i: number): boolean {
  return i % BATCH === 45;
}
