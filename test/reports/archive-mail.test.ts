import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReportRow } from "../../reports/archive.ts";
import { assertSmtpUrl, createReportMailer, redactSmtpUrl, reportMailText } from "../../reports/mail.ts";
import { closedPort, decodeHeader, mailHeaders, mimeParts, startSmtpSink } from "./archive-helpers.ts";

const SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
const row: ReportRow = {
  id: 7,
  kind: "digest",
  campaign: "clusterwoche-2017",
  lang: "de",
  period_from: "2017-04-20",
  period_to: "2017-04-23",
  file: "clusterwoche-2017/x.pdf",
  bytes: 123456,
  sha256: SHA,
  created_at: "2017-04-23T16:00:00.000Z",
  trigger: "schedule",
  status: "archived",
  error: null,
  mail_status: null,
  mail_error: null,
  mailed_at: null,
};
const campaign = { name: "Clusterwoche Deutschland 2017", timezone: "Europe/Berlin" };

describe("reportMailText", () => {
  it.each<[Partial<ReportRow>, string, string[]]>([
    [
      {},
      "[Resonanz] Zwischenbericht Clusterwoche Deutschland 2017, 20.04.2017 – 23.04.2017",
      [
        "im Anhang finden Sie den Zwischenbericht „Clusterwoche Deutschland 2017“ für den Zeitraum 20.04.2017 – 23.04.2017, erstellt am 23.04.2017, 18:00 MESZ.",
        "Datei: resonanz-clusterwoche-2017-zwischenbericht-2017-04-20-2017-04-23-de.pdf (123.456 Bytes)",
        `SHA-256: ${SHA}`,
      ],
    ],
    [
      { kind: "final", period_to: "2017-04-28", lang: "en", created_at: "2017-04-29T04:00:00.000Z" },
      "[Resonanz] Final report Clusterwoche Deutschland 2017, 20 Apr 2017 – 28 Apr 2017",
      [
        'attached is the final report "Clusterwoche Deutschland 2017" for 20 Apr 2017 – 28 Apr 2017, created 29 Apr 2017, 06:00 CEST.',
        "File: resonanz-clusterwoche-2017-final-report-2017-04-20-2017-04-28-en.pdf (123,456 bytes)",
        `SHA-256: ${SHA}`,
      ],
    ],
  ])("%j", (change, subject, lines) => {
    const mail = reportMailText({ ...row, ...change }, campaign);
    expect(mail.subject).toBe(subject);
    for (const line of lines) expect(mail.text.split("\n")).toContain(line);
  });

  it("keeps a campaign name with line breaks on one header line", () => {
    const mail = reportMailText(row, { ...campaign, name: "Cluster\r\nBcc: x@evil.example" });
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });
});

describe("SMTP URL", () => {
  it.each([
    ["smtp://u:p@mail.example:587", "smtp://mail.example:587"],
    ["smtps://u:p@mail.example", "smtps://mail.example"],
  ])("redacts %s", (url, shown) => {
    expect(redactSmtpUrl(url)).toBe(shown);
    expect(() => assertSmtpUrl(url)).not.toThrow();
  });

  it.each(["http://u:geheim@mail.example", "nonsense", "smtp://"])(
    "refuses %s without echoing a password",
    (url) => {
      let message = "";
      try {
        assertSmtpUrl(url);
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(/SMTP_URL/);
      expect(message).not.toContain("geheim");
    },
  );
});

describe("createReportMailer against a local SMTP sink", () => {
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink.close();
  });

  it("sends the PDF as an attachment to every recipient, authenticated", async () => {
    const pdf = Buffer.from("%PDF-1.7\n\u00e4\u00f6\u00fc binary \x00\x01\x02 bytes\n%%EOF\n", "latin1");
    const mailer = createReportMailer({
      smtpUrl: sink.url,
      from: "resonanz@example.org",
      recipients: ["presse@example.org", "team@example.org"],
    });
    try {
      await mailer.send({ report: row, pdf, campaign });
    } finally {
      mailer.close();
    }
    expect(sink.received).toHaveLength(1);
    const mail = sink.received[0];
    expect(mail?.to).toEqual(["presse@example.org", "team@example.org"]);
    expect(mail?.from).toBe("resonanz@example.org");
    expect(mail?.user).toBe("resonanz");
    const h = mailHeaders(mail?.raw ?? "");
    expect(decodeHeader(h.subject ?? "")).toBe(
      "[Resonanz] Zwischenbericht Clusterwoche Deutschland 2017, 20.04.2017 – 23.04.2017",
    );
    const parts = mimeParts(mail?.raw ?? "");
    const attachment = parts.find((p) => (p.headers["content-disposition"] ?? "").startsWith("attachment"));
    expect(attachment?.headers["content-type"]).toContain("application/pdf");
    expect(attachment?.headers["content-disposition"]).toContain(
      "resonanz-clusterwoche-2017-zwischenbericht-2017-04-20-2017-04-23-de.pdf",
    );
    expect(attachment?.body.equals(pdf)).toBe(true);
    const text = parts.find((p) => (p.headers["content-type"] ?? "").startsWith("text/plain"));
    expect(text?.body.toString("utf8")).toContain(`SHA-256: ${SHA}`);
  });

  it("rejects when the server is down, and when the password is wrong", async () => {
    const down = createReportMailer({
      smtpUrl: `smtp://u:p@127.0.0.1:${await closedPort()}`,
      from: "resonanz@example.org",
      recipients: ["presse@example.org"],
      timeoutMs: 2000,
    });
    await expect(down.send({ report: row, pdf: Buffer.from("x"), campaign })).rejects.toThrow(/ECONNREFUSED/);
    down.close();
    const wrong = createReportMailer({
      smtpUrl: `smtp://resonanz:falsch@127.0.0.1:${sink.port}`,
      from: "resonanz@example.org",
      recipients: ["presse@example.org"],
    });
    await expect(wrong.send({ report: row, pdf: Buffer.from("x"), campaign })).rejects.toThrow();
    wrong.close();
  });
});
