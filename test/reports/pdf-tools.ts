import { execFileSync, spawnSync } from "node:child_process";

/**
 * The PDF checks read the rendered file back with poppler-utils and qpdf.
 * Locally a missing tool skips those tests with a note; in CI it fails them.
 */
const TOOLS = ["pdftotext", "pdfinfo", "pdffonts", "qpdf"] as const;

export const missingPdfTools: string[] = TOOLS.filter((t) => spawnSync(t, ["--version"]).error !== undefined);
export const IN_CI = process.env.CI === "true";
export const skipPdfTools = missingPdfTools.length > 0 && !IN_CI;

if (skipPdfTools) {
  console.warn(
    `[test/reports] skipping PDF read-back tests: ${missingPdfTools.join(", ")} not installed ` +
      "(apt-get install poppler-utils qpdf); in CI (CI=true) these tests fail instead",
  );
}

export function pdfText(file: string): string {
  return execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"], { encoding: "utf8" });
}

export function pdfInfo(file: string): Record<string, string> {
  const out = execFileSync("pdfinfo", ["-enc", "UTF-8", file], { encoding: "utf8" });
  const info: Record<string, string> = {};
  for (const line of out.split("\n")) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m?.[1] && m[2] !== undefined) info[m[1].trim()] = m[2].trim();
  }
  return info;
}

export function pdfFonts(file: string): string {
  return execFileSync("pdffonts", [file], { encoding: "utf8" });
}

/** qpdf exits 0 when the file is sound (3 = warnings, 2 = errors). */
export function qpdfCheck(file: string): { status: number | null; output: string } {
  const r = spawnSync("qpdf", ["--check", file], { encoding: "utf8" });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}
