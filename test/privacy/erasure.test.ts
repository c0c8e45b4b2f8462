import { existsSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NormalizedPost } from "../../collectors/types.ts";
import { parseFilters } from "../../data/filters.ts";
import {
  type ErasureDeps,
  eraseAuthor,
  type FlaggedReport,
  validateErasureRequest,
} from "../../data/privacy/erasure.ts";
import { erasureLogHash } from "../../data/privacy/pseudonym.ts";
import { runRetention } from "../../data/privacy/retention.ts";
import { getSummary, getSummaryFromPosts } from "../../data/queries/summary.ts";
import {
  archiveReport,
  isErasurePending,
  listReports,
  readArchived,
  SUPERSEDED_AFTER_ERASURE,
} from "../../reports/archive.ts";
import { createReportRegenerator } from "../../server/privacy-jobs.ts";
import { CAMPAIGNS } from "../helpers/db.ts";
import { tempArchiveDir } from "../reports/archive-helpers.ts";
import {
  answers,
  count,
  dataApp,
  expectIntact,
  expectRollupsRebuildTheSame,
  makePost,
  type PrivacyWorld,
  privacyWorld,
  rollupSnapshot,
  SECRET,
  SILENT,
} from "./privacy-world.ts";

const TARGET = "@ziel@social.example";
const target = { handle: TARGET, name: "Ziel Person", url: "https://social.example/@ziel", followers: 4321 };

/** The author to erase: 2017 week posts on two platforms, one with an event tag, one 2019 post. */
function targetPosts(): NormalizedPost[] {
  return [
    makePost({
      createdAt: "2017-04-21T08:00:00.000Z",
      text: "Zielwort bei it's OWL #Clusterwoche #owltag",
      hashtags: ["clusterwoche", "owltag"],
      author: target,
    }),
    makePost({
      createdAt: "2017-04-22T21:30:00.000Z",
      text: "Zielwort zwei #Clusterwoche",
      author: target,
      counts: { likes: 50, reposts: 5, replies: 1, quotes: 0 },
    }),
    makePost({
      createdAt: "2017-04-26T09:00:00.000Z",
      text: "Zielwort drei BioRN #Clusterwoche",
      author: target,
    }),
    makePost({
      uid: "bluesky:at://did:plc:ziel/app.bsky.feed.post/1",
      platform: "bluesky",
      createdAt: "2017-04-23T10:00:00.000Z",
      text: "Zielwort Bluesky #Clusterwoche",
      author: target,
    }),
    makePost({ createdAt: "2019-04-05T09:00:00.000Z", text: "Zielwort 2019 #Clusterwoche", author: target }),
  ];
}

function deps(world: PrivacyWorld, extra: Partial<ErasureDeps> = {}): ErasureDeps {
  return {
    sqlite: world.database.sqlite,
    rollups: world.rollups,
    campaigns: CAMPAIGNS.campaigns,
    secret: SECRET,
    now: () => world.clock.now,
    log: SILENT,
    ...extra,
  };
}

const PDF = Buffer.from("%PDF-1.4\n% a stand-in\n%%EOF\n");

async function archive(
  world: PrivacyWorld,
  dir: string,
  from: string,
  to: string,
  campaign = "clusterwoche-2017",
) {
  return archiveReport(
    { db: world.database.db, archiveDir: dir, now: () => world.clock.now, log: SILENT },
    { kind: "digest", campaign, lang: "de", from, to, pdf: PDF },
  );
}

async function csv(world: PrivacyWorld, query = "") {
  const res = await dataApp(world).request(`/export/posts.csv?${query}`);
  expect(res.status).toBe(200);
  return res.text();
}

