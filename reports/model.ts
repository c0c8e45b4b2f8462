import type { Lang } from "../data/format.ts";
import type { ChartSpec } from "./chart-png.ts";

/**
 * A report as words, numbers and charts, already formatted: the PDF renderer
 * only lays it out (DESIGN.md: "Reports are a model first, a PDF second").
 * The week report and a cluster's report are both this shape.
 */
export interface ReportModel {
  lang: Lang;
  /** BCP 47 tag for the PDF's /Lang. */
  locale: string;
  product: string;
  title: string;
  /** The big line on the cover (the campaign, or the cluster). */
  coverTitle: string;
  /** The line under it (the period, or campaign and period). */
  coverSubtitle: string;
  campaignName: string;
  /** Window and narrowing filters, as printed on the cover. */
  filters: LabelValue[];
  generatedAt: string;
  /** The same instant, for the PDF's CreationDate. */
  createdAt: Date;
  /** The PDF's document title. */
  documentTitle: string;
  /** Printed in every page's footer. */
  footer: string;
  sections: Section[];
}

export interface LabelValue {
  label: string;
  value: string;
}

export interface Section {
  heading: string;
  /** Starts on a new page (the appendix). */
  newPage?: boolean;
  blocks: Block[];
}

export type Block = ParagraphBlock | TableBlock | ChartBlock | PostsBlock | BulletsBlock;

export interface ParagraphBlock {
  kind: "paragraph";
  text: string;
  muted?: boolean;
}

export interface BulletsBlock {
  kind: "bullets";
  items: string[];
}

export interface TableColumn {
  header: string;
  /** Share of the content width (the columns of a table add up to 1). */
  width: number;
  align?: "left" | "right";
}

export interface TableCell {
  text: string;
  bold?: boolean;
  muted?: boolean;
  small?: boolean;
  /** A muted second paragraph under the text. */
  detail?: string;
}

export interface TableBlock {
  kind: "table";
  /** Said before the table (what it shows), also for text extraction. */
  caption?: string;
  columns: TableColumn[];
  rows: TableCell[][];
  lastRowIsTotal?: boolean;
  /** Printed instead of the table when it has no rows. */
  empty?: string;
}

export interface ChartBlock {
  kind: "chart";
  spec: ChartSpec;
  /** Height in points; the width is the content width. */
  height: number;
  /** One sentence saying what the chart shows (the table next to it has the numbers). */
  summary: string;
}

export interface ReportPost {
  /** Author, platform and time. */
  meta: string;
  /** The post's text (from strangers: drawn with font fallback, never interpreted). */
  text: string;
  /** "123 Interaktionen" and the like. */
  figures: string;
  url: string | null;
}

export interface PostsBlock {
  kind: "posts";
  items: ReportPost[];
  empty: string;
}
