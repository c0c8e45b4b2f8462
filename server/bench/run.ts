import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { IMPORT_BATCH_SIZE } from "../../collectors/import/store.ts";
import { tagMatchesCampaign } from "../../data/campaign.ts";
import { parseFilters } from "../../data/filters.ts";
import { generateWorld } from "../../demo/world/generate.ts";
import { DEFAULT_CONFIG_PATH, loadConfig } from "../config.ts";
import { recordAnalysisFingerprint } from "../reattribution.ts";
import { openRuntimeWith } from "../runtime.ts";
import { type CommandRun, runCommand } from "./command-run.ts";
import { type SideBySide, summarizeElsewhere } from "./duckdb.ts";
import { type Latency, measureMix, measurePaths, type PageWeight, pageWeights } from "./http-measure.ts";
import { type IngestMeasure, type IngestMode, ingestWorld, measure, storeBatches } from "./ingest.ts";
import { payloadPages, transformPage } from "./payloads.ts";
import { openRawInsert, type RawInsert } from "./raw-insert.ts";
import { startServerProcess } from "./server-process.ts";
import { evaluateTargets, type TargetCheck } from "./targets.ts";

export interface BenchOptions {
  /** Posts in the largest world; smaller levels (10k, 100k) are measured on the way. */
  posts: number;
  /** Keep the database and outputs here instead of a temporary folder that is removed. */
  keepDir?: string | undefined;
  progress: (line: string) => void;
}

export interface LevelResult {
  posts: number;
  /** Ingest of the posts added to reach this level, on the import's path (`bulk`, ingest.ts)… */
  ingest: IngestMeasure;
  /** …but for the last of them (up to PAGE_SAMPLE), which went in page by page as a collection run's do. */
  ingestPages: IngestMeasure;
  /** The raw insert of the same rows in the same transactions, rows/s: the import's, and the pages'. */
  rawInsert: { import: number; pages: number };
  routes: Latency[];
  search: Omit<Latency, "path"> & { terms: string[] };
  serverMemory: { restMb: number; peakMb: number };
}

export interface BenchResult {
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string };
  startedAt: string;
  posts: number;
  /** The import's path (bulk), against a raw insert in batches of the same size. */
  ingest: IngestComparison;
  /** Collection pages, against a raw insert in batches of 100. */
  ingestPages: IngestComparison;
  levels: LevelResult[];
  exports: { weekPdf: CommandRun & { bytes: number }; postsXlsx: CommandRun & { bytes: number } };
  /** `resonanz`: the summary the dashboard shows, to check the three agree. */
  elsewhere: SideBySide & { resonanzSummaryMs: number; resonanz: { posts: number; authors: number } };
  pages: PageWeight[];
  targets: TargetCheck[];
}

export type IngestComparison = IngestMeasure & {
  rawInsertPerSecond: number;
  ratioToRaw: number;
  /** Rows the raw insert got: every post the path stored, level by level. */
  rawRows: number;
  /** The transactions of the path, and of the raw insert it is compared with. */
  transactions: string;
};

export const LEVELS = [10_000, 100_000, 1_000_000];
/** Posts per level ingested page by page (at its end, so at that level's size); the rest on the import's path. */
const PAGE_SAMPLE = 20_000;
const SEARCH_TERMS = [
  "Wasserstoff",
  "Leichtbau",
  "Photonik",
  "Logistik",
  "hydrogen",
  "Clusterwoche",
  "Messe",
];
/**
 * Requests per route and size (after 3 untimed ones). Every route answers in a few milliseconds, so a
 * p95 of 100 (the sixth slowest) moved with a handful of pauses: the same code's hourly timeline read a
 * growth of 0.92× in one run and 2.25× in the next. Of 400 it is the twenty-first slowest; the routes
 * take ~20 s a size.
 */
const ROUTE_RUNS = 400;

/**
 * The benchmark: a demo world of `posts` posts ingested in levels through the
 * real transforms and store, and at each level the server started as a child
 * process and every API route timed from this process; at the largest level
 * also the week PDF, the XLSX export, DuckDB side by side, and page weights.
 */
