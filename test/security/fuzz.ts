import { PAYLOADS } from "./payloads.ts";

/**
 * Deterministic hostile values for bounded fuzzing: a fixed catalogue of the
 * classic troublemakers (long strings, unicode oddities, SQL and FTS syntax,
 * path segments, numbers out of range, format strings, the XSS payloads),
 * then seeded random strings and mutations of valid values. The same seed
 * gives the same values, so a failure can be replayed.
 */

/** mulberry32: small, fast, good enough for test inputs. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A string seed → a number seed (FNV-1a), so each parameter gets its own stream. */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const KB100 = 100 * 1024;

/** A probe whose raw (unescaped) appearance in HTML means a reflection bug. */
export const REFLECTION_PROBE = `"'><x-fz a=1>`;

export const CATALOGUE: readonly string[] = [
  // empty and whitespace
  "",
  " ",
  "\t",
  "\n",
  "\r\n",
  "\u00a0",
  "\u3000",
  // control characters and NUL
  "\0",
  "a\0b",
  "%00",
  "its-owl\0",
  "de\0",
  "\u0007\u001b[31m",
  // very long (100 KB) in several encodings
  "a".repeat(KB100),
  "é".repeat(KB100 / 2),
  "💥".repeat(KB100 / 4),
  "<".repeat(KB100),
  `${"9".repeat(KB100)}`,
  // unicode oddities
  "\ud800",
  "\udfff",
  "a\ud83d",
  "\udc00\ud800",
  "\u202eevil\u202c",
  "\u200f\u200e\u200b\u2060",
  "e\u0301\u0301\u0301\u0301\u0301\u0301",
  "Z̸̢̛̛̖̗̘a̡̢̧̛̖̗l̢̛̖̗̘g̡̢̛̖o̢̧̖̗",
  "👨‍👩‍👧‍👦",
  "🏳️‍🌈",
  "\ufeffde",
  "\u2028\u2029",
  "\uffff\ufffe",
  "İ",
  "ß",
  "ＤＥ-ＮＷ",
  "２０１７-０４-２１",
  "٢٠١٧-٠٤-٢١",
  "𝟐𝟎𝟏𝟕-𝟎𝟒-𝟐𝟏",
  // SQL and FTS5 syntax
  "' OR 1=1 --",
  "' OR '1'='1",
  '"',
  "'",
  "*",
  "NEAR(",
  "NEAR(a b, 2)",
  "a OR b",
  "a AND NOT b",
  "-a",
  "^a",
  "text:a",
  '"unterminated',
  "(",
  ")",
  "'; DROP TABLE posts; --",
  "1; SELECT * FROM authors",
  "%",
  "_",
  "\\",
  "\\'",
  "a\\u0000",
  "{}",
  "[]",
  "null",
  "undefined",
  "true",
  '{"$gt":""}',
  // paths
  "../",
  "../../../../etc/passwd",
  "..%2f..%2f..%2fetc%2fpasswd",
  "%2e%2e%2f%2e%2e%2f",
  "%252e%252e%252f",
  "/etc/passwd",
  "....//....//etc/passwd",
  "..\\..\\windows\\win.ini",
  "C:\\Windows\\win.ini",
  "\\\\server\\share",
  "file:///etc/passwd",
  "/dev/zero",
  // numbers out of range and odd notations
  "0",
  "-1",
  "-0",
  "1.5",
  "1e2",
  "1e309",
  "-1e309",
  "Infinity",
  "NaN",
  "0x10",
  "0b11",
  "+5",
  " 5",
  "5 ",
  "٥",
  "１",
  "9007199254740993",
  "999999999999999",
  "1000000000000000",
  "00000000000000000001",
  "9".repeat(400),
  // dates
  "2017-02-30",
  "2017-13-01",
  "2017-00-10",
  "0000-01-01",
  "9999-12-31",
  "1970-01-01",
  "2017-04-21T00:00:00Z",
  "-002017-04-21",
  "+2017-04-21",
  "2017-4-21",
  "20170421",
  "2017-04-21\n",
  // prototype pollution and lookups
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "prototype",
  // header and format-string injection
  "a\r\nSet-Cookie: pwned=1",
  "%0d%0aX-Injected:%201",
  "%s%s%s%n",
  "{0}",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe
  "${7*7}",
  "#{7*7}",
  REFLECTION_PROBE,
  // values a route accepts, so the valid path runs too
  "de",
  "en",
  "hour",
  "day",
  "mastodon",
  "csv",
  "DE-NW",
  "its-owl",
  "xss-1",
  "clusterwoche-2017",
  "clusterwoche-2019",
  "positive",
  "semicolon",
  "asc",
  "engagement",
  "10",
  "1",
  "200",
  "2017-04-21",
  "2017-04-28",
  // the XSS catalogue
  ...PAYLOADS.map((p) => p.text),
];

