import PDFDocument from "pdfkit";
import { FONT_PATHS, FONTS, registerFonts } from "../fonts.ts";
import { formatPageLabel } from "../format.ts";
import type { WeekReportModel } from "../week-model.ts";
import { type Column, drawTable, style } from "./table.ts";

const MARGIN = { top: 56, bottom: 64, left: 56, right: 56 };

/** Lays the week model out on A4 pages; every word and number comes from the model. */
export function renderWeekPdf(model: WeekReportModel): Promise<Buffer> {
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
  kpiSection(doc, model);
  daySection(doc, model);
  methodSection(doc, model);
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

function cover(doc: PDFKit.PDFDocument, m: WeekReportModel): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  doc
    .font(FONTS.bold)
    .fontSize(10)
    .fillColor(style.accent)
    .text(`${m.product} · ${m.title}`, left, doc.page.margins.top, { width, characterSpacing: 0.5 });
  doc.moveDown(0.3);
  doc.font(FONTS.bold).fontSize(22).fillColor(style.text).text(m.campaignName, { width });
  doc.font(FONTS.regular).fontSize(13).fillColor(style.text).text(m.period, { width });
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
  rule(doc);
}

function heading(doc: PDFKit.PDFDocument, text: string): void {
  // Keep a heading with at least a few lines of what follows it.
  if (doc.y + 80 > doc.page.maxY()) doc.addPage();
  else doc.moveDown(0.8);
  doc
    .font(FONTS.bold)
    .fontSize(14)
    .fillColor(style.accent)
    .text(text, doc.page.margins.left, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.4);
}

function kpiSection(doc: PDFKit.PDFDocument, m: WeekReportModel): void {
  heading(doc, m.kpis.heading);
  const w = contentWidth(doc);
  const columns: Column[] = [
    { header: m.kpis.columns[0], width: 130 },
    { header: m.kpis.columns[1], width: 90, align: "right" },
    { header: m.kpis.columns[2], width: w - 220 },
  ];
  drawTable(
    doc,
    columns,
    m.kpis.rows.map((r) => [
      { text: r.label, bold: true },
      { text: r.value, bold: true },
      { text: r.formula, muted: true, small: true, ...(r.detail ? { detail: r.detail } : {}) },
    ]),
  );
  if (m.platforms) {
    doc.moveDown(0.5);
    doc
      .fontSize(9.5)
      .font(FONTS.bold)
      .fillColor(style.muted)
      .text(`${m.platforms.label}: `, doc.page.margins.left, doc.y, { continued: true, width: w })
      .font(FONTS.regular)
      .fillColor(style.text)
      .text(m.platforms.value);
  }
}

function daySection(doc: PDFKit.PDFDocument, m: WeekReportModel): void {
  heading(doc, m.days.heading);
  const w = contentWidth(doc);
  const numberWidth = (w - 135) / 4;
  const columns: Column[] = [
    { header: m.days.columns[0], width: 135 },
    ...m.days.columns.slice(1).map((header) => ({ header, width: numberWidth, align: "right" as const })),
  ];
  const cells = (r: WeekReportModel["days"]["total"], bold = false) =>
    [r.day, r.posts, r.potentialReach, r.engagement, r.engagementRate].map((text) => ({ text, bold }));
  drawTable(doc, columns, [...m.days.rows.map((r) => cells(r)), cells(m.days.total, true)], {
    lastRowIsTotal: true,
  });
}

function methodSection(doc: PDFKit.PDFDocument, m: WeekReportModel): void {
  heading(doc, m.method.heading);
  const left = doc.page.margins.left;
  const indent = 12;
  const width = contentWidth(doc) - indent;
  doc.font(FONTS.regular).fontSize(9.5).fillColor(style.text);
  for (const note of m.method.notes) {
    const h = doc.heightOfString(note, { width });
    if (doc.y + h > doc.page.maxY()) doc.addPage();
    const y = doc.y;
    doc.fillColor(style.accent).text("•", left, y, { lineBreak: false });
    doc.fillColor(style.text).text(note, left + indent, y, { width });
    doc.moveDown(0.35);
  }
}

/** Drawn last, on every buffered page, when the page count is known. */
function footers(doc: PDFKit.PDFDocument, m: WeekReportModel): void {
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
    doc.text(`${m.product} · ${m.campaignName} · ${m.generatedAt}`, left, y, {
      width: width - 90,
      lineBreak: false,
    });
    doc.text(formatPageLabel(i - range.start + 1, range.count, m.lang), left + width - 90, y, {
      width: 90,
      align: "right",
      lineBreak: false,
    });
    doc.page.margins.bottom = bottom;
  }
}

function rule(doc: PDFKit.PDFDocument): void {
  const left = doc.page.margins.left;
  doc
    .moveTo(left, doc.y)
    .lineTo(left + contentWidth(doc), doc.y)
    .lineWidth(1)
    .strokeColor(style.accent)
    .stroke();
  doc.moveDown(0.2);
}
