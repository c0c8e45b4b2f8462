import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseFilters } from "../../data/filters.ts";
import { formatInteger, formatPercent, formatSentimentMean, type Lang } from "../../data/format.ts";
import { getSummary, type Summary } from "../../data/queries/summary.ts";
import { createWeekReport } from "../../reports/week-report.ts";
import { CAMPAIGNS, createTestDb, makePost, seed, type TestDb } from "../helpers/db.ts";
import { IN_CI, missingPdfTools, pdfFonts, pdfInfo, pdfText, qpdfCheck, skipPdfTools } from "./pdf-tools.ts";

const now = () => new Date("2017-04-29T12:00:00Z");
/** pdftotext prints the no-break space of "1,23 %" as a plain space. */
const plain = (s: string) => s.replaceAll("\u00a0", " ");

let t: TestDb;
let dir: string;
let summary: Summary;

function author(handle: string, followers: number) {
  return { handle, name: handle, url: null, followers };
}

beforeAll(async () => {
  t = await createTestDb(now);
  dir = mkdtempSync(join(tmpdir(), "resonanz-week-"));
  seed(t.store, [
    makePost({
      createdAt: "2017-04-20T07:30:00.000Z",
      text: "Großartiger Auftakt der #Clusterwoche in Köln und Würzburg: „Zukunft gestalten“ – schöne Grüße!",
      author: author("@bmwi@social.bund.de", 12500),
      counts: { likes: 40, reposts: 12, replies: 3, quotes: 1 },
    }),
    makePost({
      createdAt: "2017-04-21T14:00:00.000Z",
      lang: "en",
      text: "Great day at #Clusterwoche, love it",
      author: author("@anna@mastodon.social", 870),
      counts: { likes: 5, reposts: 1, replies: 0, quotes: 0 },
    }),
    makePost({
      createdAt: "2017-04-21T22:30:00.000Z", // already Saturday in Berlin
      author: author("@anna@mastodon.social", 910),
      counts: { likes: 2, reposts: 0, replies: 0, quotes: 0 },
    }),
    makePost({
      createdAt: "2017-04-24T09:00:00.000Z",
      platform: "bluesky",
      author: author("@cluster.bsky.social", 1234567),
      counts: { likes: 300, reposts: 80, replies: 20, quotes: 4 },
    }),
    makePost({
      createdAt: "2017-04-27T16:00:00.000Z",
      text: "Terrible traffic, bad planning #Clusterwoche",
      lang: "en",
      author: author("@c@example.org", 45),
      counts: { likes: 0, reposts: 0, replies: 1, quotes: 0 },
    }),
    makePost({ createdAt: "2017-05-02T09:00:00.000Z", author: author("@late@example.org", 99999) }), // outside
  ]);
  summary = await getSummary(t.database.db, parseFilters({}, CAMPAIGNS));
});

afterAll(async () => {
  await t.database.close();
  rmSync(dir, { recursive: true, force: true });
});

async function render(lang: Lang): Promise<{ file: string; bytes: Buffer }> {
  const bytes = await createWeekReport(t.database.db, parseFilters({}, CAMPAIGNS), { lang, now });
  const file = join(dir, `week-${lang}.pdf`);
  writeFileSync(file, bytes);
  return { file, bytes };
}

