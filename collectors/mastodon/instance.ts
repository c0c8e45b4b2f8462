import { z } from "zod";
import type { HttpClient, RequestStats } from "../http.ts";

export type FeedAccess = "public" | "authenticated" | "disabled" | "unknown";

export interface HashtagAccess {
  /** Posts made on the instance itself. */
  local: FeedAccess;
  /** Posts federated in from elsewhere. */
  remote: FeedAccess;
}

const access = z.enum(["public", "authenticated", "disabled"]).catch("public");

const instanceSchema = z.looseObject({
  configuration: z
    .looseObject({
      timelines_access: z
        .looseObject({ hashtag_feeds: z.looseObject({ local: access, remote: access }).optional() })
        .optional(),
    })
    .optional(),
});

/**
 * What an instance lets anonymous clients read on hashtag timelines. Mastodon
 * 4.5 publishes it in `/api/v2/instance` (`configuration.timelines_access`);
 * older servers say nothing, and then "unknown" means: try, and a 401 tells.
 */
export async function fetchHashtagAccess(
  http: HttpClient,
  instance: string,
  opts: { signal: AbortSignal; stats: RequestStats },
): Promise<HashtagAccess> {
  try {
    const res = await http.get(new URL("/api/v2/instance", instance).toString(), opts);
    const parsed = instanceSchema.safeParse(JSON.parse(res.body));
    const feeds = parsed.success ? parsed.data.configuration?.timelines_access?.hashtag_feeds : undefined;
    return feeds ? { local: feeds.local, remote: feeds.remote } : { local: "unknown", remote: "unknown" };
  } catch (err) {
    if ((err as Error).name === "AbortedError") throw err;
    return { local: "unknown", remote: "unknown" };
  }
}

/** The instance lets anonymous clients read nothing of its hashtag timelines. */
export class LoginRequiredError extends Error {
  override name = "LoginRequiredError";
  constructor(host: string, detail: string) {
    super(`login required: ${host} shows its hashtag timelines to logged-in users only (${detail})`);
  }
}
