import { randomBytes } from "node:crypto";
import type { DB } from "../../data/db.ts";

/** The access_settings key of the generated secret. */
const SECRET_KEY = "secret";
export const MIN_SECRET_LENGTH = 32;

export class SecretError extends Error {
  override name = "SecretError";
}

/**
 * The server secret that signs share links and CSRF tokens: RESONANZ_SECRET
 * when set (at least 32 characters, e.g. `openssl rand -base64 32`), else one
 * generated on the first start and kept in the database, so links survive a
 * restart. Anyone who can read the database file can then read the secret;
 * set RESONANZ_SECRET to keep it out of backups. Changing it invalidates
 * every share link and every open form.
 */
export async function resolveSecret(db: DB, fromEnv: string | undefined): Promise<Buffer> {
  if (fromEnv !== undefined && fromEnv !== "") {
    if (fromEnv.length < MIN_SECRET_LENGTH)
      throw new SecretError(`RESONANZ_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
    return Buffer.from(fromEnv, "utf8");
  }
  const fresh = randomBytes(32).toString("base64url");
  // INSERT OR IGNORE: two processes starting at once end up with the same secret.
  await db
    .insertInto("access_settings")
    .values({ key: SECRET_KEY, value: fresh })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
  const row = await db
    .selectFrom("access_settings")
    .select("value")
    .where("key", "=", SECRET_KEY)
    .executeTakeFirstOrThrow();
  return Buffer.from(row.value, "utf8");
}
