import { FONTS } from "../fonts.ts";

export const style = {
  text: "#1b1f24",
  muted: "#57606a",
  accent: "#0b4f8a",
  rule: "#d0d7de",
  headerFill: "#eef2f6",
} as const;

export interface Column {
  header: string;
  width: number;
  align?: "left" | "right";
}

export interface Cell {
  text: string;
  bold?: boolean;
  muted?: boolean;
  small?: boolean;
  /** A muted second paragraph under the text. */
  detail?: string;
}

const PAD_X = 5;
const PAD_Y = 4;
const SIZE = 9.5;
const SMALL = 8.5;

/**
 * A simple ruled table at the current position. Rows never split; a row that
 * does not fit starts a new page, which repeats the header. Cells are written
 * left to right, row by row, so text extraction reads them in order.
 */
export function drawTable(
  doc: PDFKit.PDFDocument,
  columns: Column[],
  rows: Cell[][],
  options: { lastRowIsTotal?: boolean } = {},
): void {
  const left = doc.page.margins.left;
  const width = columns.reduce((sum, c) => sum + c.width, 0);
  let y = doc.y;

  const header = () => {
    const cells = columns.map((c) => ({ text: c.header, bold: true, small: true }));
    const h = rowHeight(doc, columns, cells);
    doc.rect(left, y, width, h).fillColor(style.headerFill).fill();
    writeRow(doc, columns, cells, left, y);
    y += h;
  };

  // The header and the first row go together: near the bottom of a page pdfkit would otherwise
  // break inside the header's cells and scatter them over new pages.
  const headerCells = columns.map((c) => ({ text: c.header, bold: true, small: true }));
  const first = rows[0];
  const needed = rowHeight(doc, columns, headerCells) + (first ? rowHeight(doc, columns, first) : 0);
  if (y + needed > doc.page.maxY()) {
    doc.addPage();
    y = doc.page.margins.top;
  }
  header();
  rows.forEach((cells, i) => {
    const h = rowHeight(doc, columns, cells);
    if (y + h > doc.page.maxY()) {
      doc.addPage();
      y = doc.page.margins.top;
      header();
    }
    const isTotal = options.lastRowIsTotal === true && i === rows.length - 1;
    line(doc, left, y, width, isTotal ? style.muted : style.rule, isTotal ? 0.8 : 0.5);
    writeRow(doc, columns, cells, left, y);
    y += h;
  });
  line(doc, left, y, width, style.rule, 0.5);

  doc.x = left;
  doc.y = y + 4;
}

function setCellFont(doc: PDFKit.PDFDocument, cell: Cell): void {
  doc.font(cell.bold ? FONTS.bold : FONTS.regular).fontSize(cell.small ? SMALL : SIZE);
}

function cellHeight(doc: PDFKit.PDFDocument, cell: Cell, width: number): number {
  setCellFont(doc, cell);
  let h = doc.heightOfString(cell.text, { width });
  if (cell.detail) {
    doc.font(FONTS.regular).fontSize(SMALL);
    h += 2 + doc.heightOfString(cell.detail, { width });
  }
  return h;
}

function rowHeight(doc: PDFKit.PDFDocument, columns: Column[], cells: Cell[]): number {
  let max = 0;
  columns.forEach((c, i) => {
    const cell = cells[i];
    if (cell) max = Math.max(max, cellHeight(doc, cell, c.width - 2 * PAD_X));
  });
  return max + 2 * PAD_Y;
}

function writeRow(doc: PDFKit.PDFDocument, columns: Column[], cells: Cell[], left: number, y: number): void {
  let x = left;
  columns.forEach((c, i) => {
    const cell = cells[i];
    if (cell) {
      const width = c.width - 2 * PAD_X;
      const align = c.align ?? "left";
      setCellFont(doc, cell);
      doc
        .fillColor(cell.muted ? style.muted : style.text)
        .text(cell.text, x + PAD_X, y + PAD_Y, { width, align });
      if (cell.detail) {
        doc
          .font(FONTS.regular)
          .fontSize(SMALL)
          .fillColor(style.muted)
          .text(cell.detail, x + PAD_X, doc.y + 2, { width, align });
      }
    }
    x += c.width;
  });
}

function line(doc: PDFKit.PDFDocument, x: number, y: number, width: number, color: string, w: number): void {
  doc
    .moveTo(x, y)
    .lineTo(x + width, y)
    .lineWidth(w)
    .strokeColor(color)
    .stroke();
}
