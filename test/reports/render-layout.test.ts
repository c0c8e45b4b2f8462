import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ReportModel } from "../../reports/model.ts";
import { renderReportPdf } from "../../reports/pdf/render.ts";
import { pdfInfo, pdfText, skipPdfTools } from "./pdf-tools.ts";

function model(blocks: ReportModel["sections"][number]["blocks"]): ReportModel {
  return {
    lang: "de",
    locale: "de-DE",
    product: "Resonanz",
    title: "Test",
    coverTitle: "Deckblatt",
    coverSubtitle: "Untertitel",
    campaignName: "Kampagne",
    filters: [],
    generatedAt: "Erstellt: heute",
    createdAt: new Date("2017-04-29T12:00:00Z"),
    documentTitle: "Test",
    footer: "Fußzeile",
    sections: [{ heading: "Abschnitt", blocks }],
  };
}

/** The text of each page (pdftotext separates pages with a form feed). */
function pages(file: string): string[] {
  return pdfText(file)
    .split("\f")
    .filter((p) => p.trim() !== "");
}

describe("report layout", () => {
  // 26–36 paragraphs before the table put it at every height near the bottom of the first page.
  it.skipIf(skipPdfTools).each(Array.from({ length: 11 }, (_, i) => 26 + i))(
    "keeps a table's header with its first row, even at the bottom of a page (%i paragraphs first)",
    async (n) => {
      const filler = Array.from({ length: n }, (_, i) => ({
        kind: "paragraph" as const,
        text: `Absatz ${i + 1}`,
      }));
      const bytes = await renderReportPdf(
        model([
          ...filler,
          {
            kind: "table",
            columns: [
              { header: "Kopf A", width: 0.5 },
              { header: "Kopf B", width: 0.5 },
            ],
            rows: [[{ text: "Zelle 1" }, { text: "Zelle 2" }]],
          },
        ]),
      );
      const file = join(mkdtempSync(join(tmpdir(), "resonanz-layout-")), "t.pdf");
      writeFileSync(file, bytes);
      const texts = pages(file);
      expect(Number(pdfInfo(file).Pages)).toBe(texts.length); // no empty page
      const withHeader = texts.filter((p) => p.includes("Kopf A") || p.includes("Kopf B"));
      expect(withHeader).toHaveLength(1);
      expect(withHeader[0]).toMatch(/Kopf A[\s\S]*Kopf B[\s\S]*Zelle 1/);
    },
  );

  it.skipIf(skipPdfTools)("does not leave a heading alone for a post longer than a page", async () => {
    const long = "Sehr langer Beitrag. ".repeat(400);
    const bytes = await renderReportPdf(
      model([
        {
          kind: "posts",
          empty: "-",
          items: [{ meta: "@a · Mastodon", text: long, figures: "1 Interaktion", url: null }],
        },
      ]),
    );
    const file = join(mkdtempSync(join(tmpdir(), "resonanz-layout-")), "p.pdf");
    writeFileSync(file, bytes);
    const first = pages(file)[0] ?? "";
    expect(first).toContain("Abschnitt");
    expect(first).toContain("Sehr langer Beitrag.");
  });
});
