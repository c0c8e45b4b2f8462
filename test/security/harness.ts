import { headerProblems, htmlProblems, isHtml, leakProblems } from "./checks.ts";
import { describeValue, encodeValue, hostileValues, RAW_QUERIES, UNKNOWN_PARAMS } from "./fuzz.ts";
import type { HostileWorld } from "./world.ts";

/**
 * The bounded fuzzer: each route's parameters, one at a time, set to hostile
 * values, and every answer checked against what the route family promises.
 *
 * - "api": JSON; a 4xx is JSON with `error`, and a 400 names the parameter in `param`.
 * - "page": HTML with the security headers; a bad value is an HTML 400 page
 *   (a cluster page may also be a 404 page or a 303 to another cluster's page).
 * - "download": PDF, CSV, XLSX or JSON; errors are JSON with `error` (onError in server/app.ts).
 *
 * Everywhere: never a 5xx, never a stack trace, a source path or an internal
 * error class in a body, and no unescaped markup in an HTML page.
 */
export type Kind = "api" | "page" | "download";

export interface RouteSpec {
  /** The path; ":id" is where `pathParam` goes. */
  path: string;
  kind: Kind;
  /** Query parameters fuzzed with `n` values each. */
  params: string[];
  /** Query parameters fuzzed with `shared` values each (the common filters, fuzzed deeply elsewhere). */
  sharedParams?: string[];
  /** A path parameter, fuzzed with `n` values; `skip` lists values not to send (e.g. ids that render a PDF). */
  pathParam?: { name: string; suffix?: string; skip?: string[] };
  /** A request header the route reads, fuzzed with `n` values. */
  header?: string;
  /** Server-sent events: a 200 is a stream, cancelled after the headers. */
  stream?: boolean;
  /**
   * A cheap route with the same parameter parsing: a value it accepts is not
   * sent here (a PDF takes seconds to render; the renderers have their own tests).
   */
  twin?: string;
  /** Query parameters every request carries (a fuzzed parameter replaces its own). */
  base?: Record<string, string>;
  /** Requests carry the admin's session (routes behind server/access/ requireAdmin). */
  admin?: boolean;
  /** Statuses the route may answer besides 200 and 400. */
  alsoAllowed?: number[];
  /** Parameters whose 400 may name another parameter (from/to check each other). */
  paramAliases?: Record<string, string[]>;
}

export interface FuzzOptions {
  /** Values per fuzzed parameter. */
  n: number;
  /** Values per shared (common filter) parameter. */
  shared: number;
}

/** Multiply the counts for a longer local run: SECURITY_FUZZ_SCALE=5 npx vitest run test/security. */
export const SCALE = Math.max(0.1, Number(process.env.SECURITY_FUZZ_SCALE) || 1);

const DEFAULT_ALIASES: Record<string, string[]> = { from: ["from", "to"], to: ["from", "to"] };

export interface FuzzResult {
  requests: number;
  statuses: Record<number, number>;
  failures: string[];
}

/** Runs every case of `spec` against the world's app; collects failures rather than stopping at the first. */
export async function fuzzRoute(
  world: HostileWorld,
  spec: RouteSpec,
  opts: FuzzOptions,
): Promise<FuzzResult> {
  const result: FuzzResult = { requests: 0, statuses: {}, failures: [] };
  const n = Math.round(opts.n * SCALE);
  const shared = Math.round(opts.shared * SCALE);
  const basePath = spec.pathParam
    ? spec.path.replace(":id", `its-owl${spec.pathParam.suffix ?? ""}`)
    : spec.path;

  const run = async (label: string, rawUrl: string, param: string | null, init?: RequestInit) => {
    const url = withBase(rawUrl, spec.base, param);
    if (spec.twin && url.includes("?")) {
      const twinUrl = spec.twin + url.slice(url.indexOf("?"));
      const twin = await world.app.request(twinUrl);
      await twin.body?.cancel();
      if (twin.status === 200) return; // accepted: this route would render a whole document
    }
    const admin = spec.admin ? await world.adminHeaders() : {};
    const headers = { ...admin, ...Object.fromEntries(new Headers(init?.headers).entries()) };
    const problems = await check(world, spec, url, param, { ...init, headers }, result);
    for (const p of problems) result.failures.push(`${spec.kind} ${spec.path} ${label} → ${p}`);
  };

  const fuzzParam = async (param: string, count: number) => {
    for (const value of hostileValues(`${spec.path}|${param}`, count)) {
      await run(`${param}=${describeValue(value)}`, `${basePath}?${param}=${encodeValue(value)}`, param);
    }
  };

  for (const param of spec.params) await fuzzParam(param, n);
  for (const param of spec.sharedParams ?? []) await fuzzParam(param, shared);

  if (spec.pathParam) {
    const { name, suffix = "", skip = [] } = spec.pathParam;
    for (const value of hostileValues(`${spec.path}|:${name}`, n)) {
      if (value === "" || skip.includes(value)) continue;
      const url = spec.path.replace(":id", encodeValue(value) + suffix);
      await run(`:${name}=${describeValue(value)}`, url, name);
    }
  }

  if (spec.header) {
    for (const value of hostileValues(`${spec.path}|header ${spec.header}`, n)) {
      let headers: Headers;
      try {
        headers = new Headers({ [spec.header]: value });
      } catch {
        continue; // not a valid header value: no client can send it
      }
      await run(`header ${spec.header}: ${describeValue(value)}`, basePath, spec.header, { headers });
    }
  }

  // Unknown parameters are ignored, whatever their name or value.
  for (const [i, name] of UNKNOWN_PARAMS.entries()) {
    for (const value of hostileValues(`${spec.path}|unknown ${i}`, Math.max(2, Math.round(2 * SCALE)))) {
      await run(
        `unknown ${describeValue(name)}=${describeValue(value)}`,
        `${basePath}?${encodeValue(name)}=${encodeValue(value)}`,
        null,
      );
    }
  }

  // Hand-written query strings: malformed escapes, repeated keys, arrays.
  for (const raw of RAW_QUERIES) await run(`raw ?${describeValue(raw)}`, `${basePath}?${raw}`, "raw");

  return result;
}

