// Draws the overview timeline with Chart.js (served from /assets/chart.umd.js).
// Plain browser JavaScript, no build step. The data comes from the JSON element
// the server rendered, so the page needs no inline script (strict CSP).
(() => {
  // Dark blue bars on white: 9.8:1 contrast, well above the 3:1 WCAG asks of graphics.
  const BAR = "#00457d";
  const GRID = "#d0d5dc";
  const TEXT = "#1f2933";

  function draw() {
    const dataEl = document.getElementById("timeline-data");
    const canvas = document.getElementById("timeline-chart");
    if (!dataEl || !canvas || typeof window.Chart === "undefined") return;
    let data;
    try {
      data = JSON.parse(dataEl.textContent || "{}");
    } catch (_err) {
      return; // The table below the chart still shows the numbers.
    }
    const hourly = data.bucket === "hour";
    new window.Chart(canvas, {
      // Bars read best for a week of days; a line for ~200 hourly points.
      type: hourly ? "line" : "bar",
      data: {
        labels: data.labels,
        datasets: [
          {
            label: data.seriesLabel,
            data: data.posts,
            backgroundColor: BAR,
            borderColor: BAR,
            borderWidth: hourly ? 2 : 0,
            pointRadius: hourly ? 0 : 3,
            pointHitRadius: 6,
          },
        ],
      },
      options: {
        locale: data.locale,
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: {
          x: { ticks: { color: TEXT, autoSkip: true, maxRotation: 0 }, grid: { display: false } },
          y: { beginAtZero: true, ticks: { color: TEXT, precision: 0 }, grid: { color: GRID } },
        },
      },
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
