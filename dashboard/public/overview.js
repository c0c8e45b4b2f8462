// Draws the overview's charts with the shared helpers in charts.js (Chart.js
// served from /assets/chart.umd.js). The data comes from JSON elements the
// server rendered, so the page needs no inline script (strict CSP); each chart
// also has its numbers in a table on the page.
(() => {
  const C = window.ResonanzCharts;
  if (!C) return;
  C.ready(() => {
    const t = C.readData("timeline-data");
    if (t) {
      const stacked = Array.isArray(t.datasets) && t.datasets.length > 1;
      C.draw("timeline-chart", {
        // Bars read best for a week of days; a line for ~200 hourly points (stacked bars per platform either way).
        type: t.bucket === "hour" && !stacked ? "line" : "bar",
        locale: t.locale,
        labels: t.labels,
        datasets: stacked ? t.datasets : [{ label: t.seriesLabel, data: t.posts }],
        stacked,
      });
    }
    const sov = C.readData("sov-data");
    if (sov) C.draw("sov-chart", { type: "bar", horizontal: true, legend: false, ...sov });
  });
})();
