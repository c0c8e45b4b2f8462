import { writeFileSync } from "node:fs";
import { join } from "node:path";

/** A config file in `dir` for the 2017 Clusterwoche, collecting from the given Mastodon instances; `extra` is merged in. */
export function writeMastodonConfig(dir: string, instances: string[], extra: object = {}): string {
  const path = join(dir, "config.json");
  writeFileSync(
    path,
    JSON.stringify({
      campaigns: [
        {
          id: "cw-2017",
          name: "Clusterwoche 2017",
          hashtags: ["Clusterwoche"],
          start: "2017-04-20",
          end: "2017-04-28",
        },
      ],
      sources: { mastodon: { instances } },
      ...extra,
    }),
  );
  return path;
}
