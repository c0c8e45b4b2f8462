// Shared Chart.js helpers for every dashboard page: one look, one palette.
// Plain browser JavaScript, no build step, no inline code (strict CSP). Each
// chart reads its data from a <script type="application/json"> element that
// the server rendered; the page also shows the same numbers as a table.
(() => {
  // Colours with at least 3:1 contrast on white (WCAG 1.4.11), told apart by
  // people with the common colour-vision deficiencies (Okabe–Ito order, darkened).
  const PALETTE = ["#00457d", "#b34700", "#1b6e3a", "#6b3fa0", "#a4262c", "#005f73", "#4a5563", "#7a5c00"];
  const GRID = "#d0d5dc";
  const TEXT = "#1f2933";

  /** The parsed JSON of element `id`, or null (the table on the page still has the numbers). */
  function readData(id) {
    const el = document.getElementById(id);
    if (!el) return null;
    try {
      return JSON.parse(el.textContent || "null");
    } catch (_err) {
      return null;
    }
  }

  function colour(i) {
    return PALETTE[i % PALETTE.length];
  }

  /**
   * Draws a chart on canvas `canvasId` from spec:
   * { type: "bar"|"line"|"doughnut", labels, datasets: [{ label, data }], locale,
   *   horizontal?, stacked?, legend? }.
   */
  function draw(canvasId, spec) {
    const canvas = document.getElementById(canvasId);
    if (!canvas || !spec || typeof window.Chart === "undefined") return null;
    const line = spec.type === "line";
    const round = spec.type === "doughnut";
    const datasets = (spec.datasets || []).map((d, i) => ({
      label: d.label,
      data: d.data,
      backgroundColor: round ? d.data.map((_v, j) => colour(j)) : colour(i),
      borderColor: round ? "#fff" : colour(i),
      borderWidth: line ? 2 : round ? 1 : 0,
      pointRadius: line ? 0 : 3,
      pointHitRadius: 6,
    }));
    const axis = { ticks: { color: TEXT, precision: 0 }, grid: { color: GRID } };
    const category = { ticks: { color: TEXT, autoSkip: true, maxRotation: 0 }, grid: { display: false } };
    return new window.Chart(canvas, {
      type: spec.type || "bar",
      data: { labels: spec.labels, datasets },
      options: {
        locale: spec.locale,
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: spec.horizontal ? "y" : "x",
        plugins: {
          legend: { display: spec.legend ?? (datasets.length > 1 || round), labels: { color: TEXT } },
        },
        scales: round
          ? {}
          : {
              x: { ...(spec.horizontal ? axis : category), stacked: !!spec.stacked, beginAtZero: true },
              y: { ...(spec.horizontal ? category : axis), stacked: !!spec.stacked, beginAtZero: true },
            },
      },
    });
  }

  /** Runs fn once the DOM is ready. */
  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  window.ResonanzCharts = { PALETTE, readData, draw, ready };
})();
