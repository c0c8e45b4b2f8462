import type { z } from "zod";
import type { HttpClient, RequestStats } from "../http.ts";
import {
  getPostsEnvelopeSchema,
  getProfilesEnvelopeSchema,
  type PostView,
  type ProfileView,
  postViewSchema,
  profileViewSchema,
} from "./schema.ts";

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

/** The XRPC URL of a method, keeping any path prefix of the service URL. */
export function xrpcUrl(service: string, method: string, param: string, values: readonly string[]): string {
  const base = service.endsWith("/") ? service : `${service}/`;
  const url = new URL(`xrpc/${method}`, base);
  for (const v of values) url.searchParams.append(param, v);
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
        const issue = parsed.error.issues[0];
        out.rejected.push({ key: keyOf(raw), reason: `${issue?.path.join(".") ?? ""}: ${issue?.message}` });
      }
    }
  }
  return out;
}

function keyOf(raw: unknown): string {
  const r = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  const key = r.uri ?? r.did;
  return typeof key === "string" ? key : "?";
}
