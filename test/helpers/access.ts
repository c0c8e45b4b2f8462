import type { Hono } from "hono";
import pino from "pino";
import { parseRegistry } from "../../data/analysis/registry.ts";
import { syncRegistry } from "../../data/registry-sync.ts";
import type { Access } from "../../server/access/guard.ts";
import type { AccessOptions } from "../../server/access/options.ts";
import { hashPassword, parsePasswordHash } from "../../server/access/password.ts";
import { createAppWithAccess } from "../../server/app.ts";
import { CAMPAIGNS, createTestDb, makePost, seed, type TestDb } from "./db.ts";

export const ADMIN_PASSWORD = "admin-Passwort-123";
export const VIEWER_PASSWORD = "viewer-Passwort-456";
/** Cheap scrypt parameters: the tests log in often. */
const FAST = { N: 1024, r: 8, p: 1 };

export interface AccessWorld {
  app: Hono;
  access: Access;
  t: TestDb;
  /** Every log line the app wrote (pino JSON), for "never logs a secret" checks. */
  logs: string[];
  clock: { now: Date };
  close(): Promise<void>;
}

/** An app over a fresh database with two registry clusters and a few posts; passwords hashed cheaply. */
export async function accessWorld(
  options: AccessOptions & { admin?: boolean; viewer?: boolean } = {},
): Promise<AccessWorld> {
  const clock = { now: new Date("2017-04-29T12:00:00Z") };
  const t = await createTestDb(() => clock.now);
  syncRegistry(
    t.database,
    parseRegistry({
      clusters: [
        { id: "its-owl", name: "it's OWL", state: "DE-NW", hashtags: ["itsowl"] },
        { id: "biorn", name: "BioRN", state: "DE-BW", hashtags: ["biorn"] },
      ],
    }),
    [],
  );
  seed(t.store, [
    makePost({ text: "#Clusterwoche bei #itsowl" }),
    makePost({ text: "#Clusterwoche #biorn" }),
  ]);
  const logs: string[] = [];
  const log = pino({ level: "debug" }, { write: (line: string) => void logs.push(line) });
  const { admin = true, viewer = false, ...rest } = options;
  const { app, access } = createAppWithAccess({
    db: t.database.db,
    store: t.store,
    campaigns: CAMPAIGNS,
    version: "test",
    now: () => clock.now,
    log,
    access: {
      adminPasswordHash: admin ? parsePasswordHash(await hashPassword(ADMIN_PASSWORD, FAST)) : undefined,
      viewerPasswordHash: viewer ? parsePasswordHash(await hashPassword(VIEWER_PASSWORD, FAST)) : undefined,
      ...rest,
    },
  });
  await access.ready;
  return { app, access, t, logs, clock, close: () => t.database.close() };
}

/** A browser in miniature: keeps the cookies the app sets and sends them back. */
export class Client {
  readonly cookies = new Map<string, string>();
  /** The raw Set-Cookie headers of the last response. */
  lastSetCookie: string[] = [];
  constructor(
    private readonly app: Hono,
    private readonly base = "http://resonanz.test",
  ) {}

  async request(
    path: string,
    init: RequestInit & { headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (this.cookies.size > 0 && !headers.cookie)
      headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const res = await this.app.request(`${this.base}${path}`, { ...init, headers });
    this.lastSetCookie = res.headers.getSetCookie();
    for (const line of this.lastSetCookie) {
      const [pair = "", ...attrs] = line.split(";").map((s) => s.trim());
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const expired = attrs.some((a) => /^max-age=0$/i.test(a) || /^expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  get(path: string, headers: Record<string, string> = {}) {
    return this.request(path, { headers });
  }

  /** A same-origin form post, as a browser sends it. */
  postForm(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
    return this.request(path, {
      method: "POST",
      body: new URLSearchParams(fields).toString(),
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "sec-fetch-site": "same-origin",
        ...headers,
      },
    });
  }

  postJson(path: string, body: unknown, headers: Record<string, string> = {}) {
    return this.request(path, {
      method: "POST",
      body: JSON.stringify(body),
      headers: { "content-type": "application/json", "sec-fetch-site": "same-origin", ...headers },
    });
  }

  async login(password: string): Promise<Response> {
    return this.postForm("/login", { password });
  }

  /** The session's CSRF token, as a script gets it. */
  async csrf(): Promise<string> {
    const res = await this.get("/api/session");
    const body = (await res.json()) as { csrfToken?: string };
    if (!body.csrfToken) throw new Error(`no session: ${res.status}`);
    return body.csrfToken;
  }
}
