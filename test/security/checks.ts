/**
 * What a response from this app must never contain, as pure checks that
 * return the problems found (empty when the response is clean), so one test
 * can report every problem of hundreds of requests at once.
 */

const ROOT = process.cwd();

/** Traces of an internal error: a stack frame, a source path, an internal error class. */
const LEAKS: [string, RegExp][] = [
  ["stack frame", /\n\s+at \S[^\n]*(?:\(|\s)[^\n]*:\d+:\d+/],
  ["source path", /\.(?:tsx?|mjs|cjs):\d+/],
  ["node_modules path", /node_modules/],
  ["working directory", new RegExp(ROOT.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))],
  ["internal error class", /\b(?:SqliteError|ZodError|TypeError|RangeError|ReferenceError|URIError)\b/],
  ["SQLite message", /SQLITE_[A-Z]+|no such (?:table|column)|syntax error near|fts5: syntax error/i],
  ["passwd content", /root:x:0:0/],
];

export function leakProblems(body: string): string[] {
  return LEAKS.filter(([, re]) => re.test(body)).map(([name]) => `body shows ${name}`);
}

/** Tags a post, a name or a query value could smuggle in; the app writes none of them. */
const FORBIDDEN_TAGS = new Set([
  "iframe",
  "frame",
  "frameset",
  "object",
  "embed",
  "applet",
  "img",
  "svg",
  "math",
  "base",
  "style",
  "x-pwn",
  "x-fz",
  "mglyph",
  "video",
  "audio",
  "source",
  "portal",
]);

const URL_ATTRS = new Set([
  "href",
  "src",
  "action",
  "formaction",
  "data",
  "xlink:href",
  "poster",
  "background",
]);

/** The attribute value as a browser would read it: entities decoded, control characters and spaces gone. */
function decodeAttr(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&#(\d+);?/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

interface Tag {
  name: string;
  attrs: Map<string, string>;
  raw: string;
}

const TAG = /<([a-zA-Z][\w:-]*)([^>]*)>/g;
const ATTR = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;

export function tagsOf(html: string): Tag[] {
  const tags: Tag[] = [];
  for (const m of html.matchAll(TAG)) {
    const attrs = new Map<string, string>();
    for (const a of (m[2] ?? "").matchAll(ATTR)) {
      const name = (a[1] ?? "").toLowerCase();
      attrs.set(name, decodeAttr(a[2] ?? a[3] ?? a[4] ?? ""));
    }
    tags.push({ name: (m[1] ?? "").toLowerCase(), attrs, raw: m[0] });
  }
  return tags;
}

/** JSON data blocks (<script type="application/json">): their text must carry no raw "<". */
const JSON_SCRIPT = /<script type="application\/json"[^>]*>([\s\S]*?)<\/script>/g;

/**
 * Structural checks on a rendered HTML page: every script is one of the app's
 * own files or a JSON data block, no event handler or inline style attribute,
 * no script-capable URL, no tag the app never writes, no foreign stylesheet,
 * no meta refresh, forms post to the app, links that open a new window are
 * rel="noopener nofollow".
 */
export function htmlProblems(html: string): string[] {
  const problems: string[] = [];
  for (const m of html.matchAll(JSON_SCRIPT)) {
    if (/[<>]/.test(m[1] ?? "")) problems.push("a JSON data block contains a raw < or >");
  }
  const withoutJson = html.replace(JSON_SCRIPT, '<script type="application/json"></script>');
  for (const t of tagsOf(withoutJson)) {
    const short = t.raw.length > 120 ? `${t.raw.slice(0, 120)}…` : t.raw;
    if (FORBIDDEN_TAGS.has(t.name)) problems.push(`forbidden tag <${t.name}>: ${short}`);
    if (t.name === "script") {
      const src = t.attrs.get("src");
      const type = t.attrs.get("type");
      if (!(src?.startsWith("/assets/") || type === "application/json"))
        problems.push(`script that is not an app asset: ${short}`);
    }
    if (t.name === "link") {
      const rel = t.attrs.get("rel");
      const href = t.attrs.get("href") ?? "";
      if (!((rel === "stylesheet" && href.startsWith("/assets/")) || (rel === "icon" && href === "data:,")))
        problems.push(`foreign <link>: ${short}`);
    }
    if (t.name === "meta" && t.attrs.has("http-equiv")) problems.push(`<meta http-equiv>: ${short}`);
    if (t.name === "form") {
      const action = t.attrs.get("action") ?? "";
      if (!action.startsWith("/") || action.startsWith("//"))
        problems.push(`form posting elsewhere: ${short}`);
    }
    for (const [name, value] of t.attrs) {
      if (name.startsWith("on")) problems.push(`event handler attribute ${name}: ${short}`);
      if (name === "style") problems.push(`inline style attribute: ${short}`);
      if (name === "srcdoc") problems.push(`srcdoc attribute: ${short}`);
      if (URL_ATTRS.has(name)) {
        // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers drop these before the scheme
        const url = value.replace(/[\u0000-\u0020]/g, "").toLowerCase();
        if (/^(?:javascript|vbscript|data):/.test(url) && !(t.name === "link" && url === "data:,"))
          problems.push(`${name} with a script-capable URL: ${short}`);
        if (url.startsWith("//")) problems.push(`${name} with a protocol-relative URL: ${short}`);
      }
    }
    if (t.name === "a" && /^https?:/i.test(t.attrs.get("href") ?? "")) {
      const rel = (t.attrs.get("rel") ?? "").split(/\s+/);
      if (!rel.includes("noopener") || !rel.includes("nofollow"))
        problems.push(`external link without rel="noopener nofollow": ${short}`);
    }
  }
  return problems;
}

/** The security headers every HTML response carries (dashboard/page-headers.ts, dashboard/wall-headers.ts). */
export function headerProblems(headers: Headers): string[] {
  const problems: string[] = [];
  const csp = headers.get("content-security-policy") ?? "";
  if (!csp) problems.push("no Content-Security-Policy header");
  else {
    if (!/script-src 'self'(;|$)/.test(csp)) problems.push(`CSP script-src is not 'self' only: ${csp}`);
    if (/unsafe-inline|unsafe-eval/.test(csp)) problems.push(`CSP allows unsafe-*: ${csp}`);
    if (!/object-src 'none'/.test(csp)) problems.push(`CSP without object-src 'none': ${csp}`);
    if (!/base-uri 'none'/.test(csp)) problems.push(`CSP without base-uri 'none': ${csp}`);
  }
  if (headers.get("x-content-type-options") !== "nosniff")
    problems.push("no X-Content-Type-Options: nosniff");
  return problems;
}

/** Is this an HTML response? */
export function isHtml(res: Response): boolean {
  return (res.headers.get("content-type") ?? "").startsWith("text/html");
}
