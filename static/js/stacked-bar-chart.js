// Horizontal stacked bar charts by unit (a campaign's letters, the rectification board).
// Each <canvas data-chart-data="ID"> is drawn from the json_script element ID, which
// holds {labels: [...], series: [{label, color, data: [...]}, ...]}.
(function () {
  "use strict";
  if (typeof Chart === "undefined") {
    return;
  }
  document.querySelectorAll("canvas[data-chart-data]").forEach(function (canvas) {
    const source = document.getElementById(canvas.dataset.chartData);
    if (!source) {
      return;
    }
    const data = JSON.parse(source.textContent);
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (series) {
          return {
            label: series.label,
            data: series.data,
            backgroundColor: series.color,
            borderWidth: 0,
          };
        }),
      },
      options: {
        indexAxis: "y",
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { position: "top" },
          tooltip: { mode: "index", intersect: false },
        },
        scales: {
          x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
          y: { stacked: true, ticks: { autoSkip: false } },
        },
      },
    });
  });
})();
