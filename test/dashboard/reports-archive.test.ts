import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Hono } from "hono";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ResonanzError } from "../../data/errors.ts";
import { archiveReport, type ReportRow, recordFailedReport, sha256Hex } from "../../reports/archive.ts";
import { createArchiveRoutes } from "../../reports/archive-routes.ts";
import { CAMPAIGNS } from "../helpers/db.ts";
import { tempArchiveDir } from "../reports/archive-helpers.ts";
import { createWorld, decode, NOW, type World } from "./posts-world.ts";

/** The reports page's archive list, with the archive routes mounted next to it as in the server. */

let w: World;
let app: Hono;
let archive: ReturnType<typeof tempArchiveDir>;
const log = pino({ level: "silent" });
const rows: ReportRow[] = [];
const pdf = (n: number) => Buffer.from(`%PDF-1.4\n%report ${n}\n%%EOF\n`);

beforeAll(async () => {
  w = await createWorld();
  archive = tempArchiveDir();
  let clock = new Date("2017-04-21T16:00:00Z");
  const deps = { db: w.database.db, archiveDir: archive.dir, now: () => clock, log };
  rows.push(
    await archiveReport(deps, {
      kind: "digest",
      campaign: "clusterwoche-2017",
      lang: "de",
      from: "2017-04-20",
      to: "2017-04-21",
      pdf: pdf(1),
    }),
  );
  clock = new Date("2017-04-29T04:00:00Z");
  rows.push(
    await archiveReport(deps, {
      kind: "final",
      campaign: "clusterwoche-2017",
      lang: "en",
      from: "2017-04-20",
      to: "2017-04-28",
      pdf: pdf(2),
    }),
  );
  await w.database.db
    .updateTable("reports")
    .set({ mail_status: "sent" })
    .where("id", "=", rows[1]?.id ?? 0)
    .execute();
  // Another campaign's report and a failed attempt are not listed.
  await archiveReport(deps, {
    kind: "digest",
    campaign: "clusterwoche-2019",
    lang: "de",
    from: "2019-04-02",
    to: "2019-04-03",
    pdf: pdf(3),
  });
  await recordFailedReport(deps, {
    kind: "manual",
    campaign: "clusterwoche-2017",
    lang: "de",
    from: "2017-04-20",
    to: "2017-04-28",
    error: "boom",
  });
  app = new Hono();
  app.route("/", w.app);
  app.route(
    "/",
    createArchiveRoutes({
      db: w.database.db,
      campaigns: CAMPAIGNS,
      archiveDir: archive.dir,
      now: () => NOW,
      log,
    }),
  );
  app.onError((err, c) =>
    err instanceof ResonanzError ? c.text(err.message, err.status as 400) : c.text("internal", 500),
  );
});
afterAll(async () => {
  await w.close();
  archive.remove();
});

async function page(path: string) {
  const res = await app.request(path);
  return { status: res.status, html: await res.text() };
}

function archiveSection(html: string): string {
  const start = html.indexOf('aria-labelledby="archive-heading"');
  return start < 0 ? "" : html.slice(start);
}

