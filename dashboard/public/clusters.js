// Draws the charts of the cluster pages (/clusters, /clusters/:id) with the
// shared helper (public/charts.js). Plain browser JavaScript, no build step, no
// inline code (strict CSP): each chart's spec is in a JSON element the server
// rendered, and the page shows the same numbers in a table.
(() => {
  const charts = window.ResonanzCharts;
  if (!charts) return;
  const CHARTS = [
    ["sov-chart", "sov-data"],
    ["cluster-timeline-chart", "cluster-timeline-data"],
  ];
  charts.ready(() => {
    for (const [canvasId, dataId] of CHARTS) {
      if (!document.getElementById(canvasId)) continue;
      const spec = charts.readData(dataId);
      if (spec) charts.draw(canvasId, spec);
    }
  });
})();
