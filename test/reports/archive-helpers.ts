import { mkdtempSync, rmSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino, { type Logger } from "pino";
import { SMTPServer } from "smtp-server";

/** Test doubles for the report archive: a temporary archive directory, a log that records, a local SMTP sink. */

export function tempArchiveDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "resonanz-archive-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** A pino logger that keeps its lines, for asserting what was logged. */
export function recordingLog(): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const log = pino({ level: "debug" }, { write: (s: string) => void lines.push(JSON.parse(s) as LogLine) });
  return { log, lines };
}

export interface ReceivedMail {
  from: string | undefined;
  to: string[];
  user: string | undefined;
  raw: string;
}

/**
 * A real SMTP server on loopback (smtp-server) that accepts one account and
 * keeps every message it receives. No TLS: STARTTLS is switched off, so the
 * client speaks plain SMTP as it would to a local relay.
 */
export async function startSmtpSink(account = { user: "resonanz", pass: "geheim" }) {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === account.user && auth.password === account.pass) cb(null, { user: auth.username });
      else cb(new Error("Invalid username or password"));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const from = session.envelope.mailFrom;
        received.push({
          from: from ? from.address : undefined,
          to: session.envelope.rcptTo.map((r) => r.address),
          user: typeof session.user === "string" ? session.user : undefined,
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    url: `smtp://${account.user}:${account.pass}@127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A loopback port nothing listens on: connecting is refused at once ("SMTP down"). */
export async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", () => resolve()));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** The headers of a raw message (unfolded), by lower-case name. */
export function mailHeaders(raw: string): Record<string, string> {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? "";
  const out: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i > 0) out[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  return out;
}

/** Decodes an RFC 2047 header ("=?UTF-8?Q?...?=" / "=?UTF-8?B?...?="), enough for nodemailer's output. */
export function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
      enc.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : Buffer.from(
            text
              .replace(/_/g, " ")
              .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
            "latin1",
          ).toString("utf8"),
    );
}

/**
 * The MIME parts of a multipart message: headers and decoded body. Only what
 * nodemailer produces (one multipart/mixed level, base64 or quoted-printable
 * or 7bit parts) is understood; that is all the tests send.
 */
export function mimeParts(raw: string): { headers: Record<string, string>; body: Buffer }[] {
  const type = mailHeaders(raw)["content-type"] ?? "";
  const boundary = /boundary="?([^";]+)"?/.exec(type)?.[1];
  if (!boundary) return [];
  const sections = raw.split(`--${boundary}`).slice(1, -1);
  return sections.map((section) => {
    const text = section.replace(/^\r?\n/, "");
    const split = text.search(/\r?\n\r?\n/);
    const headers = mailHeaders(text.slice(0, split));
    const rawBody = text
      .slice(split)
      .replace(/^\r?\n\r?\n/, "")
      .replace(/\r?\n$/, "");
    const enc = (headers["content-transfer-encoding"] ?? "7bit").toLowerCase();
    const body =
      enc === "base64"
        ? Buffer.from(rawBody.replace(/\s+/g, ""), "base64")
        : enc === "quoted-printable"
          ? Buffer.from(
              rawBody
                .replace(/=\r?\n/g, "")
                .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
              "latin1",
            )
          : Buffer.from(rawBody, "utf8");
    return { headers, body };
  });
}
