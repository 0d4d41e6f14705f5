/* Dashboard charts: data from the page's JSON (json_script), no inline script, so CSP stays strict. */
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  var font = { fontFamily: "Microsoft YaHei, PingFang SC, Noto Sans CJK SC, sans-serif" };
  var charts = [];

  function chart(id, option) {
    var element = document.getElementById(id);
    if (!element) { return; }
    var instance = echarts.init(element, null, { renderer: "svg", locale: "ZH" });
    option.textStyle = font;
    option.animation = false;
    // A pattern per series as well as a colour: the states stay apart in black-and-white print
    // and for readers who cannot tell the scheme's red from its green.
    option.aria = { enabled: true, decal: { show: true } };
    instance.setOption(option);
    charts.push(instance);
  }

  // A category axis as tall as its labels: every label shown (interval 0), whole, wrapped.
  function fitRows(id, count, perRow) {
    var element = document.getElementById(id);
    if (element) { element.style.height = Math.max(160, 48 + count * perRow) + "px"; }
  }

  var fullLabel = { interval: 0, width: 170, overflow: "break", lineHeight: 14 };
  fitRows("chart-plans", data.plans.length, 40);
  fitRows("chart-categories", data.categories.length, 30);

  chart("chart-plans", {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    title: { text: "配色：" + data.scheme + "（另以花纹区分）", right: 0, bottom: 0,
             textStyle: { fontSize: 11, fontWeight: "normal", color: "#6c757d" } },
    grid: { left: 8, right: 16, bottom: 24, top: 32, containLabel: true },
    xAxis: { type: "value", minInterval: 1, splitNumber: 4 },
    yAxis: { type: "category", data: data.plans.map(function (p) { return p.label; }), axisLabel: fullLabel },
    series: data.lights.map(function (light, i) {
      return { name: light.label, type: "bar", stack: "all", itemStyle: { color: light.colour },
               data: data.plans.map(function (p) { return p.counts[i]; }) };
    })
  });

  chart("chart-categories", {
    tooltip: { trigger: "axis", valueFormatter: function (v) { return v + "%"; } },
    grid: { left: 8, right: 40, bottom: 8, top: 8, containLabel: true },  // room for the "100%" labels
    xAxis: { type: "value", max: 100, splitNumber: 4 },
    yAxis: { type: "category", inverse: true, data: data.categories.map(function (c) { return c.label; }),
             axisLabel: fullLabel },
    series: [{ type: "bar", name: "完成率", itemStyle: { color: data.lights[0].colour },
               label: { show: true, position: "right", formatter: "{c}%", fontSize: 10 },
               data: data.categories.map(function (c) { return c.done; }) }]
  });

  chart("chart-trend", {
    tooltip: { trigger: "axis", valueFormatter: function (v) { return v + "%"; } },
    legend: { top: 0 },
    grid: { left: 8, right: 16, bottom: 8, top: 32, containLabel: true },
    xAxis: { type: "category", data: data.trend.map(function (t) { return t.label; }) },
    yAxis: { type: "value", max: 100 },
    series: [
      { name: "提交率", type: "line", symbol: "circle", symbolSize: 7, color: "#0b5394",
        data: data.trend.map(function (t) { return t.submitted; }) },
      { name: "通过率", type: "line", symbol: "triangle", symbolSize: 9, color: "#b45f06", lineStyle: { type: "dashed" },
        data: data.trend.map(function (t) { return t.accepted; }) }
    ]
  });

  // Charts are drawn to their box's size: redraw whenever the box changes, for the screen and
  // for print (the print styles give the boxes their A4 size; beforeprint and the print media query
  // both say when, depending on how the page is printed).
  function fit() { charts.forEach(function (c) { c.resize(); }); document.body.setAttribute("data-charts-fit", String(Date.now())); }
  window.addEventListener("resize", fit);
  window.addEventListener("beforeprint", fit);
  window.addEventListener("afterprint", fit);
  var printing = window.matchMedia("print");
  if (printing.addEventListener) { printing.addEventListener("change", fit); } else { printing.addListener(fit); }
  var print = document.querySelector("[data-print]");
  if (print) { print.addEventListener("click", function () { fit(); window.print(); }); }
})();
