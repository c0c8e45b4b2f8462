import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** Small crypto helpers shared by sessions, share links and CSRF tokens (node:crypto only). */

/** `bytes` random bytes as base64url (32 bytes: 43 characters). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/** Lower-case hex SHA-256: what is stored instead of a token. */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** HMAC-SHA256 of a purpose-prefixed message, base64url. The purpose keeps one use's MAC from serving another. */
export function hmac(secret: Buffer, purpose: string, message: string): string {
  return createHmac("sha256", secret).update(`${purpose}\0${message}`).digest("base64url");
}

/** Constant-time string equality (hashing first: timingSafeEqual wants equal lengths). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}