/** The route's base query added to a URL, except the parameter being fuzzed. */
function withBase(url: string, base: Record<string, string> | undefined, param: string | null): string {
  if (!base) return url;
  const extra = Object.entries(base)
    .filter(([k]) => k !== param)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join("&");
  if (!extra) return url;
  return url.includes("?") ? `${url}&${extra}` : `${url}?${extra}`;
}

async function check(
  world: HostileWorld,
  spec: RouteSpec,
  url: string,
  param: string | null,
  init: RequestInit | undefined,
  result: FuzzResult,
): Promise<string[]> {
  const problems: string[] = [];
  const abort = new AbortController();
  let res: Response;
  try {
    res = await world.app.request(url, { ...init, signal: abort.signal });
  } catch (err) {
    return [`the app threw: ${err instanceof Error ? err.message : String(err)}`];
  }
  result.requests++;
  result.statuses[res.status] = (result.statuses[res.status] ?? 0) + 1;
  const type = res.headers.get("content-type") ?? "";

  if (spec.stream && res.status === 200 && type.startsWith("text/event-stream")) {
    await res.body?.cancel();
    abort.abort();
    return [];
  }
  const binary = type.startsWith("application/pdf") || type.includes("spreadsheetml");
  const buffer = new Uint8Array(await res.arrayBuffer());
  const body = binary ? "" : new TextDecoder().decode(buffer);

  if (res.status >= 500) problems.push(`${res.status}: ${body.slice(0, 200)}`);
  problems.push(...leakProblems(body));

  const allowed = [200, 400, ...(spec.alsoAllowed ?? [])];
  if (!allowed.includes(res.status) && res.status < 500) problems.push(`unexpected status ${res.status}`);

  if (spec.kind === "api" || (spec.kind === "download" && res.status >= 400)) {
    if (!type.startsWith("application/json") && !(spec.kind === "download" && res.status === 404))
      problems.push(`${res.status} is not JSON but ${type}`);
    else if (type.startsWith("application/json")) {
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        problems.push(`${res.status} with a body that is not JSON`);
      }
      if (res.status >= 400) {
        const e = json as { error?: unknown; param?: unknown } | undefined;
        if (typeof e?.error !== "string" || e.error === "") problems.push(`${res.status} without 'error'`);
        if (res.status === 400 && param !== null && param !== "raw") {
          const expected = spec.paramAliases?.[param] ?? DEFAULT_ALIASES[param] ?? [param];
          if (!expected.includes(String(e?.param))) {
            problems.push(`400 names param ${JSON.stringify(e?.param)}, not ${expected.join("/")}`);
          }
        }
        if (res.status === 400 && param === null) problems.push(`an unknown parameter was refused: ${body}`);
      }
    }
  }

  if (spec.kind === "page") {
    if (res.status === 303) {
      const location = res.headers.get("location") ?? "";
      if (!location.startsWith("/") || /^\/[/\\]/.test(location))
        problems.push(`303 to a foreign location ${JSON.stringify(location)}`);
    } else {
      if (!isHtml(res)) problems.push(`${res.status} is not HTML but ${type}`);
      if (!body.startsWith("<!DOCTYPE html>")) problems.push(`${res.status} is not an HTML page`);
      if (res.status === 400 && param === null) problems.push("an unknown parameter was refused");
    }
  }

  if (isHtml(res)) {
    problems.push(...headerProblems(res.headers));
    problems.push(...htmlProblems(body));
  }
  return problems;
}

/** Failures, shortened for an assertion message. */
export function summarize(results: FuzzResult[]): { requests: number; failures: string[] } {
  const failures = results.flatMap((r) => r.failures);
  return {
    requests: results.reduce((s, r) => s + r.requests, 0),
    failures: [...new Set(failures)].map((f) => (f.length > 400 ? `${f.slice(0, 400)}…` : f)),
  };
}
