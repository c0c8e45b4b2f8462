import type { DB } from "../../data/db.ts";
import type { ShareScope } from "./scope.ts";
import { randomToken, sha256Hex } from "./tokens.ts";

export type Role = "admin" | "viewer" | "share";

export interface Session {
  role: Role;
  /** SHA-256 hex of the cookie token: the session's id (CSRF tokens are bound to it). */
  id: string;
  /** The share link's scope; null for admin and viewer sessions. */
  scope: ShareScope | null;
  shareLinkId: number | null;
  expiresAt: string;
}

export interface SessionStore {
  /** A new session; the token goes into the cookie and nowhere else. */
  create(role: Role, shareLinkId?: number): Promise<{ token: string; session: Session }>;
  /** The live session for a cookie token, its expiry moved forward; null when unknown or expired. */
  lookup(token: string): Promise<Session | null>;
  destroy(token: string): Promise<void>;
}

export const DEFAULT_SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** Sliding expiry is written at most this often, not on every request. */
const TOUCH_EVERY_MS = 60 * 1000;

/** The audit actor of a session: role plus the first 8 hex digits of its id (never the token). */
export function actorOf(session: Session | null): string {
  return session ? `${session.role}:${session.id.slice(0, 8)}` : "anonymous";
}

export function createSessionStore(deps: { db: DB; now: () => Date; ttlMs?: number }): SessionStore {
  const ttl = deps.ttlMs ?? DEFAULT_SESSION_TTL_MS;
  const { db } = deps;

  return {
    async create(role, shareLinkId) {
      const now = deps.now();
      // Expired sessions go when someone logs in: cheap and keeps the table small.
      await db.deleteFrom("sessions").where("expires_at", "<=", now.toISOString()).execute();
      const token = randomToken(32);
      const id = sha256Hex(token);
      const expiresAt = new Date(now.getTime() + ttl).toISOString();
      await db
        .insertInto("sessions")
        .values({
          token_hash: id,
          role,
          share_link_id: shareLinkId ?? null,
          created_at: now.toISOString(),
          last_seen_at: now.toISOString(),
          expires_at: expiresAt,
        })
        .execute();
      let scope: ShareScope | null = null;
      if (shareLinkId !== undefined) {
        const link = await db
          .selectFrom("share_links")
          .select(["campaign", "cluster"])
          .where("id", "=", shareLinkId)
          .executeTakeFirstOrThrow();
        scope = { campaign: link.campaign, cluster: link.cluster };
      }
      return { token, session: { role, id, scope, shareLinkId: shareLinkId ?? null, expiresAt } };
    },

    async lookup(token) {
      if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
      const id = sha256Hex(token);
      const now = deps.now();
      const nowIso = now.toISOString();
      // The lookup is by the hash (an index probe, not a comparison an attacker could time).
      const row = await db
        .selectFrom("sessions as s")
        .leftJoin("share_links as l", "l.id", "s.share_link_id")
        .select([
          "s.role",
          "s.share_link_id",
          "s.last_seen_at",
          "s.expires_at",
          "l.campaign",
          "l.cluster",
          "l.expires_at as link_expires_at",
          "l.revoked_at",
        ])
        .where("s.token_hash", "=", id)
        .executeTakeFirst();
      if (!row || row.expires_at <= nowIso) return null;
      // A share session ends with its link: revoking or expiry takes effect at once.
      if (row.role === "share") {
        if (!row.campaign || row.revoked_at !== null || !row.link_expires_at || row.link_expires_at <= nowIso)
          return null;
      }
      let expiresAt = row.expires_at;
      if (now.getTime() - Date.parse(row.last_seen_at) >= TOUCH_EVERY_MS) {
        expiresAt = new Date(now.getTime() + ttl).toISOString();
        await db
          .updateTable("sessions")
          .set({ last_seen_at: nowIso, expires_at: expiresAt })
          .where("token_hash", "=", id)
          .execute();
      }
      return {
        role: row.role,
        id,
        scope: row.role === "share" && row.campaign ? { campaign: row.campaign, cluster: row.cluster } : null,
        shareLinkId: row.share_link_id,
        expiresAt,
      };
    },

    async destroy(token) {
      if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return;
      await db.deleteFrom("sessions").where("token_hash", "=", sha256Hex(token)).execute();
    },
  };
}
