import PDFDocument from "pdfkit";
import { renderChartPng } from "../chart-png.ts";
import { FONT_PATHS, FONTS, registerFonts, textFonts } from "../fonts.ts";
import { formatPageLabel } from "../format.ts";
import type { Block, ChartBlock, PostsBlock, ReportModel, Section, TableBlock } from "../model.ts";
import { splitRuns } from "../text-runs.ts";
import { drawTable, style } from "./table.ts";

const MARGIN = { top: 56, bottom: 64, left: 56, right: 56 };

/** Lays a report model out on A4 pages; every word, number and chart comes from the model. */
export function renderReportPdf(model: ReportModel): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margins: MARGIN,
    bufferPages: true, // footers need the final page count
    // Passing a font here keeps pdfkit from ever loading its built-in Helvetica.
    font: FONT_PATHS.regular,
    lang: model.locale,
    displayTitle: true,
    info: {
      Title: model.documentTitle,
      Author: "Resonanz",
      Subject: `${model.title} ${model.campaignName}`,
      Creator: "Resonanz",
      CreationDate: model.createdAt,
    },
  });
  registerFonts(doc);
  const done = collect(doc);
  cover(doc, model);
  for (const section of model.sections) drawSection(doc, section);
  footers(doc, model);
  doc.end();
  return done;
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
}

function contentWidth(doc: PDFKit.PDFDocument): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

function cover(doc: PDFKit.PDFDocument, m: ReportModel): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  doc
    .font(FONTS.bold)
    .fontSize(10)
    .fillColor(style.accent)
    .text(`${m.product} · ${m.title}`, left, doc.page.margins.top, { width, characterSpacing: 0.5 });
  doc.moveDown(0.3);
  doc.font(FONTS.bold).fontSize(22).fillColor(style.text).text(m.coverTitle, { width });
  doc.font(FONTS.regular).fontSize(13).fillColor(style.text).text(m.coverSubtitle, { width });
  doc.moveDown(0.8);
  // The applied filters as a two-column list, so the reader knows what the numbers cover.
  doc.fontSize(9.5);
  const labelWidth = 130;
  for (const f of m.filters) {
    const y = doc.y;
    doc.font(FONTS.bold).fillColor(style.muted).text(f.label, left, y, { width: labelWidth });
    const afterLabel = doc.y;
    doc
      .font(FONTS.regular)
      .fillColor(style.text)
      .text(f.value, left + labelWidth, y, { width: width - labelWidth });
    doc.y = Math.max(doc.y, afterLabel);
  }
  doc.moveDown(0.5);
  doc.font(FONTS.regular).fillColor(style.muted).text(m.generatedAt, left, doc.y, { width });
  doc.moveDown(0.8);
  doc
    .moveTo(left, doc.y)
    .lineTo(left + width, doc.y)
    .lineWidth(1)
    .strokeColor(style.accent)
    .stroke();
  doc.moveDown(0.2);
}

function drawSection(doc: PDFKit.PDFDocument, s: Section): void {
  if (s.newPage) doc.addPage();
  // Keep a heading with at least a few lines of what follows it.
  else if (doc.y + 90 > doc.page.maxY()) doc.addPage();
  else doc.moveDown(0.8);
  doc
    .font(FONTS.bold)
    .fontSize(14)
    .fillColor(style.accent)
    .text(s.heading, doc.page.margins.left, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.4);
  for (const b of s.blocks) drawBlock(doc, b);
}

function drawBlock(doc: PDFKit.PDFDocument, b: Block): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  switch (b.kind) {
    case "paragraph":
      doc
        .font(FONTS.regular)
        .fontSize(9.5)
        .fillColor(b.muted ? style.muted : style.text);
      if (doc.y + doc.heightOfString(b.text, { width }) > doc.page.maxY()) doc.addPage();
      doc.text(b.text, left, doc.y, { width });
      doc.moveDown(0.4);
      return;
    case "bullets":
      for (const item of b.items) {
        doc.font(FONTS.regular).fontSize(9.5);
        const h = doc.heightOfString(item, { width: width - 12 });
        if (doc.y + h > doc.page.maxY()) doc.addPage();
        const y = doc.y;
        doc.fillColor(style.accent).text("•", left, y, { lineBreak: false });
        doc.fillColor(style.text).text(item, left + 12, y, { width: width - 12 });
        doc.moveDown(0.35);
      }
      return;
    case "table":
      table(doc, b);
      return;
    case "chart":
      chart(doc, b);
      return;
    case "posts":
      posts(doc, b);
      return;
  }
}