describe("GET /reports: the archive", () => {
  it("lists the campaign's archived reports, newest first, with kind, period, language, time, size and checksum", async () => {
    const { status, html } = await page("/reports");
    expect(status).toBe(200);
    const section = archiveSection(html);
    expect(section).toContain('<h2 id="archive-heading">Berichtsarchiv</h2>');
    expect(section).toContain(
      '<caption id="archive-caption">Archivierte Berichte – Clusterwoche Deutschland 2017, neueste zuerst</caption>',
    );
    const links = [...section.matchAll(/<a href="(\/reports\/archive\/[^"]*)"/g)].map((m) =>
      decode(m[1] ?? ""),
    );
    expect(links).toEqual([`/reports/archive/${rows[1]?.id}.pdf`, `/reports/archive/${rows[0]?.id}.pdf`]);
    const final = section.slice(section.indexOf(`id="archived-${rows[1]?.id}"`));
    expect(final).toContain("Abschlussbericht");
    expect(final).toContain("per E-Mail versandt");
    expect(final).toContain("20.04.2017 – 28.04.2017");
    expect(final).toContain("Englisch");
    expect(final).toContain('<time datetime="2017-04-29T04:00:00.000Z">29.04.2017, 06:00 Uhr</time>');
    const sha = rows[1]?.sha256 ?? "";
    expect(final).toContain(`<code title="${sha}"><span aria-hidden="true">${sha.slice(0, 12)}…</span>`);
    expect(final).toContain(`<span class="visually-hidden">Vollständige Prüfsumme: ${sha}</span>`);
    expect(final).toMatch(
      /hreflang="en" type="application\/pdf" download="">PDF herunterladen<span class="visually-hidden">: Abschlussbericht, 20\.04\.2017 – 28\.04\.2017, Englisch<\/span><\/a>/,
    );
    expect(section).toContain("Zwischenbericht");
    expect(section).not.toContain("2019");
    expect(section).not.toContain("boom");
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/<script(?![^>]*type="application\/json")(?![^>]*src=)/);
  });

  it("every download link works and returns the archived bytes", async () => {
    const { html } = await page("/reports");
    const links = [...archiveSection(html).matchAll(/<a href="(\/reports\/archive\/[^"]*)"/g)].map((m) =>
      decode(m[1] ?? ""),
    );
    expect(links).toHaveLength(2);
    for (const href of links) {
      const res = await app.request(href);
      expect(res.status, href).toBe(200);
      expect(res.headers.get("content-disposition")).toMatch(
        /^attachment; filename="resonanz-clusterwoche-2017-/,
      );
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(rows.map((r) => r.sha256)).toContain(sha256Hex(bytes));
    }
  });

  it("offers the plain form to generate a report now, posting to /reports/archive", async () => {
    const { html } = await page("/reports?lang=en&campaign=clusterwoche-2017&from=2017-04-21&to=2017-04-23");
    const section = archiveSection(html);
    expect(section).toContain('<h2 id="archive-heading">Report archive</h2>');
    expect(section).toContain('<form method="post" action="/reports/archive" class="archive-form"');
    expect(section).toContain('<input type="hidden" name="campaign" value="clusterwoche-2017"/>');
    expect(section).toContain('<input type="hidden" name="uiLang" value="en"/>');
    expect(section).toContain('<label for="a-lang">Report language</label>');
    expect(section).toContain('<option value="en" selected="">English</option>');
    expect(section).toContain('<input id="a-from" type="date" name="from" value="2017-04-21" required=""/>');
    expect(section).toContain('<input id="a-to" type="date" name="to" value="2017-04-23" required=""/>');
    expect(section).toContain('<button type="submit">Generate now</button>');
    expect(section).toContain("Final report");
  });

  it("after the form's redirect, the new report is announced and marked", async () => {
    const res = await app.request("/reports/archive", {
      method: "POST",
      body: "campaign=clusterwoche-2017&lang=de&from=2017-04-20&to=2017-04-22",
      headers: { "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "same-origin" },
    });
    expect(res.status).toBe(303);
    const location = res.headers.get("location") ?? "";
    const id = /archived=(\d+)/.exec(location)?.[1];
    const { status, html } = await page(location.replace(/#.*$/, ""));
    expect(status).toBe(200);
    const section = archiveSection(html);
    expect(section).toContain('<p class="hint" role="status">Der Bericht wurde erzeugt und archiviert');
    const row = section.slice(section.indexOf(`id="archived-${id}"`));
    expect(row).toMatch(/^id="archived-\d+"><th scope="row">Auf Anforderung<strong> \(neu\)<\/strong>/);
    expect(row).toContain("20.04.2017 – 22.04.2017");
  });

  it("a campaign without archived reports says so", async () => {
    const { html } = await page("/reports?campaign=clusterwoche-2019&lang=en");
    const section = archiveSection(html);
    expect(section).toContain("Archived reports – Clusterwoche Deutschland 2019");
    const { html: empty } = await page("/reports?campaign=clusterwoche-2017&platform=bluesky");
    expect(archiveSection(empty)).toContain("Zwischenbericht"); // the archive is per campaign, not per filter
  });

  it("a tampered file behind a link is refused, not served", async () => {
    const row = rows[0];
    writeFileSync(join(archive.dir, row?.file ?? ""), Buffer.from("%PDF-1.4\n%changed\n%%EOF\n"));
    const res = await app.request(`/reports/archive/${row?.id}.pdf`);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("does not match its recorded SHA-256");
  });
});
