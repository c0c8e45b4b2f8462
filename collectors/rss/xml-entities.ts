import type { EntityDecoderOptions } from "fast-xml-parser";

/**
 * The entity decoder handed to fast-xml-parser. It decodes the five
 * predefined XML entities, character references and a short list of HTML
 * names that feeds use without declaring them (&nbsp;, &auml;, …), in one pass,
 * so "&amp;lt;" stays the text "&lt;". Entities a document declares in its own
 * DOCTYPE are never registered, so they are never expanded: no billion laughs,
 * no external entities. Unknown references stay as literal text.
 */
const NAMED: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
  shy: "\u00ad",
  auml: "ä",
  ouml: "ö",
  uuml: "ü",
  Auml: "Ä",
  Ouml: "Ö",
  Uuml: "Ü",
  szlig: "ß",
  eacute: "é",
  egrave: "è",
  aacute: "á",
  agrave: "à",
  ccedil: "ç",
  euro: "€",
  copy: "©",
  reg: "®",
  trade: "™",
  sect: "§",
  deg: "°",
  middot: "·",
  bull: "•",
  hellip: "…",
  ndash: "–",
  mdash: "—",
  lsquo: "‘",
  rsquo: "’",
  sbquo: "‚",
  ldquo: "“",
  rdquo: "”",
  bdquo: "„",
  laquo: "«",
  raquo: "»",
};

const REFERENCE = /&(#[xX][0-9a-fA-F]{1,8}|#[0-9]{1,9}|[A-Za-z][A-Za-z0-9]{1,31});/g;

export function decodeXmlEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(REFERENCE, (whole, ref: string) => {
    if (ref[0] !== "#") return Object.hasOwn(NAMED, ref) ? (NAMED[ref] as string) : whole;
    const code = ref[1] === "x" || ref[1] === "X" ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
    if (code === 0 || code > 0x10ffff) return "\ufffd";
    if (code >= 0xd800 && code <= 0xdfff) return "\ufffd";
    return String.fromCodePoint(code);
  });
}

export const safeEntityDecoder: EntityDecoderOptions = {
  setExternalEntities() {},
  addInputEntities() {},
  reset() {},
  setXmlVersion() {},
  decode: decodeXmlEntities,
};
