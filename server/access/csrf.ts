import { hmac, safeEqual } from "./tokens.ts";

/**
 * Synchronizer tokens: HMAC(secret, session id). Bound to the session, so a
 * token from another session (or from before a new login) is refused; nothing
 * to store. Forms carry it in a hidden `_csrf` field, scripts in the
 * `x-csrf-token` header. Together with the SameSite=Strict cookie and the
 * Sec-Fetch-Site check this is defence in depth, not one lock.
 */
export const CSRF_FIELD = "_csrf";
export const CSRF_HEADER = "x-csrf-token";

export function csrfToken(secret: Buffer, sessionId: string): string {
  return hmac(secret, "csrf", sessionId);
}

export function verifyCsrfToken(secret: Buffer, sessionId: string, given: string | undefined): boolean {
  if (!given || given.length > 200) return false;
  return safeEqual(csrfToken(secret, sessionId), given);
}
