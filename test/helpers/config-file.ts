import { writeFileSync } from "node:fs";
import { join } from "node:path";

/** The 2017 Clusterwoche as the test configs name it. */
export const TEST_CAMPAIGN = {
  id: "cw-2017",
  name: "Clusterwoche 2017",
  hashtags: ["Clusterwoche"],
  start: "2017-04-20",
  end: "2017-04-28",
};

/** A config file `dir/name` for the test campaign with `body` (sources, http, …); returns its path. */
export function writeTestConfig(dir: string, body: object = {}, name = "config.json"): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ campaigns: [TEST_CAMPAIGN], sources: {}, ...body }));
  return path;
}

/** The same, collecting from the given Mastodon instances; `extra` is merged in. */
export function writeMastodonConfig(dir: string, instances: string[], extra: object = {}): string {
  return writeTestConfig(dir, { sources: { mastodon: { instances } }, ...extra });
}
