/** A campaign as configured: calendar days in its own timezone, both inclusive. */
export interface Campaign {
  id: string;
  name: string;
  hashtags: string[];
  start: string;
  end: string;
  timezone: string;
}

/** Lower-cased, NFC, without a leading "#": the form Mastodon's `tags[].name` uses. */
export function normalizeTag(tag: string): string {
  return tag.replace(/^#+/, "").normalize("NFC").toLowerCase();
}

/** Year-suffixed variants are the same campaign tag: #Clusterwoche2017, #clusterwoche19. */
const YEAR_SUFFIX = /^(\d{2}|\d{4})$/;

export function tagMatchesCampaign(tag: string, hashtags: readonly string[]): boolean {
  const t = normalizeTag(tag);
  return hashtags.some((h) => {
    const base = normalizeTag(h);
    return t === base || (t.startsWith(base) && YEAR_SUFFIX.test(t.slice(base.length)));
  });
}

/** SQL GLOB patterns equivalent to tagMatchesCampaign, for query-time matching. */
export function campaignTagGlobs(hashtags: readonly string[]): string[] {
  return hashtags.flatMap((h) => {
    const base = normalizeTag(h);
    return [base, `${base}[0-9][0-9]`, `${base}[0-9][0-9][0-9][0-9]`];
  });
}
