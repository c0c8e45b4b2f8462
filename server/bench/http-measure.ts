import { gzipSync } from "node:zlib";
import { percentile } from "./duckdb.ts";

export interface Latency {
  /** The request path and query, as sent. */
  path: string;
  p50: number;
  p95: number;
  max: number;
  /** Every status seen (anything but 200 makes the number suspect, and the table says so). */
  statuses: number[];
}

/**
 * Times `runs` sequential requests per path from this process (keep-alive
 * loopback), after `warmup` untimed ones: latency as one user sees it, the
 * body read completely. The paths are asked in rounds, each once per round:
 * a slow stretch (the server's first requests, a pause in either process)
 * falls on all of them alike, not on whichever was being timed then.
 */
export async function measurePaths(
  base: string,
  paths: readonly string[],
  opts: { runs: number; warmup: number },
): Promise<Latency[]> {
  const times = paths.map((): number[] => []);
  const statuses = paths.map(() => new Set<number>());
  for (let round = 0; round < opts.warmup + opts.runs; round++) {
    for (const [k, path] of paths.entries()) {
      const { ms, status } = await timeRequest(base, path);
      statuses[k]?.add(status);
      if (round >= opts.warmup) times[k]?.push(ms);
    }
  }
  return paths.map((path, k) => {
    const t = times[k] ?? [];
    return {
      path,
      p50: percentile(t, 0.5),
      p95: percentile(t, 0.95),
      max: Math.max(...t),
      statuses: [...(statuses[k] ?? [])],
    };
  });
}

/** One request, its body read completely: milliseconds and status. */
async function timeRequest(base: string, path: string): Promise<{ ms: number; status: number }> {
  const t0 = performance.now();
  const res = await fetch(`${base}${path}`);
  await res.arrayBuffer();
  return { ms: performance.now() - t0, status: res.status };
}

/** One latency over requests cycling through several paths (search terms, say). */
export async function measureMix(
  base: string,
  paths: readonly string[],
  opts: { runs: number; warmup: number },
): Promise<Omit<Latency, "path">> {
  const times: number[] = [];
  const statuses = new Set<number>();
  for (let i = 0; i < opts.warmup + opts.runs; i++) {
    const path = paths[i % paths.length] as string;
    const { ms, status } = await timeRequest(base, path);
    statuses.add(status);
    if (i >= opts.warmup) times.push(ms);
  }
  return {
    p50: percentile(times, 0.5),
    p95: percentile(times, 0.95),
    max: Math.max(...times),
    statuses: [...statuses],
  };
}

export interface PageWeight {
  page: string;
  /** Gzipped bytes of the page's scripts and stylesheets (the HTML itself not counted). */
  jsGzip: number;
  cssGzip: number;
  files: number;
}

/**
 * What a browser downloads for a page besides the HTML: every same-origin
 * `<script src>` and stylesheet it names, gzipped as a server or proxy would
 * send them.
 */
export async function pageWeights(base: string, pages: readonly string[]): Promise<PageWeight[]> {
  const out: PageWeight[] = [];
  for (const page of pages) {
    const html = await (await fetch(`${base}${page}`)).text();
    const scripts = [...html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1] as string);
    const styles = [
      ...html.matchAll(
        /<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"|<link[^>]*href="([^"]+)"[^>]*rel="stylesheet"/g,
      ),
    ].map((m) => (m[1] ?? m[2]) as string);
    const gz = async (href: string) => {
      const url = new URL(href.replaceAll("&amp;", "&"), base);
      if (url.origin !== new URL(base).origin) throw new Error(`${page} loads ${url.href} from elsewhere`);
      const body = Buffer.from(await (await fetch(url)).arrayBuffer());
      return gzipSync(body).length;
    };
    let jsGzip = 0;
    let cssGzip = 0;
    for (const s of scripts) jsGzip += await gz(s);
    for (const s of styles) cssGzip += await gz(s);
    out.push({ page, jsGzip, cssGzip, files: scripts.length + styles.length });
  }
  return out;
}
