// The rectification board's stacked bar chart: on time, late, overdue and in progress by unit.
// The data comes from the page's json_script element "rectification-chart-data".
(function () {
  "use strict";
  const canvas = document.getElementById("rectification-chart");
  const source = document.getElementById("rectification-chart-data");
  if (!canvas || !source || typeof Chart === "undefined") {
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
})();
