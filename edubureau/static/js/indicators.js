/* Indicator charts (ECharts, vendored in static/vendor/echarts).
 *
 * The pages hand over their data with json_script (inert JSON, allowed by the Content-Security-Policy):
 * - #indicator-charts: {code: {periods, values, unit, target}} — one sparkline per .sparkline[data-chart];
 * - #indicator-detail-charts: {trend: {...}, children: {names, values, lights, unit, target}} — the unit's
 *   trend (#trend-chart) and its child units as bars (#children-chart); a bar opens the unit's row link.
 * Tooltips render as canvas text (renderMode "richText"): HTML tooltips carry inline style attributes,
 * which the policy refuses.
 */
(function () {
  "use strict";

  var COLOURS = { green: "#16a34a", yellow: "#d97706", red: "#dc2626", grey: "#9ca3af" };
  var LINE = "#0b5394";

  function readJson(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function figure(value, unit) {
    if (value === null || value === undefined) { return "无数据"; }
    var text = Math.round(value * 100) / 100;
    return text + (unit || "");
  }

  function resizeWith(chart) {
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function sparkline(node, data) {
    var chart = echarts.init(node, null, { renderer: "canvas" });
    chart.setOption({
      animation: false,
      grid: { left: 4, right: 4, top: 6, bottom: 6 },
      xAxis: { type: "category", data: data.periods, show: false, boundaryGap: data.periods.length < 2 },
      yAxis: { type: "value", show: false, scale: true },
      tooltip: {
        trigger: "axis", renderMode: "richText", confine: true,
        formatter: function (items) {
          return items.map(function (p) { return p.name + "学年:" + figure(p.value, data.unit); }).join("\n");
        }
      },
      series: [{
        type: "line", data: data.values, symbol: "circle", symbolSize: 5, connectNulls: false,
        lineStyle: { width: 1.5, color: LINE }, itemStyle: { color: LINE }
      }]
    });
    resizeWith(chart);
    return chart;
  }

  function trendChart(node, data) {
    var chart = echarts.init(node, null, { renderer: "canvas" });
    var series = {
      type: "line", name: "指标值", data: data.values, symbol: "circle", symbolSize: 8,
      lineStyle: { color: LINE }, itemStyle: { color: LINE },
      label: { show: true, formatter: function (p) { return figure(p.value, data.unit); } }
    };
    if (data.target !== null) {
      series.markLine = {
        symbol: "none", silent: true, lineStyle: { type: "dashed", color: COLOURS.red },
        label: { formatter: "目标 " + figure(data.target, data.unit) }, data: [{ yAxis: data.target }]
      };
    }
    chart.setOption({
      animation: false,
      grid: { left: 48, right: 72, top: 24, bottom: 32 },
      xAxis: { type: "category", data: data.periods.map(function (p) { return p + "学年"; }) },
      yAxis: { type: "value", axisLabel: { formatter: function (v) { return v + (data.unit === "%" ? "%" : ""); } } },
      tooltip: { trigger: "axis", renderMode: "richText" },
      series: [series]
    });
    resizeWith(chart);
    return chart;
  }

  function childrenChart(node, data) {
    var links = document.querySelectorAll("#children-table tbody td:first-child a");
    node.style.height = Math.max(160, data.names.length * 26 + 60) + "px";
    var chart = echarts.init(node, null, { renderer: "canvas" });
    var bars = data.values.map(function (value, i) {
      return { value: value, itemStyle: { color: COLOURS[data.lights[i]] || COLOURS.grey } };
    });
    var series = {
      type: "bar", data: bars, barMaxWidth: 18, cursor: "pointer",
      label: { show: true, position: "right", formatter: function (p) { return figure(p.value, data.unit); } }
    };
    if (data.target !== null) {
      series.markLine = {
        symbol: "none", silent: true, lineStyle: { type: "dashed", color: COLOURS.red },
        label: { formatter: "目标" }, data: [{ xAxis: data.target }]
      };
    }
    chart.setOption({
      animation: false,
      grid: { left: 8, right: 64, top: 24, bottom: 8, containLabel: true },
      yAxis: { type: "category", data: data.names, inverse: true, axisLabel: { interval: 0 } },
      xAxis: { type: "value" },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, renderMode: "richText" },
      series: [series]
    });
    chart.on("click", function (params) {
      if (links[params.dataIndex]) { window.location.assign(links[params.dataIndex].href); }
    });
    resizeWith(chart);
    return chart;
  }

  function init() {
    if (typeof echarts === "undefined") { return; }
    var charts = readJson("indicator-charts");
    if (charts) {
      document.querySelectorAll(".sparkline[data-chart]").forEach(function (node) {
        var data = charts[node.getAttribute("data-chart")];
        if (data) { sparkline(node, data); }
      });
    }
    var detail = readJson("indicator-detail-charts");
    if (detail) {
      var trend = document.getElementById("trend-chart");
      if (trend) { trendChart(trend, detail.trend); }
      var children = document.getElementById("children-chart");
      if (children && detail.children.names.length) { childrenChart(children, detail.children); }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