describe("erasing an author (Art. 17)", () => {
  let world: PrivacyWorld;
  let tmp: ReturnType<typeof tempArchiveDir>;
  beforeAll(async () => {
    world = await privacyWorld(targetPosts());
    tmp = tempArchiveDir();
  });
  afterAll(async () => {
    await world.database.close();
    tmp.remove();
  });

  it("removes the posts everywhere, keeps every aggregate exact, flags reports and logs no handle", async () => {
    const app = dataApp(world);
    const covering = await archive(world, tmp.dir, "2017-04-20", "2017-04-23");
    const before2 = await archive(world, tmp.dir, "2017-04-24", "2017-04-25"); // no post of the author
    const other = await archive(world, tmp.dir, "2019-04-02", "2019-04-11", "clusterwoche-2019");
    const f = parseFilters({}, CAMPAIGNS);
    const summaryBefore = await getSummary(world.database.db, f);

    // Before: searchable, exported.
    const found = (await (await app.request("/api/posts?q=Zielwort&limit=50")).json()) as {
      items: unknown[];
    };
    expect(found.items).toHaveLength(4);
    const exported = await csv(world);
    expect(exported).toContain(TARGET);
    expect(exported).toContain("Zielwort");

    // A dry run counts and removes nothing.
    const postsTotal = count(world.database, "SELECT count(*) AS n FROM posts");
    const rollupsBefore = rollupSnapshot(world.database);
    const dry = await eraseAuthor(deps(world), { handle: "ZIEL@social.example", dryRun: true });
    expect(dry).toMatchObject({
      dryRun: true,
      authors: 2,
      posts: 5,
      logId: null,
      reportsFlagged: 2,
      previousErasures: 0,
    });
    expect(dry.reportIds.sort()).toEqual([covering.id, other.id].sort());
    expect(count(world.database, "SELECT count(*) AS n FROM posts")).toBe(postsTotal);
    expect(rollupSnapshot(world.database)).toEqual(rollupsBefore);
    expect(count(world.database, "SELECT count(*) AS n FROM erasure_log")).toBe(0);

    const result = await eraseAuthor(deps(world), { handle: TARGET, trigger: "api" });
    expect(result).toMatchObject({
      dryRun: false,
      authors: 2,
      posts: 5,
      hashtags: 6,
      sources: 5,
      reportsFlagged: 2,
      reportsRegenerated: 0,
    });
    expect(result.clusters).toBeGreaterThanOrEqual(2);
    expect(result.events).toBe(1);

    // Gone from every table and from the full-text index.
    expect(count(world.database, "SELECT count(*) AS n FROM posts")).toBe(postsTotal - 5);
    expect(
      count(world.database, "SELECT count(*) AS n FROM authors WHERE lower(handle) = lower(?)", TARGET),
    ).toBe(0);
    expect(
      count(world.database, "SELECT count(*) AS n FROM posts_fts WHERE posts_fts MATCH 'Zielwort'"),
    ).toBe(0);
    for (const t of ["post_hashtags", "post_clusters", "post_events", "post_sources"])
      expect(
        count(world.database, `SELECT count(*) AS n FROM ${t} WHERE post_id NOT IN (SELECT id FROM posts)`),
        t,
      ).toBe(0);
    expect(
      ((await (await app.request("/api/posts?q=Zielwort&limit=50")).json()) as { items: unknown[] }).items,
    ).toEqual([]);
    expect(
      (
        (await (await app.request("/api/posts?q=Zielwort&campaign=clusterwoche-2019")).json()) as {
          items: unknown[];
        }
      ).items,
    ).toEqual([]);
    // Exports are made live: the posts are gone from them at once.
    const after = await csv(world);
    expect(after).not.toContain("ziel@social.example");
    expect(after).not.toContain("Zielwort");

    // Aggregates: exact, the same as a recount from the remaining posts.
    const summaryAfter = await getSummary(world.database.db, f);
    expect(summaryAfter.posts).toBe(summaryBefore.posts - 4);
    expect(summaryAfter.authors).toBe(summaryBefore.authors - 2);
    const fresh = await answers(world.database);
    for (const q of [
      {},
      { campaign: "clusterwoche-2019" },
      { platform: "bluesky" },
      { cluster: "its-owl" },
      { from: "2017-04-22", to: "2017-04-23" },
    ]) {
      const filters = parseFilters(q, CAMPAIGNS);
      expect(await getSummary(world.database.db, filters), JSON.stringify(q)).toEqual(
        await getSummaryFromPosts(world.database.db, filters),
      );
    }
    expectRollupsRebuildTheSame(world);
    expect(await answers(world.database)).toEqual(fresh);
    expectIntact(world.database);

    // Reports: the two that covered the author's posts are flagged, the other not.
    const rows = await listReports(world.database.db);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(isErasurePending(byId.get(covering.id) ?? covering)).toBe(true);
    expect(isErasurePending(byId.get(other.id) ?? other)).toBe(true);
    expect(isErasurePending(byId.get(before2.id) ?? before2)).toBe(false);
    expect(byId.get(covering.id)?.erasure_pending_at).toBe(world.clock.now.toISOString());

    // The log: time, platform, counts and a keyed hash; nothing that names the person.
    const log = world.database.sqlite.prepare("SELECT * FROM erasure_log").all() as Record<string, unknown>[];
    expect(log).toEqual([
      {
        id: result.logId,
        erased_at: world.clock.now.toISOString(),
        platform: null,
        handle_hash: erasureLogHash(SECRET, TARGET),
        posts: 5,
        authors: 2,
        reports_flagged: 2,
        reports_regenerated: 0,
        trigger: "api",
      },
    ]);
    expect(JSON.stringify(log).toLowerCase()).not.toContain("ziel");
    expect(result.handleHash).toBe(erasureLogHash(SECRET, "ziel@SOCIAL.example"));

    // Asking again finds nothing more, and says it was erased before.
    expect(await eraseAuthor(deps(world), { handle: TARGET, dryRun: true })).toMatchObject({
      posts: 0,
      authors: 0,
      previousErasures: 1,
    });
  });
});

