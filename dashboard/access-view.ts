import type { Context } from "hono";

/**
 * Who is asking, as the pages need it: set by the access middleware
 * (server/access/guard.ts) on every request. Pages put `csrfToken` into their
 * POST forms (`<CsrfField />` in components/layout.tsx does it); a page
 * rendered without the middleware (unit tests) sees ANONYMOUS.
 */
export interface AccessView {
  role: "admin" | "viewer" | "share" | null;
  /** The session's synchronizer token; null without a session. */
  csrfToken: string | null;
  /** Whether a login exists at all (an admin or viewer password is set). */
  loginAvailable: boolean;
  /** A share session's scope: the pages link only within it. */
  shareScope: { campaign: string; cluster: string | null } | null;
}

export const ANONYMOUS: AccessView = { role: null, csrfToken: null, loginAvailable: false, shareScope: null };

declare module "hono" {
  interface ContextVariableMap {
    access: AccessView;
  }
}

/** The request's access view (ANONYMOUS when no access middleware ran). */
export function accessView(c: Context): AccessView {
  return c.get("access") ?? ANONYMOUS;
}
