import type { DB } from "../../data/db.ts";
import type { ShareScope } from "./scope.ts";
import { hmac, randomToken, safeEqual, sha256Hex } from "./tokens.ts";

/**
 * Share links: `/s/<id>.<signature>`, id = 18 random bytes, signature =
 * HMAC(secret, id). A forged or mistyped token is refused by its signature
 * before the database is asked; a genuine one is looked up by its SHA-256
 * (the token itself is shown once, when it is created, and never stored).
 */
export const MAX_SHARE_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface ShareLinkRow {
  id: number;
  campaign: string;
  cluster: string | null;
  label: string | null;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  createdBy: string;
}

export type OpenedLink =
  | { status: "ok"; link: ShareLinkRow }
  | { status: "invalid" }
  | { status: "expired"; link: ShareLinkRow }
  | { status: "revoked"; link: ShareLinkRow };

export function signShareToken(secret: Buffer, id: string): string {
  return `${id}.${hmac(secret, "share-link", id)}`;
}

/** Whether the token is well-formed and signed with this secret (constant-time). */
export function verifyShareToken(secret: Buffer, token: string): boolean {
  const m = /^([A-Za-z0-9_-]{24})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m?.[1] || !m[2]) return false;
  return safeEqual(hmac(secret, "share-link", m[1]), m[2]);
}

export interface ShareLinks {
  create(input: ShareScope & { label: string | null; days: number; createdBy: string }): Promise<{
    token: string;
    link: ShareLinkRow;
  }>;
  open(token: string): Promise<OpenedLink>;
  revoke(id: number): Promise<ShareLinkRow | null>;
  list(): Promise<ShareLinkRow[]>;
}

export function createShareLinks(deps: {
  db: DB;
  now: () => Date;
  secret: () => Promise<Buffer>;
}): ShareLinks {
  const { db } = deps;
  const byId = async (id: number) => {
    const r = await db.selectFrom("share_links").selectAll().where("id", "=", id).executeTakeFirst();
    return r ? toRow(r) : null;
  };
  return {
    async create(input) {
      if (!Number.isInteger(input.days) || input.days < 1 || input.days > MAX_SHARE_DAYS)
        throw new RangeError(`days must be 1 to ${MAX_SHARE_DAYS}`);
      const token = signShareToken(await deps.secret(), randomToken(18));
      const now = deps.now();
      const { id } = await db
        .insertInto("share_links")
        .values({
          token_hash: sha256Hex(token),
          campaign: input.campaign,
          cluster: input.cluster,
          label: input.label,
          created_at: now.toISOString(),
          expires_at: new Date(now.getTime() + input.days * DAY_MS).toISOString(),
          revoked_at: null,
          created_by: input.createdBy,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return { token, link: (await byId(id)) as ShareLinkRow };
    },
    async open(token) {
      if (!verifyShareToken(await deps.secret(), token)) return { status: "invalid" };
      const r = await db
        .selectFrom("share_links")
        .selectAll()
        .where("token_hash", "=", sha256Hex(token))
        .executeTakeFirst();
      if (!r) return { status: "invalid" };
      const link = toRow(r);
      if (link.revokedAt !== null) return { status: "revoked", link };
      if (link.expiresAt <= deps.now().toISOString()) return { status: "expired", link };
      return { status: "ok", link };
    },
    async revoke(id) {
      await db
        .updateTable("share_links")
        .set({ revoked_at: deps.now().toISOString() })
        .where("id", "=", id)
        .where("revoked_at", "is", null)
        .execute();
      // Its sessions end now too (they are also checked against the link on every request).
      await db.deleteFrom("sessions").where("share_link_id", "=", id).execute();
      return byId(id);
    },
    async list() {
      const rows = await db.selectFrom("share_links").selectAll().orderBy("id", "desc").limit(500).execute();
      return rows.map(toRow);
    },
  };
}

function toRow(r: {
  id: number;
  campaign: string;
  cluster: string | null;
  label: string | null;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  created_by: string;
}): ShareLinkRow {
  return {
    id: r.id,
    campaign: r.campaign,
    cluster: r.cluster,
    label: r.label,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    createdBy: r.created_by,
  };
}
