// Horizontal stacked bar charts by unit (a campaign's letters, the rectification board).
// Each <canvas data-chart-data="ID"> is drawn from the json_script element ID, which
// holds {labels: [...], series: [{label, color, data: [...]}, ...]}; a color may be a
// list (one per bar). An optional `line: {label, value, color}` draws a dashed threshold
// across all bars (the assessment's veto line).
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
    const datasets = data.series.map(function (series) {
      return {
        label: series.label,
        data: series.data,
        backgroundColor: series.color,
        borderWidth: 0,
      };
    });
    if (data.line) {
      datasets.push({
        type: "line",
        label: data.line.label,
        data: data.labels.map(function () {
          return data.line.value;
        }),
        // Its own stack, so the line marks the value instead of adding to the bars.
        stack: "line",
        borderColor: data.line.color,
        borderDash: [6, 4],
        borderWidth: 2,
        pointRadius: 0,
        fill: false,
      });
    }
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: datasets,
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