describe("erasure details", () => {
  it("keeps to one platform when asked", async () => {
    const world = await privacyWorld(targetPosts());
    const r = await eraseAuthor(deps(world), { handle: TARGET, platform: "bluesky" });
    expect(r).toMatchObject({ authors: 1, posts: 1, platform: "bluesky" });
    expect(count(world.database, "SELECT count(*) AS n FROM authors WHERE handle = ?", TARGET)).toBe(1);
    expect(
      count(world.database, "SELECT count(*) AS n FROM posts_fts WHERE posts_fts MATCH 'Zielwort'"),
    ).toBe(4);
    const f = parseFilters({}, CAMPAIGNS);
    expect(await getSummary(world.database.db, f)).toEqual(await getSummaryFromPosts(world.database.db, f));
    await world.database.close();
  });

  it("finds an author retention already gave a pseudonym, and posts deleted at the source", async () => {
    const mine = targetPosts().slice(0, 4);
    const world = await privacyWorld(mine);
    expect(world.store.markDeleted([mine[0]?.uid ?? ""])).toBe(1);
    const at = new Date("2018-01-01T00:00:00Z");
    world.clock.now = at;
    await runRetention(
      {
        sqlite: world.database.sqlite,
        rollups: world.rollups,
        campaigns: CAMPAIGNS.campaigns,
        secret: SECRET,
        now: () => at,
      },
      { retentionDays: 30, deletedAtSourceDays: 10_000 },
    );
    expect(count(world.database, "SELECT count(*) AS n FROM authors WHERE handle = ?", TARGET)).toBe(0);
    const before = await answers(world.database);
    const r = await eraseAuthor(deps(world), { handle: TARGET });
    expect(r).toMatchObject({ authors: 2, posts: 4 });
    expect(
      count(world.database, "SELECT count(*) AS n FROM authors WHERE handle LIKE 'entfernt-%'"),
    ).toBeGreaterThan(0);
    const f = parseFilters({}, CAMPAIGNS);
    expect(await getSummary(world.database.db, f)).toEqual(await getSummaryFromPosts(world.database.db, f));
    expect(await answers(world.database)).not.toEqual(before);
    expectIntact(world.database);
    await world.database.close();
  });

  it("makes flagged reports again through the regenerate callback", async () => {
    const world = await privacyWorld(targetPosts());
    const tmp = tempArchiveDir();
    try {
      const covering = await archive(world, tmp.dir, "2017-04-20", "2017-04-23");
      const failing = await archive(world, tmp.dir, "2019-04-02", "2019-04-05", "clusterwoche-2019");
      const asked: FlaggedReport[] = [];
      const r = await eraseAuthor(
        deps(world, {
          regenerate: async (report) => {
            asked.push(report);
            if (report.campaign === "clusterwoche-2019") throw new Error("generation failed");
          },
        }),
        { handle: TARGET },
      );
      expect(asked.map((a) => a.id)).toEqual([covering.id, failing.id]);
      expect(asked[0]).toEqual({
        id: covering.id,
        kind: "digest",
        campaign: "clusterwoche-2017",
        lang: "de",
        period_from: "2017-04-20",
        period_to: "2017-04-23",
        trigger: "schedule",
      });
      expect(r).toMatchObject({ reportsFlagged: 2, reportsRegenerated: 1, reportsRegenerationFailed: 1 });
      expect(world.database.sqlite.prepare("SELECT reports_regenerated FROM erasure_log").get()).toEqual({
        reports_regenerated: 1,
      });
    } finally {
      tmp.remove();
      await world.database.close();
    }
  });

  it("replaces a scheduled report's file with a new one (real PDF generation)", async () => {
    const world = await privacyWorld(targetPosts());
    const tmp = tempArchiveDir();
    try {
      const old = await archive(world, tmp.dir, "2017-04-20", "2017-04-28");
      expect(old.trigger).toBe("schedule");
      const regenerate = createReportRegenerator({
        db: world.database.db,
        archiveDir: tmp.dir,
        campaigns: CAMPAIGNS,
        now: () => world.clock.now,
        log: SILENT,
      });
      const r = await eraseAuthor(deps(world, { regenerate }), { handle: TARGET });
      expect(r).toMatchObject({ reportsFlagged: 1, reportsRegenerated: 1 });
      const rows = await listReports(world.database.db);
      const retired = rows.find((x) => x.id === old.id);
      expect(retired).toMatchObject({
        status: "failed",
        file: null,
        sha256: null,
        error: SUPERSEDED_AFTER_ERASURE,
      });
      expect(existsSync(join(tmp.dir, old.file ?? "missing"))).toBe(false);
      const made = rows.find((x) => x.id !== old.id);
      expect(made).toMatchObject({
        kind: "digest",
        trigger: "schedule",
        status: "archived",
        period_from: "2017-04-20",
        period_to: "2017-04-28",
      });
      expect(made && isErasurePending(made)).toBe(false);
      const { pdf } = await readArchived(
        { db: world.database.db, archiveDir: tmp.dir, log: SILENT },
        made?.id ?? 0,
      );
      expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    } finally {
      tmp.remove();
      await world.database.close();
    }
  }, 60_000);

  it.each([
    [{ handle: "" }, "handle"],
    [{ handle: "@" }, "handle"],
    [{ handle: 5 }, "handle"],
    [{ handle: "x".repeat(301) }, "handle"],
    [{ handle: "@a@b", platform: "myspace" }, "platform"],
    [{ handle: "@a@b", platform: 1 }, "platform"],
  ])("refuses %j (%s)", (req, param) => {
    expect(() => validateErasureRequest(req)).toThrow(expect.objectContaining({ param }));
  });

  it.each([
    [{ handle: " @a@b " }, { handle: "@a@b", platform: null }],
    [
      { handle: "a@b", platform: "" },
      { handle: "a@b", platform: null },
    ],
    [
      { handle: "a.bsky.social", platform: "bluesky" },
      { handle: "a.bsky.social", platform: "bluesky" },
    ],
  ])("accepts %j", (req, expected) => {
    expect(validateErasureRequest(req)).toEqual(expected);
  });
});

describe("the CSV export after an erasure", () => {
  it("parses and has the remaining rows only", async () => {
    const world = await privacyWorld(targetPosts());
    const rowsBefore = parse(await csv(world), { bom: true }) as string[][];
    await eraseAuthor(deps(world), { handle: TARGET });
    const rowsAfter = parse(await csv(world), { bom: true }) as string[][];
    expect(rowsAfter.length).toBe(rowsBefore.length - 4);
    await world.database.close();
  });
});
