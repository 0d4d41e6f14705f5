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
    instance.setOption(option);
    charts.push(instance);
  }

  chart("chart-plans", {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 8, right: 16, bottom: 8, top: 32, containLabel: true },
    xAxis: { type: "value" },
    yAxis: { type: "category", data: data.plans.map(function (p) { return p.label; }),
             axisLabel: { width: 180, overflow: "truncate" } },
    series: data.lights.map(function (light, i) {
      return { name: light.label, type: "bar", stack: "all", itemStyle: { color: light.colour },
               data: data.plans.map(function (p) { return p.counts[i]; }) };
    })
  });

  chart("chart-categories", {
    tooltip: { trigger: "axis", valueFormatter: function (v) { return v + "%"; } },
    grid: { left: 8, right: 16, bottom: 8, top: 8, containLabel: true },
    xAxis: { type: "value", max: 100 },
    yAxis: { type: "category", inverse: true, data: data.categories.map(function (c) { return c.label; }),
             axisLabel: { width: 160, overflow: "truncate" } },
    series: [{ type: "bar", name: "完成率", itemStyle: { color: "#198754" },
               data: data.categories.map(function (c) { return c.done; }) }]
  });

  chart("chart-trend", {
    tooltip: { trigger: "axis", valueFormatter: function (v) { return v + "%"; } },
    legend: { top: 0 },
    grid: { left: 8, right: 16, bottom: 8, top: 32, containLabel: true },
    xAxis: { type: "category", data: data.trend.map(function (t) { return t.label; }) },
    yAxis: { type: "value", max: 100 },
    series: [
      { name: "提交率", type: "line", data: data.trend.map(function (t) { return t.submitted; }) },
      { name: "通过率", type: "line", data: data.trend.map(function (t) { return t.accepted; }) }
    ]
  });

  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  var print = document.querySelector("[data-print]");
  if (print) { print.addEventListener("click", function () { window.print(); }); }
  window.addEventListener("beforeprint", function () { charts.forEach(function (c) { c.resize(); }); });
})();
