import { createCanvas, loadImage } from "@napi-rs/canvas";
import { describe, expect, it } from "vitest";
import { type ChartSpec, renderChartPng } from "../../reports/chart-png.ts";

/** Share of pixels that are not white: a drawn chart has bars, axes and labels. */
async function inked(png: Buffer): Promise<number> {
  const img = await loadImage(png);
  const c = createCanvas(img.width, img.height);
  const ctx = c.getContext("2d");
  ctx.drawImage(img, 0, 0);
  const d = ctx.getImageData(0, 0, img.width, img.height).data;
  let ink = 0;
  for (let i = 0; i < d.length; i += 4) if ((d[i] ?? 255) < 240 || (d[i + 1] ?? 255) < 240) ink++;
  return ink / (d.length / 4);
}

describe("server-side charts (Chart.js on @napi-rs/canvas)", () => {
  it.each<[string, ChartSpec]>([
    [
      "stacked bars",
      {
        type: "bar",
        stacked: true,
        labels: ["Do", "Fr"],
        datasets: [
          { label: "A", data: [3, 1] },
          { label: "B", data: [1, 2] },
        ],
      },
    ],
    [
      "horizontal bars",
      {
        type: "bar",
        horizontal: true,
        labels: ["Cool Silicon", "BioRN"],
        datasets: [{ label: "SoV", data: [60, 40] }],
      },
    ],
    ["a line", { type: "line", labels: ["1", "2", "3"], datasets: [{ label: "x", data: [1, 5, 2] }] }],
  ])("draws %s to a PNG at twice the size, on white", async (_name, spec) => {
    const png = renderChartPng(spec, 400, 200);
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    const img = await loadImage(png);
    expect([img.width, img.height]).toEqual([800, 400]);
    const share = await inked(png);
    expect(share).toBeGreaterThan(0.02);
    expect(share).toBeLessThan(0.9);
  });

  it("draws an empty series without failing", async () => {
    const png = renderChartPng({ type: "bar", labels: [], datasets: [{ label: "x", data: [] }] }, 300, 150);
    expect((await loadImage(png)).width).toBe(600);
  });
});
