/**
 * Feed dates to UTC ISO. RSS uses RFC 822 ("Fri, 08 Dec 2023 12:52:54 +0000"),
 * Atom and Dublin Core RFC 3339. `Date.parse` is too lenient for untrusted
 * input (it reads "0" as the year 2000) and reads zone-less times in the
 * server's local zone, so both formats are parsed by hand: a time without a
 * zone is taken as UTC, German month names and CET/CEST (MEZ/MESZ) are
 * understood because German press feeds send them.
 */
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const RFC822 =
  /^(?:\p{L}{2,10}\.?,?\s*)?(\d{1,2})[\s-]+(\p{L}{3,9})\.?[\s-]+(\d{2}|\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{2}:?\d{2}|[A-Za-z]{1,5})?$/u;

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  mär: 3,
  mrz: 3,
  apr: 4,
  may: 5,
  mai: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  okt: 10,
  nov: 11,
  dec: 12,
  dez: 12,
};

/** Offsets in minutes east of UTC for the zone names RFC 822 allows, plus Central European ones. */
const ZONES: Record<string, number> = {
  z: 0,
  ut: 0,
  utc: 0,
  gmt: 0,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  cet: 60,
  mez: 60,
  cest: 120,
  mesz: 120,
};

export function parseFeedDate(raw: string | null | undefined): string | null {
  const value = raw?.trim();
  if (!value) return null;
  const iso = ISO.exec(value);
  if (iso) {
    const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "", zone] = iso;
    const ms = Number(frac.slice(0, 3).padEnd(3, "0"));
    return build(+(y as string), +(mo as string), +(d as string), +h, +mi, +s, ms, offsetMinutes(zone));
  }
  const rfc = RFC822.exec(value);
  if (rfc) {
    const [, d, monthName, y, h, mi, s = "0", zone] = rfc;
    const month = MONTHS[(monthName as string).slice(0, 3).toLowerCase()];
    if (!month) return null;
    let year = +(y as string);
    if ((y as string).length === 2) year += year < 50 ? 2000 : 1900;
    return build(year, month, +(d as string), +(h as string), +(mi as string), +s, 0, offsetMinutes(zone));
  }
  return null;
}

function offsetMinutes(zone: string | undefined): number {
  if (!zone) return 0;
  const numeric = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (numeric)
    return (numeric[1] === "-" ? -1 : 1) * (+(numeric[2] as string) * 60 + +(numeric[3] as string));
  // Military single letters and unknown names: UTC is closer than dropping the date.
  return ZONES[zone.toLowerCase()] ?? 0;
}

function build(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
  offset: number,
): string | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const t = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59), ms) - offset * 60_000;
  const date = new Date(t);
  // Reject 31 February and the like instead of rolling over into March.
  if (Number.isNaN(t) || new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return null;
  return date.toISOString();
}
