import type { ReportModel } from "../model.ts";

/**
 * The PDF renderer loaded with the first report rather than at start: pdfkit,
 * its fonts and the chart canvas hold some 60 MB a dashboard-only process
 * never needs (server memory at rest, README "Performance").
 */
export async function renderPdf(model: ReportModel): Promise<Buffer> {
  const { renderReportPdf } = await import("./render.ts");
  return renderReportPdf(model);
}
