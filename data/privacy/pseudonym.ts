import { createHmac } from "node:crypto";

/**
 * Keyed pseudonyms (HMAC-SHA-256 with the install's secret). Keyed, not a
 * plain hash: handles are public, so a plain hash of one is found again by
 * hashing a list of handles; without the secret these cannot be linked back.
 * Each use has its own domain, so a pseudonym in an export cannot be matched
 * with the erasure log or with a pseudonymised author row.
 */
type Domain = "author" | "uid" | "remote-id" | "erasure-log" | "export-author" | "export-uid";

export function keyedHash(secret: string, domain: Domain, value: string): string {
  if (secret.length === 0) throw new Error("a pseudonym needs a non-empty secret");
  return createHmac("sha256", secret).update(`${domain}\u0000${value}`).digest("hex");
}

/** Prefix of every identity retention replaced: visible in tables, lists and exports. */
export const REDACTED_PREFIX = "entfernt";

/**
 * The handle an author row gets when retention removes the identity:
 * "entfernt-<16 hex>". Stable per platform and handle (the unique key of the
 * authors table stays unique: 64 bits make a collision negligible).
 */
export function redactedHandle(secret: string, platform: string, handle: string): string {
  return `${REDACTED_PREFIX}-${keyedHash(secret, "author", `${platform}\u0000${handle}`).slice(0, 16)}`;
}

/** A post's canonical uid after retention (it holds the author's handle or DID): still unique, not reversible. */
export function redactedUid(secret: string, uid: string): string {
  return `${REDACTED_PREFIX}:${keyedHash(secret, "uid", uid).slice(0, 32)}`;
}

/** A remote id (status id, at:// uri) after retention: with its instance it would lead back to the post. */
export function redactedRemoteId(secret: string, remoteId: string): string {
  return `${REDACTED_PREFIX}:${keyedHash(secret, "remote-id", remoteId).slice(0, 32)}`;
}

/**
 * The forms a person may type a handle in: "@user@host", "user@host",
 * "@name.bsky.social", with any case. Lower-cased and without a leading "@":
 * what the erasure log hashes, so the same person gives the same hash.
 */
export function normalizeHandle(handle: string): string {
  return handle.trim().replace(/^@+/, "").toLowerCase();
}

/** The erasure log's record of a handle: recomputable by the operator from the handle, never reversible. */
export function erasureLogHash(secret: string, handle: string): string {
  return keyedHash(secret, "erasure-log", normalizeHandle(handle));
}

/** An author in a pseudonymised export: "autor-<12 hex>", stable across exports, so authors can be counted. */
export function exportAuthorPseudonym(secret: string, platform: string, handle: string): string {
  return `autor-${keyedHash(secret, "export-author", `${platform}\u0000${handle}`).slice(0, 12)}`;
}

/** A post's uid in a pseudonymised export: stable, so two exports can be joined, but not the post's address. */
export function exportUidPseudonym(secret: string, uid: string): string {
  return `beitrag-${keyedHash(secret, "export-uid", uid).slice(0, 20)}`;
}

/**
 * Replaces mentions of people in a text by "@…": "@user@host" (fediverse),
 * "@name.bsky.social" and "@name" (Bluesky, X, Instagram), also inside a
 * profile link ("https://host/@user/123" → "https://host/@…/123"). An e-mail
 * address ("info@example.org") is no mention: an "@" right after a letter,
 * digit, "_" or "." is left alone. Hashtags and the rest of the text stay.
 */
export function maskMentions(text: string): string {
  return text.replace(MENTION, "$1@…");
}

const NAME = String.raw`[\p{L}\p{N}_]+(?:[.\-][\p{L}\p{N}_]+)*`;
const MENTION = new RegExp(String.raw`(^|[^\p{L}\p{N}_.@])@${NAME}(?:@${NAME})?`, "gu");
