import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import type { Hono } from "hono";
import { Kysely, SqliteDialect } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NormalizedPost } from "../../collectors/types.ts";
import { parseFilters } from "../../data/filters.ts";
import type { Database } from "../../data/schema.ts";
import { EXPORT_CHUNK_SIZE } from "../../reports/exports/posts-source.ts";
import { CAMPAIGNS, makePost } from "../helpers/db.ts";
import { allApiPosts, createExportWorld, type ExportWorld, exportApp } from "./export-helpers.ts";

const N = 20_000;
const CHUNKS = N / EXPORT_CHUNK_SIZE;

let w: ExportWorld;
let app: Hono;
/** SQL of every query the export routes ran, through a logging Kysely over the same database. */
let queries: string[] = [];
let apiUids: string[];

const postChunkQueries = () => queries.filter((q) => /from "posts" inner join "authors"/.test(q)).length;

/** Lets every pending timer, I/O callback and zlib job run; returns when no query was run for a while. */
async function settle(): Promise<void> {
  let last = -1;
  let stable = 0;
  while (stable < 10) {
    await new Promise((r) => setTimeout(r, 10));
    stable = queries.length === last ? stable + 1 : 0;
    last = queries.length;
  }
}

beforeAll(async () => {
  w = await createExportWorld();
  // Minute timestamps over nine days: many posts share a created_at, which the pages must not split wrongly.
  const start = Date.parse("2017-04-20T00:00:00Z");
  const posts: NormalizedPost[] = [];
  for (let i = 0; i < N; i++) {
    posts.push(
      makePost({
        createdAt: new Date(start + (i % 12_000) * 60_000).toISOString(),
        text: i % 3 === 0 ? `Beitrag ${i} bei it's OWL #Clusterwoche` : `Beitrag ${i} #Clusterwoche`,
        author: { handle: `@a${i % 700}@x`, name: `A ${i % 700}`, url: null, followers: i % 1000 },
      }),
    );
  }
  for (let i = 0; i < N; i += 2000)
    w.store.ingestBatch({ source: "t", target: "t", posts: posts.slice(i, i + 2000) });
  const logged = new Kysely<Database>({
    dialect: new SqliteDialect({ database: w.database.sqlite }),
    log: (e) => {
      if (e.level === "query") queries.push(e.query.sql);
    },
  });
  app = exportApp(logged);
  apiUids = (await allApiPosts(w.database.db, parseFilters({}, CAMPAIGNS))).map((p) => p.uid);
}, 120_000);

afterAll(async () => {
  await w.database.close();
});

async function readAll(reader: ReadableStreamDefaultReader<Uint8Array>, first: Uint8Array[] = []) {
  const parts = [...first];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(parts);
    parts.push(value);
  }
}

describe("exports stream (20,000 posts)", () => {
  it("CSV: the first bytes leave before the posts are read; reading goes at the client's pace", async () => {
    queries = [];
    const res = await app.request("/export/posts.csv");
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    await settle();
    // A pull stream: one chunk ahead of the client at most, not 40.
    expect(postChunkQueries()).toBeLessThanOrEqual(2);

    const csv = await readAll(reader, first.value ? [first.value] : []);
    const rows = (parse(csv, { bom: true }) as string[][]).slice(1);
    expect(rows.map((r) => r[0])).toEqual(apiUids);
    expect(rows).toHaveLength(N);
    // One query for the posts per chunk (the last one finds none), one each for clusters and hashtags.
    expect(postChunkQueries()).toBe(CHUNKS); // the last full page has no next cursor: no empty read after it
    expect(queries.filter((q) => /from "post_clusters"/.test(q))).toHaveLength(CHUNKS);
  });

  it("CSV: a client that goes away stops the reading", async () => {
    queries = [];
    const res = await app.request("/export/posts.csv");
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    await settle();
    expect(postChunkQueries()).toBeLessThanOrEqual(3);
  });

  it("XLSX: the workbook is written while the posts are read, held back when the client does not read", async () => {
    queries = [];
    const res = await app.request("/export/posts.xlsx");
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    // "PK": the zip has started before the posts sheet is complete.
    expect(
      Buffer.from(first.value ?? [])
        .subarray(0, 2)
        .toString("latin1"),
    ).toBe("PK");
    await settle();
    // Held back by the bytes in the pipes (a few chunks), not by time: without the wait all 40 are read.
    expect(postChunkQueries()).toBeLessThanOrEqual(5);

    const xlsx = await readAll(reader, first.value ? [first.value] : []);
    expect(postChunkQueries()).toBe(CHUNKS); // the last full page has no next cursor: no empty read after it
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(xlsx).buffer);
    const sheet = wb.getWorksheet("Beiträge");
    const uids: unknown[] = [];
    sheet?.eachRow((row, n) => {
      if (n > 1) uids.push(row.getCell(1).value);
    });
    expect(uids).toEqual(apiUids);
  });

  it("XLSX: a client that goes away stops the reading, without an unhandled error", async () => {
    queries = [];
    const res = await app.request("/export/posts.xlsx");
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await reader.cancel();
    await settle();
    const after = postChunkQueries();
    expect(after).toBeLessThanOrEqual(5);
    await settle();
    expect(postChunkQueries()).toBe(after);
  });
});
