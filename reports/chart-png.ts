import { createCanvas, GlobalFonts } from "@napi-rs/canvas";
import { Chart, type ChartConfiguration, registerables } from "chart.js";
import { FONT_PATHS } from "./fonts.ts";

/** What a report chart shows: the same shape the dashboard's charts.js draws from. */
export interface ChartSpec {
  type: "bar" | "line";
  labels: string[];
  datasets: { label: string; data: number[] }[];
  horizontal?: boolean;
  stacked?: boolean;
  legend?: boolean;
}

/** The dashboard's palette (dashboard/public/charts.js), so a chart in the PDF looks like the one on screen. */
export const PALETTE = [
  "#00457d",
  "#b34700",
  "#1b6e3a",
  "#6b3fa0",
  "#a4262c",
  "#005f73",
  "#4a5563",
  "#7a5c00",
];
const GRID = "#d0d5dc";
const TEXT = "#1f2933";
const FAMILY = "Resonanz Noto Sans";

let ready = false;
function setUp(): void {
  if (ready) return;
  Chart.register(...registerables);
  // The same Noto Sans the PDF embeds, so labels render alike on any server (no system fonts needed).
  GlobalFonts.registerFromPath(FONT_PATHS.regular, FAMILY);
  ready = true;
}

/**
 * Renders a chart to PNG with Chart.js on @napi-rs/canvas: no browser, no
 * animation, a fixed size, a white background (PDF viewers show transparency
 * differently). `scale` renders at a higher pixel density for print.
 */
export function renderChartPng(spec: ChartSpec, width: number, height: number, scale = 2): Buffer {
  setUp();
  const canvas = createCanvas(Math.round(width * scale), Math.round(height * scale));
  const ctx = canvas.getContext("2d");
  const axis = {
    ticks: { color: TEXT, precision: 0, font: { family: FAMILY, size: 10 } },
    grid: { color: GRID },
  };
  const category = {
    ticks: { color: TEXT, autoSkip: true, maxRotation: 0, font: { family: FAMILY, size: 10 } },
    grid: { display: false },
  };
  const line = spec.type === "line";
  const config: ChartConfiguration = {
    type: spec.type,
    data: {
      labels: spec.labels,
      datasets: spec.datasets.map((d, i) => ({
        label: d.label,
        data: d.data,
        backgroundColor: PALETTE[i % PALETTE.length],
        borderColor: PALETTE[i % PALETTE.length],
        borderWidth: line ? 2 : 0,
        pointRadius: 0,
      })),
    },
    options: {
      animation: false,
      responsive: false,
      devicePixelRatio: scale,
      indexAxis: spec.horizontal ? "y" : "x",
      plugins: {
        legend: {
          display: spec.legend ?? spec.datasets.length > 1,
          labels: { color: TEXT, font: { family: FAMILY, size: 10 } },
        },
      },
      scales: {
        x: { ...(spec.horizontal ? axis : category), stacked: !!spec.stacked, beginAtZero: true },
        y: { ...(spec.horizontal ? category : axis), stacked: !!spec.stacked, beginAtZero: true },
      },
    },
    plugins: [
      {
        id: "white-background",
        beforeDraw(chart) {
          const c = chart.ctx;
          c.save();
          c.fillStyle = "#ffffff";
          c.fillRect(0, 0, chart.width, chart.height);
          c.restore();
        },
      },
    ],
  };
  // Chart.js takes any canvas with getContext("2d"); @napi-rs/canvas's is API-compatible.
  const chart = new Chart(ctx as unknown as CanvasRenderingContext2D, config);
  try {
    chart.resize(width, height);
    chart.update("none");
    return canvas.toBuffer("image/png");
  } finally {
    // Chart.js keeps every live chart in a registry: a chart that failed to draw must go too.
    chart.destroy();
  }
}