const FRAGMENTS = [
  "a",
  "Z",
  "0",
  "9",
  "-",
  "_",
  ".",
  "/",
  "\\",
  "%",
  "%25",
  "%2e",
  "%2f",
  "%00",
  "&",
  "=",
  "?",
  "#",
  "+",
  " ",
  "'",
  '"',
  "`",
  "<",
  ">",
  "(",
  ")",
  "*",
  ";",
  ":",
  "\0",
  "\n",
  "\r",
  "\t",
  "ä",
  "ß",
  "é",
  "\u0301",
  "\u202e",
  "\u200d",
  "\ufeff",
  "\ud800",
  "\udc00",
  "😀",
  "👩‍💻",
  "中",
  "ع",
  "NEAR",
  "OR",
  "AND",
  "NOT",
  "SELECT",
  "--",
  "/*",
  "*/",
  "..",
  "../",
  "<script>",
  "onerror=",
  "javascript:",
  "DE-",
  "2017-",
  "04-",
  "21",
  "e9",
  "Infinity",
];

const VALID = [
  "2017-04-21",
  "2017-04-28",
  "its-owl",
  "clusterwoche-2017",
  "mastodon",
  "DE-NW",
  "de",
  "hour",
  "10",
  "positive",
  "MjAxNy0wNC0yMVQxMDowMDowMC4wMDBafDE",
];

/**
 * `n` hostile values for a parameter: the catalogue first (cut to `n` when
 * smaller), then seeded random strings and mutations of valid values.
 */
export function hostileValues(seedText: string, n: number): string[] {
  const random = prng(seedOf(seedText));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const out = CATALOGUE.length > n ? spread(CATALOGUE, n, random) : [...CATALOGUE];
  while (out.length < n) {
    const kind = random();
    if (kind < 0.45) {
      const len = 1 + Math.floor(random() ** 2 * 60);
      let s = "";
      for (let i = 0; i < len; i++) s += pick(FRAGMENTS);
      out.push(s);
    } else if (kind < 0.9) {
      out.push(mutate(pick(VALID), random, pick));
    } else {
      // A long random run: 1 to 100 KB.
      const unit = pick(FRAGMENTS);
      out.push(unit.repeat(Math.ceil((1024 + random() * (KB100 - 1024)) / unit.length)));
    }
  }
  return out;
}

/** `n` entries of `list`, spread over all of it (so every class is represented), in a seeded order. */
function spread(list: readonly string[], n: number, random: () => number): string[] {
  const step = list.length / n;
  const offset = random() * step;
  return Array.from({ length: n }, (_, i) => list[Math.floor(offset + i * step)] as string);
}

function mutate(value: string, random: () => number, pick: <T>(l: readonly T[]) => T): string {
  let s = value;
  const edits = 1 + Math.floor(random() * 3);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(random() * (s.length + 1));
    const op = random();
    if (op < 0.35) s = s.slice(0, at) + pick(FRAGMENTS) + s.slice(at);
    else if (op < 0.6) s = s.slice(0, at) + s.slice(at + 1);
    else if (op < 0.85) s = s.slice(0, at) + pick(FRAGMENTS) + s.slice(at + 1);
    else s = s + s;
  }
  return s;
}

/** Names for unknown parameters. */
export const UNKNOWN_PARAMS = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "a[b]",
  "a[]",
  "x".repeat(2000),
  "%00",
  "\u202e",
  "<script>",
  "callback",
  "jsonp",
  "format",
  "debug",
  "admin",
  "_method",
];

/**
 * Query strings written by hand, not by URLSearchParams: malformed percent
 * escapes, invalid UTF-8, repeated and bracketed keys, keys without values.
 */
export const RAW_QUERIES = [
  "campaign=%",
  "campaign=%E0%A4%A",
  "campaign=%ED%A0%80",
  "campaign=%C0%AF",
  "campaign=%FF%FE",
  "cluster=%zz",
  "from=%",
  "lang=%",
  "q=%",
  "a=%%%%",
  "%=%",
  "%00=1",
  "campaign=clusterwoche-2017&campaign=clusterwoche-2019",
  "from=2017-04-21&from=x",
  "from=x&from=2017-04-21",
  "limit=1&limit=999999",
  "cluster=its-owl&cluster=<script>",
  "campaign[]=x",
  "campaign[a]=x",
  "campaign",
  "campaign&from&to",
  "=x",
  "&&&&",
  "?",
  "campaign=a=b=c",
  "campaign=clusterwoche-2017;from=2017-04-21",
  "campaign=clusterwoche-2017%26from%3D2017-04-21",
  "q=%22%2A%22&q=NEAR(",
  `${"a=1&".repeat(5000)}b=2`,
  `${"x".repeat(8000)}=1`,
];

/**
 * encodeURIComponent, except that lone surrogates (which it refuses) are
 * written as their WTF-8 bytes, so the server receives bytes that are not
 * valid UTF-8 as a hostile client would send them.
 */
export function encodeValue(value: string): string {
  let out = "";
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff) {
      out += `%${(0xe0 | (code >> 12)).toString(16).toUpperCase()}%${(0x80 | ((code >> 6) & 0x3f)).toString(16).toUpperCase()}%${(0x80 | (code & 0x3f)).toString(16).toUpperCase()}`;
    } else {
      out += encodeURIComponent(ch);
    }
  }
  return out;
}

/** A short, printable description of a value for failure messages. */
export function describeValue(value: string): string {
  const shown = JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  return value.length > 80 ? `${shown} (${value.length} chars)` : shown;
}