function table(doc: PDFKit.PDFDocument, b: TableBlock): void {
  const width = contentWidth(doc);
  const left = doc.page.margins.left;
  if (b.caption) {
    doc.font(FONTS.bold).fontSize(9.5).fillColor(style.muted);
    if (doc.y + 60 > doc.page.maxY()) doc.addPage();
    doc.text(b.caption, left, doc.y, { width });
    doc.moveDown(0.2);
  }
  if (b.rows.length === 0) {
    doc
      .font(FONTS.regular)
      .fontSize(9.5)
      .fillColor(style.muted)
      .text(b.empty ?? "–", left, doc.y, { width });
    doc.moveDown(0.4);
    return;
  }
  drawTable(
    doc,
    b.columns.map((c) => ({
      header: c.header,
      width: c.width * width,
      ...(c.align ? { align: c.align } : {}),
    })),
    b.rows,
    { lastRowIsTotal: b.lastRowIsTotal === true },
  );
  doc.moveDown(0.4);
}

function chart(doc: PDFKit.PDFDocument, b: ChartBlock): void {
  const width = contentWidth(doc);
  const left = doc.page.margins.left;
  if (doc.y + b.height + 30 > doc.page.maxY()) doc.addPage();
  doc.font(FONTS.regular).fontSize(9).fillColor(style.muted).text(b.summary, left, doc.y, { width });
  doc.moveDown(0.3);
  const png = renderChartPng(b.spec, width, b.height);
  const y = doc.y;
  doc.image(png, left, y, { width, height: b.height });
  doc.y = y + b.height + 8;
  doc.x = left;
}

/** Post texts come from strangers: each character in a font that has it (see text-runs.ts), nothing interpreted. */
function posts(doc: PDFKit.PDFDocument, b: PostsBlock): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  if (b.items.length === 0) {
    doc.font(FONTS.regular).fontSize(9.5).fillColor(style.muted).text(b.empty, left, doc.y, { width });
    doc.moveDown(0.4);
    return;
  }
  for (const p of b.items) {
    doc.font(FONTS.regular).fontSize(9.5);
    const h = doc.heightOfString(p.text, { width }) + 40;
    const fresh = doc.page.maxY() - doc.page.margins.top;
    // A post that fits on a page is kept together; a longer one flows on (a new page would not help),
    // but starts on a new page when only a few lines are left.
    if (doc.y + (h <= fresh ? h : 80) > doc.page.maxY()) doc.addPage();
    runs(doc, p.meta, { size: 8.5, color: style.muted, width });
    runs(doc, p.text, { size: 9.5, color: style.text, width });
    doc.font(FONTS.bold).fontSize(8.5).fillColor(style.text).text(p.figures, left, doc.y, { width });
    if (p.url) {
      doc
        .font(FONTS.regular)
        .fontSize(8)
        .fillColor(style.accent)
        .text(p.url, left, doc.y, { width, link: p.url, underline: false });
    }
    doc.moveDown(0.2);
    doc
      .moveTo(left, doc.y)
      .lineTo(left + width, doc.y)
      .lineWidth(0.5)
      .strokeColor(style.rule)
      .stroke();
    doc.moveDown(0.4);
  }
}

function runs(
  doc: PDFKit.PDFDocument,
  text: string,
  o: { size: number; color: string; width: number },
): void {
  const parts = splitRuns(text, textFonts());
  const left = doc.page.margins.left;
  if (parts.length === 0) return;
  doc.fontSize(o.size).fillColor(o.color);
  parts.forEach((r, i) => {
    doc.font(r.font);
    const opts = { width: o.width, continued: i < parts.length - 1 };
    if (i === 0) doc.text(r.text, left, doc.y, opts);
    else doc.text(r.text, opts);
  });
}

/** Drawn last, on every buffered page, when the page count is known. */
function footers(doc: PDFKit.PDFDocument, m: ReportModel): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const { left, bottom } = doc.page.margins;
    const width = contentWidth(doc);
    const y = doc.page.height - 40;
    // Writing inside the bottom margin would otherwise make pdfkit open a new page.
    doc.page.margins.bottom = 0;
    doc
      .moveTo(left, y - 8)
      .lineTo(left + width, y - 8)
      .lineWidth(0.5)
      .strokeColor(style.rule)
      .stroke();
    doc.font(FONTS.regular).fontSize(8).fillColor(style.muted);
    doc.text(m.footer, left, y, { width: width - 90, lineBreak: false, ellipsis: true });
    doc.text(formatPageLabel(i - range.start + 1, range.count, m.lang), left + width - 90, y, {
      width: 90,
      align: "right",
      lineBreak: false,
    });
    doc.page.margins.bottom = bottom;
  }
}