export async function runBench(opts: BenchOptions): Promise<BenchResult> {
  const say = opts.progress;
  const dir = opts.keepDir ?? mkdtempSync(join(tmpdir(), "resonanz-bench-"));
  mkdirSync(dir, { recursive: true });
  const dbPath = join(dir, "bench.sqlite");
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${dbPath}${suffix}`, { force: true });
  const shipped = loadConfig(DEFAULT_CONFIG_PATH);
  const configPath = join(dir, "bench-config.json");
  // No sources: the server only serves; the benchmark is the only writer.
  writeFileSync(
    configPath,
    JSON.stringify(
      { campaigns: shipped.campaigns, defaultCampaign: "clusterwoche-2017", sources: {} },
      null,
      2,
    ),
  );
  const config = loadConfig(configPath);
  const levels = [...LEVELS.filter((n) => n < opts.posts), opts.posts];
  const startedAt = new Date().toISOString();
  let raw: RawInsert | null = null;

  try {
    say(
      `Demo-Welt mit ${opts.posts.toLocaleString("de-DE")} Beiträgen wird erzeugt / generating the world …`,
    );
    const world = generateWorld({ posts: opts.posts });
    const isCampaignTag = (tag: string) => config.campaigns.some((c) => tagMatchesCampaign(tag, c.hashtags));
    const rss = { isCampaignTag, keywords: ["Clusterwoche"], now: new Date() };
    raw = await openRawInsert(join(dir, "raw.sqlite"));
    const rawDb = raw;
    // The same rows in the same transactions, after the store's: payload making and transforms untimed.
    const rawStage = (range: { from: number; to: number }, mode: IngestMode) => {
      const batches = storeBatches(
        payloadPages(world, range.from, range.to),
        (p) => transformPage(p, rss),
        mode,
      );
      return rawDb.insert(
        (function* () {
          for (const b of batches) yield b.posts;
        })(),
      );
    };

    const results: LevelResult[] = [];
    const stages: IngestMeasure[] = [];
    const pageStages: IngestMeasure[] = [];
    const rawStages: RawTime[] = [];
    const rawPageStages: RawTime[] = [];
    let done = 0;
    let exportsResult: BenchResult["exports"] | null = null;
    let elsewhere: BenchResult["elsewhere"] | null = null;
    let pages: PageWeight[] = [];
    let resonanzSummary = { posts: 0, authors: 0 };
    let cluster: string | null = null;
    for (const level of levels) {
      say(`Ingest bis ${level.toLocaleString("de-DE")} Beiträge / ingesting up to ${level} posts …`);
      const rt = await openRuntimeWith(config, dbPath, pino({ level: "warn" }));
      const paged = Math.min(PAGE_SAMPLE, Math.floor((level - done) / 2));
      let stage: IngestMeasure;
      let pageStage: IngestMeasure;
      try {
        // Every post below is attributed with this analysis: the server need not attribute them again.
        await recordAnalysisFingerprint(rt.store, rt.analysisFingerprint);
        const deps = { store: rt.store, rss, analysisAhead: rt.analysisAhead };
        const progress = (from: number) => (n: number) => say(`  ${(from + n).toLocaleString("de-DE")} …`);
        stage = await ingestWorld(world, { from: done, to: level - paged }, deps, {
          mode: "bulk",
          progress: progress(done),
        });
        pageStage = await ingestWorld(world, { from: level - paged, to: level }, deps, {
          mode: "pages",
          progress: progress(level - paged),
        });
      } finally {
        await rt.database.close();
      }
      stages.push(stage);
      pageStages.push(pageStage);
      say("  Roh-INSERT derselben Zeilen zum Vergleich / raw insert of the same rows …");
      const rawImport = rawStage({ from: done, to: level - paged }, "bulk");
      const rawPages = rawStage({ from: level - paged, to: level }, "pages");
      rawStages.push(rawImport);
      rawPageStages.push(rawPages);
      done = level;
      const rate = (x: { postsPerSecond: number }, r: RawTime) =>
        `${Math.round(x.postsPerSecond).toLocaleString("de-DE")} Beiträge/s (${ratio(x.postsPerSecond, r).toFixed(2)} × roh / raw)`;
      say(
        `  Import / import path: ${rate(stage, rawImport)}; seitenweise / page by page: ${rate(pageStage, rawPages)}`,
      );

      rawDb.settle();
      say("  Server wird gestartet, Routen werden gemessen / timing the routes …");
      const server = await startServerProcess({ db: dbPath, config: configPath });
      try {
        await new Promise((r) => setTimeout(r, 1500));
        const rest = server.memory();
        // One cluster for every level, so its routes compare across sizes: the most mentioned at the first.
        if (!cluster) {
          const clusters = (await (await fetch(`${server.base}/api/clusters`)).json()) as { id: string }[];
          cluster = clusters[0]?.id ?? "unknown";
        }
        const routes = await measurePaths(server.base, routePaths(cluster), { runs: ROUTE_RUNS, warmup: 3 });
        const search = await measureMix(
          server.base,
          SEARCH_TERMS.map((t) => `/api/posts?q=${encodeURIComponent(t)}`),
          { runs: SEARCH_TERMS.length * 6, warmup: SEARCH_TERMS.length },
        );
        results.push({
          posts: level,
          ingest: stage,
          ingestPages: pageStage,
          rawInsert: { import: perSecond(rawImport), pages: perSecond(rawPages) },
          routes,
          search: { ...search, terms: SEARCH_TERMS },
          serverMemory: { restMb: rest.rssMb, peakMb: server.memory().peakMb },
        });
        if (level === opts.posts) {
          pages = await pageWeights(server.base, pagePaths(cluster));
          const s = (await (await fetch(`${server.base}/api/summary`)).json()) as {
            posts: number;
            authors: number;
          };
          resonanzSummary = { posts: s.posts, authors: s.authors };
        }
      } finally {
        await server.stop();
      }

      if (level === opts.posts) {
        say("  Wochenbericht (PDF) und XLSX-Export / week PDF and XLSX export …");
        const env = { RESONANZ_DB: dbPath, RESONANZ_CONFIG: configPath };
        const pdfPath = join(dir, "week.pdf");
        const xlsxPath = join(dir, "posts.xlsx");
        const weekPdf = await runCommand(["report", "--kind", "week", "--out", pdfPath], env);
        const postsXlsx = await runCommand(["report", "--kind", "week", "--out", xlsxPath], env);
        exportsResult = {
          weekPdf: { ...weekPdf, bytes: fileSize(pdfPath) },
          postsXlsx: { ...postsXlsx, bytes: fileSize(xlsxPath) },
        };
        say("  DuckDB zum Vergleich / DuckDB side by side …");
        const rt = await openRuntimeWith(config, dbPath, pino({ level: "warn" }));
        try {
          const f = parseFilters({}, rt.campaigns);
          const side = await summarizeElsewhere(rt.database.sqlite, {
            fromUtc: f.fromUtc,
            toUtc: f.toUtc,
            hashtags: f.campaign.hashtags,
          });
          const summary = results.at(-1)?.routes.find((r) => r.path === "/api/summary");
          elsewhere = { ...side, resonanzSummaryMs: summary?.p50 ?? 0, resonanz: resonanzSummary };
        } finally {
          await rt.database.close();
        }
      }
    }

    await rawDb.close();
    const ingest = compare(stages, rawStages, `batches of ${IMPORT_BATCH_SIZE} posts`);
    const ingestPages = compare(
      pageStages,
      rawPageStages,
      "one per API page (Mastodon 40 posts, Bluesky and feeds 100)",
    );
    const result: BenchResult = {
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? "",
        memoryGb: Math.round(totalmem() / 2 ** 30),
        node: process.version,
      },
      startedAt,
      posts: opts.posts,
      ingest,
      ingestPages,
      levels: results,
      exports: exportsResult as BenchResult["exports"],
      elsewhere: elsewhere as BenchResult["elsewhere"],
      pages,
      targets: [],
    };
    result.targets = evaluateTargets(result);
    return result;
  } finally {
    await raw?.close();
    if (!opts.keepDir) rmSync(dir, { recursive: true, force: true });
  }
}

/** Every JSON route of CONTRACT.md but the live stream, plus the filtered variants people use most. */
export function routePaths(cluster: string): string[] {
  const c = encodeURIComponent(cluster);
  return [
    "/api/summary",
    `/api/summary?cluster=${c}`,
    "/api/summary?state=DE-BY",
    "/api/timeline?bucket=day",
    "/api/timeline?bucket=hour",
    "/api/clusters",
    `/api/clusters/${c}`,
    "/api/states",
    "/api/events",
    "/api/top-posts",
    "/api/authors",
    "/api/hashtags",
    "/api/languages",
    "/api/compare?campaign=clusterwoche-2019",
    "/api/posts",
    `/api/posts?cluster=${c}`,
    "/api/sources",
  ];
}

function pagePaths(cluster: string): string[] {
  return [
    "/",
    "/clusters",
    `/clusters/${encodeURIComponent(cluster)}`,
    "/laender",
    "/events",
    "/posts",
    "/sources",
    "/reports",
    "/embed/wall",
    "/datenschutz",
  ];
}

type RawTime = ReturnType<RawInsert["insert"]>;

const perSecond = (r: RawTime) => (r.seconds > 0 ? r.rows / r.seconds : 0);
const ratio = (postsPerSecond: number, r: RawTime) => (perSecond(r) > 0 ? postsPerSecond / perSecond(r) : 0);

/** A path's stages against the raw insert's of the same rows, both over every level. */
function compare(
  stages: readonly IngestMeasure[],
  raws: readonly RawTime[],
  transactions: string,
): IngestComparison {
  const overall = combine(stages);
  const raw = {
    rows: raws.reduce((s, x) => s + x.rows, 0),
    seconds: raws.reduce((s, x) => s + x.seconds, 0),
  };
  return {
    ...overall,
    rawInsertPerSecond: perSecond(raw),
    ratioToRaw: ratio(overall.postsPerSecond, raw),
    rawRows: raw.rows,
    transactions,
  };
}

function combine(stages: readonly IngestMeasure[]): IngestMeasure {
  const posts = stages.reduce((s, x) => s + x.posts, 0);
  const transformSeconds = stages.reduce((s, x) => s + x.transformSeconds, 0);
  const storeSeconds = stages.reduce((s, x) => s + x.storeSeconds, 0);
  const waitSeconds = stages.reduce((s, x) => s + x.waitSeconds, 0);
  return measure(posts, transformSeconds, storeSeconds, waitSeconds);
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
