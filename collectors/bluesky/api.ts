import type { z } from "zod";
import type { HttpClient, RequestStats } from "../http.ts";
import {
  getPostsEnvelopeSchema,
  getProfilesEnvelopeSchema,
  type PostView,
  type ProfileView,
  postViewSchema,
  profileViewSchema,
  searchPostsEnvelopeSchema,
} from "./schema.ts";
import type { XrpcClient } from "./xrpc.ts";

/** getPosts and getProfiles take at most 25 uris/actors per request; more is a 400. */
export const XRPC_BATCH = 25;

export interface XrpcLookup<T> {
  /** Found items by uri (posts) or DID (profiles). A requested key that is absent was deleted, suspended or not indexed yet. */
  found: Map<string, T>;
  /** Items in an answer that did not match the schema: dropped one by one, never the whole answer. */
  rejected: { key: string; reason: string }[];
}

interface RequestOpts {
  signal: AbortSignal;
  stats: RequestStats;
}

/** `app.bsky.feed.getPosts` for any number of at:// uris, 25 per request. */
export function getPosts(
  http: HttpClient,
  service: string,
  uris: readonly string[],
  opts: RequestOpts,
): Promise<XrpcLookup<PostView>> {
  return lookup(http, service, "app.bsky.feed.getPosts", "uris", uris, opts, {
    envelope: getPostsEnvelopeSchema,
    list: (body) => body.posts,
    item: postViewSchema,
    key: (p) => p.uri,
  });
}

/** `app.bsky.actor.getProfiles` for any number of DIDs (or handles), 25 per request; found profiles keyed by DID. */
export function getProfiles(
  http: HttpClient,
  service: string,
  actors: readonly string[],
  opts: RequestOpts,
): Promise<XrpcLookup<ProfileView>> {
  return lookup(http, service, "app.bsky.actor.getProfiles", "actors", actors, opts, {
    envelope: getProfilesEnvelopeSchema,
    list: (body) => body.profiles,
    item: profileViewSchema,
    key: (p) => p.did,
  });
}

/** searchPosts answers at most 100 posts per page. */
export const SEARCH_LIMIT = 100;

export interface SearchQuery {
  /** The query, e.g. "#clusterwoche". */
  q: string;
  /** ISO time: posts at or after it (the server compares its `sortAt`). */
  since: string;
  /** ISO time: posts before it. */
  until: string;
  cursor?: string | undefined;
}

export interface SearchPage {
  posts: PostView[];
  rejected: { key: string; reason: string }[];
  /** Absent on the last page. */
  cursor: string | null;
}

/** One page of `app.bsky.feed.searchPosts`, newest first, with a session's access token. */
export async function searchPosts(
  xrpc: XrpcClient,
  service: string,
  accessJwt: string,
  query: SearchQuery,
  opts: RequestOpts,
): Promise<SearchPage> {
  const url = xrpcMethodUrl(service, "app.bsky.feed.searchPosts", {
    q: query.q,
    since: query.since,
    until: query.until,
    sort: "latest",
    limit: SEARCH_LIMIT,
    cursor: query.cursor,
  });
  const json = await xrpc.get(url, { ...opts, token: accessJwt });
  const envelope = searchPostsEnvelopeSchema.safeParse(json);
  if (!envelope.success) throw new Error("app.bsky.feed.searchPosts answered in an unexpected shape");
  const page: SearchPage = { posts: [], rejected: [], cursor: envelope.data.cursor || null };
  for (const raw of envelope.data.posts) {
    const parsed = postViewSchema.safeParse(raw);
    if (parsed.success) page.posts.push(parsed.data);
    else page.rejected.push({ key: keyOf(raw), reason: reasonOf(parsed.error) });
  }
  return page;
}

/** The XRPC URL of a method, keeping any path prefix of the service URL. */
export function xrpcUrl(service: string, method: string, param: string, values: readonly string[]): string {
  const base = service.endsWith("/") ? service : `${service}/`;
  const url = new URL(`xrpc/${method}`, base);
  for (const v of values) url.searchParams.append(param, v);
  return url.toString();
}

/** The XRPC URL of a method with single-valued parameters (undefined ones left out). */
export function xrpcMethodUrl(
  service: string,
  method: string,
  params: Record<string, string | number | undefined> = {},
): string {
  const url = new URL(xrpcUrl(service, method, "", []));
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, String(v));
  return url.toString();
}

async function lookup<E extends z.ZodType, T>(
  http: HttpClient,
  service: string,
  method: string,
  param: string,
  keys: readonly string[],
  opts: RequestOpts,
  shape: {
    envelope: E;
    list: (body: z.infer<E>) => unknown[];
    item: z.ZodType<T>;
    key: (item: T) => string;
  },
): Promise<XrpcLookup<T>> {
  const out: XrpcLookup<T> = { found: new Map(), rejected: [] };
  const unique = [...new Set(keys)];
  for (let i = 0; i < unique.length; i += XRPC_BATCH) {
    const url = xrpcUrl(service, method, param, unique.slice(i, i + XRPC_BATCH));
    const res = await http.get(url, opts);
    let json: unknown;
    try {
      json = JSON.parse(res.body);
    } catch {
      throw new Error(`${method} did not answer with JSON`);
    }
    const envelope = shape.envelope.safeParse(json);
    if (!envelope.success) throw new Error(`${method} answered in an unexpected shape`);
    for (const raw of shape.list(envelope.data)) {
      const parsed = shape.item.safeParse(raw);
      if (parsed.success) {
        out.found.set(shape.key(parsed.data), parsed.data);
      } else {
        out.rejected.push({ key: keyOf(raw), reason: reasonOf(parsed.error) });
      }
    }
  }
  return out;
}

function reasonOf(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.join(".") ?? ""}: ${issue?.message}`;
}

function keyOf(raw: unknown): string {
  const r = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  const key = r.uri ?? r.did;
  return typeof key === "string" ? key : "?";
}
