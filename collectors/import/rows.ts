import type { NormalizedPost } from "../types.ts";
import type { Checked } from "./fields.ts";
import type { ImportPlatform, ParseResult, RowError } from "./types.ts";

/** What a parser knows about one row; `makePost` fills in the rest the same way for every format. */
export interface PostFields {
  /** The part after "platform:" in the uid: the post's id, permalink or media path. */
  key: string;
  remoteId: string;
  url: string | null;
  createdAt: string;
  text: string;
  lang: string | null;
  author: { handle: string; name: string | null; url: string | null; followers: number };
  counts: { likes: number; reposts: number; replies: number; quotes: number };
  hashtags: string[];
}

/**
 * Counts in an export come from the platform itself, so they are "from the
 * origin" and a re-import replaces them (and never adds a post: the uid is the
 * platform's own id or link). Edits are unknown to exports.
 */
export function makePost(platform: ImportPlatform, f: PostFields): NormalizedPost {
  return {
    uid: `${platform}:${f.key}`,
    platform,
    originInstance: hostOfUrl(f.url),
    url: f.url,
    remoteId: f.remoteId,
    createdAt: f.createdAt,
    editedAt: null,
    text: f.text,
    lang: f.lang,
    author: f.author,
    counts: f.counts,
    countsFromOrigin: true,
    hashtags: f.hashtags,
  };
}

function hostOfUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).host.toLowerCase() || null;
  } catch {
    return null;
  }
}

/** Collects one row's problems; the row is rejected when there is any. */
export class RowProblems {
  readonly list: string[] = [];
  /** Names the row in its message where the line alone does not, e.g. "tweet 8550…". */
  about: string | null = null;

  /** The checked value, or `fallback` after noting the problem. */
  take<T>(checked: Checked<T>, fallback: T): T {
    if (checked.ok) return checked.value;
    this.list.push(checked.message);
    return fallback;
  }

  add(message: string): void {
    this.list.push(message);
  }

  get any(): boolean {
    return this.list.length > 0;
  }
}

/**
 * Gathers a file's posts and row errors. The same post twice in one file (an
 * export spanning overlapping periods) is kept once — the first row — and the
 * later row is reported, so a re-import of the file stays idempotent.
 */
export class ParseCollector {
  private readonly posts: NormalizedPost[] = [];
  private readonly errors: RowError[] = [];
  private readonly seen = new Map<string, number>();

  constructor(initialErrors: readonly RowError[] = []) {
    this.errors.push(...initialErrors);
  }

  reject(line: number, message: string): void {
    this.errors.push({ line, message });
  }

  /** Adds the row's post unless the row had problems or repeats an earlier row's post. */
  row(line: number, problems: RowProblems, build: () => NormalizedPost): void {
    const about = problems.about ? `${problems.about}: ` : "";
    if (problems.any) {
      this.reject(line, about + problems.list.join("; "));
      return;
    }
    const post = build();
    const first = this.seen.get(post.uid);
    if (first !== undefined) {
      this.reject(line, `${about}the same post as line ${first}: skipped`);
      return;
    }
    this.seen.set(post.uid, line);
    this.posts.push(post);
  }

  result(): ParseResult {
    return { posts: this.posts, errors: [...this.errors].sort((a, b) => a.line - b.line) };
  }
}
