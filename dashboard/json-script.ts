/**
 * JSON for a `<script type="application/json">` element. The HTML parser ends a
 * script element at the first `</script` and treats `<!--` specially whatever
 * the type, so `<` (and `>`, `&` for good measure) are written as JSON unicode
 * escapes: JSON.parse restores them, the parser never sees them. U+2028/2029
 * are escaped too, so the text is also a valid JavaScript literal.
 */
export function toScriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
