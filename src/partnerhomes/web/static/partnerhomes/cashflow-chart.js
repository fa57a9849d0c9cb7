// Draw the monthly cashflow chart from the figure the page carries (plotly.js, vendored).
(function () {
  var holder = document.getElementById("cashflow-chart");
  var data = document.getElementById("cashflow-data");
  if (!holder || !data || !window.Plotly) { return; }
  var figure = JSON.parse(data.textContent);
  window.Plotly.newPlot(holder, figure.data, figure.layout,
    {displaylogo: false, responsive: true}).then(function () {
    holder.setAttribute("data-drawn", "true");
  });
})();
