/**
 * Bytes of an uploaded export to text. Exports are UTF-8 (with or without a
 * byte-order mark), but a CSV saved by German Excel ("CSV (Trennzeichen-
 * getrennt)") is Windows-1252 and "Unicode-Text" is UTF-16 with a BOM, so
 * those are recognised instead of turning umlauts into U+FFFD.
 */
export function decodeExport(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return utf8(bytes.subarray(3)) ?? "";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  return utf8(bytes) ?? windows1252(bytes);
}

// Windows-1252 differs from Latin-1 in 0x80–0x9F (€, „, “, –, …). Node's TextDecoder decodes that
// label as Latin-1 in some versions, so the table is here; undefined bytes keep their Latin-1 code.
const CP1252_80_9F =
  "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f" +
  "\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

function windows1252(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    out += String.fromCharCode(
      ...Array.from(chunk, (b) => (b >= 0x80 && b <= 0x9f ? CP1252_80_9F.charCodeAt(b - 0x80) : b)),
    );
  }
  return out;
}

function utf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Text handed over as a string may still start with the byte-order mark. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Instagram's and Facebook's data downloads write each UTF-8 byte as its own
 * "\u00XX" escape, so "Grüße" arrives as "GrÃ¼Ã\u009fe". When every character
 * of a string fits in a byte and those bytes are valid UTF-8 with at least one
 * multi-byte sequence, they were meant as UTF-8: decode them. Anything else
 * (already correct text, a real "Ã" next to other text) is left alone.
 */
export function fixMojibake(text: string): string {
  if (!/[\u0080-\u00ff]/.test(text)) return text;
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) return text;
    bytes[i] = code;
  }
  return utf8(bytes) ?? text;
}
