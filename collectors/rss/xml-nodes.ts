/**
 * Reading fast-xml-parser's output: an element is a string (text only), an
 * object (`#text` plus `@_`-prefixed attributes and children) or an array of
 * those when it repeats. Feeds repeat or omit anything, so every access goes
 * through these helpers instead of assuming a shape.
 */
export type Node = Record<string, unknown>;

export function isNode(v: unknown): v is Node {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function list(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

export function first(v: unknown): unknown {
  return Array.isArray(v) ? v[0] : v;
}

/** The first element of that name that has children or attributes; `<channel/>` has neither. */
export function firstNode(v: unknown): Node | undefined {
  const f = first(v);
  return isNode(f) ? f : undefined;
}

/** The text of an element: a string, or `#text` of an element with attributes. */
export function text(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return text(v[0]);
  if (isNode(v)) return text(v["#text"]);
  return "";
}

export function firstText(v: unknown): string {
  for (const x of list(v)) {
    const t = text(x).trim();
    if (t) return t;
  }
  return "";
}

export function attr(node: Node, name: string): string | null {
  const v = node[`@_${name}`];
  return typeof v === "string" ? v : null;
}

export function oneLine(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

export function unique(values: string[]): string[] {
  return [...new Set(values.filter(Boolean))];
}