describe("week report PDF", () => {
  it("renders a PDF with the summary the dashboard shows", async () => {
    expect(summary.posts).toBe(5);
    expect(summary.authors).toBe(4);
    expect(summary.potentialReach).toBe(12500 + 870 + 910 + 1234567 + 45);
    expect(summary.uniqueReach).toBe(12500 + 910 + 1234567 + 45);
    const { bytes } = await render("de");
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    // The document language sits in the (uncompressed) catalog.
    expect(bytes.toString("latin1")).toContain("/Lang (de-DE)");
  });

  it.runIf(IN_CI)("has the PDF tools the read-back tests need (CI)", () => {
    expect(missingPdfTools, "install poppler-utils and qpdf").toEqual([]);
  });

  it.skipIf(skipPdfTools)(
    "reads back in German with every KPI, the campaign and the page footer",
    async () => {
      const { file } = await render("de");
      const text = pdfText(file);
      const info = pdfInfo(file);
      const pages = Number(info.Pages);
      expect(pages).toBeGreaterThanOrEqual(1);
      expect(info.Title).toContain("Clusterwoche Deutschland 2017");
      expect(info.Title).toContain("20.04.2017 – 28.04.2017");
      expect(info.Author).toBe("Resonanz");

      expect(text).toContain("Clusterwoche Deutschland 2017");
      expect(text).toContain("20.04.2017 – 28.04.2017");
      for (const value of [
        formatInteger(summary.posts, "de"),
        formatInteger(summary.authors, "de"),
        formatInteger(summary.potentialReach, "de"),
        formatInteger(summary.uniqueReach, "de"),
        formatInteger(summary.engagement, "de"),
        formatPercent(summary.engagementRate, "de"),
        formatSentimentMean(summary.sentiment.mean, "de"),
      ]) {
        expect(text).toContain(plain(value));
      }
      expect(text).toMatch(/potenzielle Reichweite\s+1\.248\.892\b/);
      expect(text).toMatch(/eindeutige Reichweite\s+1\.248\.022\b/);
      expect(text).toMatch(/Sa, 22\.04\.2017\s+1\s+910\s+2\s/);
      expect(text).toContain(`Seite 1 von ${pages}`);
      expect(text).toContain(`Seite ${pages} von ${pages}`);
      expect(text).toContain("Erstellt: 29.04.2017, 14:00 MESZ");
      // German characters survive embedding and extraction.
      for (const s of ["Erwähnungen", "gemäß", "höchsten", "Lücken", "„Beiträge“", "–", "•", "÷", "Σ"]) {
        expect(text).toContain(s);
      }
      expect(text).toContain("AFINN");
    },
  );

  it.skipIf(skipPdfTools)("embeds Noto Sans and never Helvetica; qpdf finds no errors", async () => {
    const { file } = await render("de");
    const fonts = pdfFonts(file);
    expect(fonts).toMatch(/NotoSans-Regular/);
    expect(fonts).toMatch(/NotoSans-Bold/);
    expect(fonts).not.toMatch(/Helvetica/);
    // Every font row says "emb yes".
    const rows = fonts
      .split("\n")
      .slice(2)
      .filter((l) => l.trim() !== "");
    for (const row of rows) expect(row).toMatch(/\byes\s+yes\s+yes\b/);
    const check = qpdfCheck(file);
    expect(check.status, check.output).toBe(0);
  });

  it.skipIf(skipPdfTools)("reads back in English", async () => {
    const { file, bytes } = await render("en");
    const text = pdfText(file);
    expect(bytes.toString("latin1")).toContain("/Lang (en-GB)");
    expect(text).toContain("Page 1 of");
    expect(text).toContain("20 Apr 2017 – 28 Apr 2017");
    expect(text).toContain(formatInteger(summary.potentialReach, "en"));
    expect(text).toContain(formatPercent(summary.engagementRate, "en"));
    expect(text).toContain("own German lexicon");
    expect(text).not.toContain("Seite 1 von");
    expect(qpdfCheck(file).status).toBe(0);
  });

  it.skipIf(skipPdfTools)("renders a week without posts", async () => {
    const empty = await createTestDb(now);
    try {
      const bytes = await createWeekReport(empty.database.db, parseFilters({}, CAMPAIGNS), {
        lang: "de",
        now,
      });
      const file = join(dir, "empty.pdf");
      writeFileSync(file, bytes);
      const text = pdfText(file);
      expect(text).toContain("0,00 %");
      expect(text).not.toMatch(/NaN|Infinity/);
      expect(qpdfCheck(file).status).toBe(0);
    } finally {
      await empty.database.close();
    }
  });

  it.skipIf(skipPdfTools)(
    "prints the sections with the dashboard's numbers: platforms, top posts, sentiment",
    async () => {
      const { file } = await render("de");
      const text = pdfText(file);
      expect(text).toMatch(
        new RegExp(`Mastodon\\s+${formatInteger(summary.platforms.mastodon ?? 0, "de")}\\s`),
      );
      expect(text).toMatch(/Bluesky\s+1\s/);
      // The most engaging post (404 interactions) comes first among the top posts.
      expect(text).toContain("404 Interaktionen");
      expect(text.indexOf("404 Interaktionen")).toBeLessThan(text.indexOf("56 Interaktionen"));
      expect(text).toContain("Anhang: Abdeckung und Methode");
      expect(text).toContain("Kennzahlen-Definitionen (Version 1)");
      expect(text).toMatch(new RegExp(`positiv\\s+${summary.sentiment.positive}\\s`));
    },
  );

  it.skipIf(skipPdfTools)(
    "keeps emoji, unknown scripts, controls and endless words from breaking the layout",
    async () => {
      const odd = await createTestDb(now);
      try {
        seed(odd.store, [
          makePost({
            text: "Emoji-Test 🎉👍🏽 und ❤️ #Clusterwoche",
            counts: { likes: 9, reposts: 0, replies: 0, quotes: 0 },
          }),
          makePost({ text: "مرحبا بالعالم 你好 שלום \u202Eevil\u202C #Clusterwoche" }),
          makePost({ text: `Nul\u0000Byte und ${"x".repeat(3000)} #Clusterwoche` }),
        ]);
        const bytes = await createWeekReport(odd.database.db, parseFilters({}, CAMPAIGNS), {
          lang: "de",
          now,
        });
        const file = join(dir, "odd.pdf");
        writeFileSync(file, bytes);
        expect(qpdfCheck(file).status).toBe(0);
        const pages = Number(pdfInfo(file).Pages);
        expect(pages).toBeGreaterThan(1);
        expect(pages).toBeLessThan(15);
        const text = pdfText(file);
        expect(text).toContain("Emoji-Test");
        expect(text).toContain("🎉");
        expect(text).toMatch(/\?\?\?\?\? \?\?\?\?\?\?\?/); // Arabic, no glyphs: marked, not dropped
        expect(pdfFonts(file)).toMatch(/NotoEmoji/);
      } finally {
        await odd.database.close();
      }
    },
  );
});
