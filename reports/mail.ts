import nodemailer from "nodemailer";
import type { Logger } from "pino";
import { formatDateTime, formatInteger, formatPeriod } from "../data/format.ts";
import type { ReportRow } from "./archive.ts";
import { downloadFileName, type ReportKind, type ReportLang } from "./archive-names.ts";

/**
 * E-mail delivery of archived reports (optional). The SMTP URL, with its
 * password, comes from the environment only (SMTP_URL), never from the config
 * file, and is never logged: logs name the host and port.
 */

export interface MailCampaign {
  name: string;
  timezone: string;
}

export interface ReportMail {
  subject: string;
  text: string;
  /** The attachment's file name. */
  filename: string;
}

type MailReport = Pick<
  ReportRow,
  "kind" | "campaign" | "lang" | "period_from" | "period_to" | "bytes" | "sha256" | "created_at"
>;

const WORDS: Record<ReportLang, Record<ReportKind, string>> = {
  de: { digest: "Zwischenbericht", final: "Abschlussbericht", manual: "Bericht" },
  en: { digest: "Interim report", final: "Final report", manual: "Report" },
};

/** Header text from the config must stay on one line. */
function oneLine(s: string): string {
  return s.replace(/[\r\n\t]+/g, " ").trim();
}

/** Subject, body and attachment name of a report's e-mail, in the report's language. Pure. */
export function reportMailText(report: MailReport, campaign: MailCampaign): ReportMail {
  const lang = report.lang;
  const kind = WORDS[lang][report.kind];
  const period = formatPeriod(report.period_from, report.period_to, lang);
  const created = formatDateTime(new Date(report.created_at), lang, campaign.timezone);
  const name = oneLine(campaign.name);
  const filename = downloadFileName({
    kind: report.kind,
    campaign: report.campaign,
    lang,
    from: report.period_from,
    to: report.period_to,
  });
  const size = formatInteger(report.bytes ?? 0, lang);
  const sha = report.sha256 ?? "";
  if (lang === "de") {
    return {
      subject: `[Resonanz] ${kind} ${name}, ${period}`,
      filename,
      text: [
        "Guten Tag,",
        "",
        `im Anhang finden Sie den ${kind} „${name}“ für den Zeitraum ${period}, erstellt am ${created}.`,
        "",
        `Datei: ${filename} (${size} Bytes)`,
        `SHA-256: ${sha}`,
        "",
        "Mit der Prüfsumme lässt sich nachprüfen, dass die Datei unverändert ist",
        `(z. B. mit „sha256sum ${filename}“). Der Bericht ist außerdem im Archiv von Resonanz abgelegt.`,
        "",
        "Diese Nachricht wurde automatisch von Resonanz versandt.",
        "",
      ].join("\n"),
    };
  }
  return {
    subject: `[Resonanz] ${kind} ${name}, ${period}`,
    filename,
    text: [
      "Hello,",
      "",
      `attached is the ${kind.toLowerCase()} "${name}" for ${period}, created ${created}.`,
      "",
      `File: ${filename} (${size} bytes)`,
      `SHA-256: ${sha}`,
      "",
      "The checksum shows that the file is unchanged",
      `(for example with "sha256sum ${filename}"). The report is also kept in Resonanz's archive.`,
      "",
      "This message was sent automatically by Resonanz.",
      "",
    ].join("\n"),
  };
}

export interface ReportMailer {
  readonly recipients: readonly string[];
  /** Sends one archived report as a PDF attachment; rejects when the server refuses or cannot be reached. */
  send(input: { report: ReportRow; pdf: Buffer; campaign: MailCampaign }): Promise<{ messageId: string }>;
  close(): void;
}

export interface MailerOptions {
  /** smtp://user:pass@host:port (STARTTLS when offered) or smtps://… (TLS from the start). */
  smtpUrl: string;
  from: string;
  recipients: readonly string[];
  /** Connect, greeting and idle timeout; a dead server must not hold a job for minutes. */
  timeoutMs?: number;
}

/** "smtp://mail.example:587": the URL without credentials, for logs and messages. */
export function redactSmtpUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname}${u.port ? `:${u.port}` : ""}`;
  } catch {
    return "(invalid SMTP URL)";
  }
}

export class MailConfigError extends Error {
  override name = "MailConfigError";
}

/** Throws (without echoing the URL, which carries a password) unless it is an smtp:// or smtps:// URL with a host. */
export function assertSmtpUrl(url: string): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new MailConfigError("SMTP_URL is not a URL; expected smtp://user:pass@host:port");
  }
  if ((u.protocol !== "smtp:" && u.protocol !== "smtps:") || u.hostname === "") {
    throw new MailConfigError(
      `SMTP_URL must be smtp://user:pass@host:port or smtps://…, got ${u.protocol}//${u.hostname}`,
    );
  }
}

export function createReportMailer(opts: MailerOptions): ReportMailer {
  assertSmtpUrl(opts.smtpUrl);
  const timeout = opts.timeoutMs ?? 15_000;
  const transport = nodemailer.createTransport({
    url: opts.smtpUrl,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout * 2,
  });
  return {
    recipients: opts.recipients,
    async send({ report, pdf, campaign }) {
      const mail = reportMailText(report, campaign);
      const info = await transport.sendMail({
        from: opts.from,
        to: [...opts.recipients],
        subject: mail.subject,
        text: mail.text,
        attachments: [{ filename: mail.filename, content: pdf, contentType: "application/pdf" }],
      });
      return { messageId: String(info.messageId ?? "") };
    },
    close() {
      transport.close();
    },
  };
}

/**
 * The mailer when delivery is configured: recipients in the config and
 * SMTP_URL in the environment. Either missing means no e-mail (said once in
 * the log); a malformed SMTP_URL is an error at start, not at 18:00.
 */
export function mailerFromEnv(
  env: NodeJS.ProcessEnv,
  reports: { recipients: readonly string[]; from?: string | undefined },
  log: Logger,
): ReportMailer | undefined {
  const url = env.SMTP_URL;
  if (reports.recipients.length === 0) {
    if (url) log.info("SMTP_URL is set but reports.recipients is empty: reports are not e-mailed");
    return undefined;
  }
  if (!url) {
    log.warn("reports.recipients is set but SMTP_URL is not: reports are archived, not e-mailed");
    return undefined;
  }
  const mailer = createReportMailer({
    smtpUrl: url,
    from: reports.from ?? "Resonanz <resonanz@localhost>",
    recipients: reports.recipients,
  });
  log.info({ smtp: redactSmtpUrl(url), recipients: reports.recipients.length }, "reports are e-mailed");
  return mailer;
}
