import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import type { Logger } from "pino";
import { z } from "zod";
import type { PostAnalyzer } from "../../data/analysis/analyze-post.ts";
import { textHashtags } from "../../data/analysis/attribution-text.ts";
import { normalizeTag } from "../../data/campaign.ts";
import { PLATFORMS } from "../../data/filters.ts";
import { normalizeTimestamp } from "../../data/time.ts";
import { loadAnalysis } from "../analysis.ts";
import { loadConfig } from "../config.ts";
import { configPathFromEnv } from "../runtime.ts";
import { UsageError } from "./usage-error.ts";

const MAX_TEXT = 100_000;

const inputSchema = z
  .object({
    text: z.string().max(MAX_TEXT, `must be at most ${MAX_TEXT} characters`),
    platform: z.enum(PLATFORMS).optional(),
    lang: z.string().max(35).nullable().optional(),
    /** When the post was written (ISO); event links depend on the day. Default: now. */
    createdAt: z.string().max(40).optional(),
  })
  .passthrough();

export interface AnalyzeOutput {
  lang: string | null;
  sentiment: { score: number; label: string };
  clusters: { id: string; matchedBy: string }[];
  hashtags: string[];
  events: string[];
}

/**
 * One input line to one output object, or an error naming the field. Pure
 * given the analyzer: the same analysis ingest runs, nothing stored.
 */
export function analyzeLine(
  line: string,
  analyze: PostAnalyzer,
  now: Date,
): AnalyzeOutput | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { error: "not a JSON object" };
  }
  const parsed = inputSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { error: `${issue?.path.join(".") || "line"}: ${issue?.message ?? "invalid"}` };
  }
  const { text, lang, createdAt } = parsed.data;
  const when = createdAt === undefined ? now.toISOString() : normalizeTimestamp(createdAt);
  if (!when) return { error: "createdAt: not an ISO timestamp" };
  const hashtags = [...new Set(textHashtags(text).map(normalizeTag))];
  const a = analyze({ text, lang: lang ?? null, hashtags, createdAt: when });
  return {
    lang: a.lang,
    sentiment: { score: a.sentiment.score, label: a.sentiment.label },
    clusters: a.clusters.map((c) => ({ id: c.id, matchedBy: c.matchedBy })),
    hashtags,
    events: a.events,
  };
}

/**
 * `npm run analyze -- FILE`: dry-runs the analysis of the configured registry,
 * events and lexicons on texts, one JSON object a line in, one a line out (an
 * input line that is not usable gets `{"line","error"}` in its place). FILE
 * `-` reads stdin; blank lines are skipped. Nothing is stored. Exit 0 when
 * every line was analysed, 1 when some were not, 2 on a usage error.
 */
export async function analyzeCommand(
  file: string | undefined,
  env: NodeJS.ProcessEnv,
  log: Logger,
  out: (line: string) => void,
  now: () => Date = () => new Date(),
): Promise<number> {
  if (!file) throw new UsageError("FILE is required: JSON lines to analyse (- reads standard input)");
  const config = loadConfig(configPathFromEnv(env));
  const { analyze } = loadAnalysis(config);
  if (file !== "-") {
    try {
      if ((await stat(file)).isDirectory()) throw new UsageError(`${file} is a directory`);
    } catch (err) {
      if (err instanceof UsageError) throw err;
      throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  }
  const input = file === "-" ? process.stdin : createReadStream(file, { encoding: "utf8" });
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let n = 0;
  let failed = 0;
  let analysed = 0;
  for await (const raw of lines) {
    n++;
    const line = n === 1 ? raw.replace(/^\uFEFF/, "") : raw;
    if (line.trim() === "") continue;
    const result = analyzeLine(line, analyze, now());
    if ("error" in result) {
      failed++;
      out(JSON.stringify({ line: n, error: result.error }));
    } else {
      analysed++;
      out(JSON.stringify(result));
    }
  }
  log.info({ analysed, failed }, "analysis dry run finished");
  return failed > 0 ? 1 : 0;
}
