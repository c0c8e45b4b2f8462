import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";

/**
 * Password hashes as one string, `scrypt$N$r$p$saltB64$hashB64` (what
 * `npm run hash-password` prints and RESONANZ_ADMIN_PASSWORD_HASH takes).
 * scrypt from node:crypto: memory-hard, no dependency. The default cost
 * (N=2^15, r=8, p=1: 32 MiB, ~0.1 s here) makes guessing slow without making
 * a login slow; stronger parameters in a given hash are honoured.
 */
export interface PasswordHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

export const DEFAULT_SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

export class PasswordHashError extends Error {
  override name = "PasswordHashError";
}

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }, length: number) {
  // scrypt needs 128·N·r bytes; allow that plus headroom instead of Node's 32 MiB default.
  const options: ScryptOptions = {
    ...params,
    maxmem: 128 * params.N * params.r * params.p + 32 * 1024 * 1024,
  };
  return new Promise<Buffer>((resolve, reject) =>
    scrypt(password.normalize("NFC"), salt, length, options, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** A new hash string with a random 16-byte salt. */
export async function hashPassword(
  password: string,
  params: { N: number; r: number; p: number } = DEFAULT_SCRYPT,
): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, params, KEY_LENGTH);
  return formatPasswordHash({ ...params, salt, hash });
}

export function formatPasswordHash(h: PasswordHash): string {
  return `scrypt$${h.N}$${h.r}$${h.p}$${h.salt.toString("base64")}$${h.hash.toString("base64")}`;
}

/** Parses a hash string; throws PasswordHashError saying what is wrong (never echoing the value). */
export function parsePasswordHash(text: string): PasswordHash {
  const parts = text.trim().split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt")
    throw new PasswordHashError(
      "must look like scrypt$N$r$p$salt$hash (print one with npm run hash-password)",
    );
  const [N, r, p] = parts.slice(1, 4).map((v) => (/^\d{1,10}$/.test(v ?? "") ? Number(v) : Number.NaN));
  if (!N || !r || !p || N < 2 || (N & (N - 1)) !== 0 || N > 2 ** 22 || r > 64 || p > 16)
    throw new PasswordHashError("N must be a power of two up to 2^22, r at most 64, p at most 16");
  const b64 = /^[A-Za-z0-9+/]+={0,2}$/;
  if (!b64.test(parts[4] ?? "") || !b64.test(parts[5] ?? ""))
    throw new PasswordHashError("salt and hash must be base64");
  const salt = Buffer.from(parts[4] as string, "base64");
  const hash = Buffer.from(parts[5] as string, "base64");
  if (salt.length < 8 || hash.length < 16) throw new PasswordHashError("salt or hash is too short");
  return { N, r, p, salt, hash };
}

/** Constant-time check of a password against a parsed hash. */
export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  // Bound the work an attacker can cause with a huge password.
  if (password.length > 1024) return false;
  const key = await derive(password, stored.salt, stored, stored.hash.length);
  return timingSafeEqual(key, stored.hash);
}
