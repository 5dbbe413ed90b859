// Qiao's insights charts: each <div data-chart="ID"> names a <script type="application/json"
// id="ID"> holding a small spec built by qiao/insights/dashboards.py; this turns it into an
// Apache ECharts option (ECharts is served by Qiao itself, from npm at install time).
(function () {
  "use strict";

  var PALETTE = ["#2f6f9f", "#d9822b", "#3f8f5f", "#b8474d", "#7a5ea8", "#8c6d3f",
                 "#c266a7", "#5f7d8c", "#9fae3f", "#3fa3a6", "#e0b43a", "#6b6b6b", "#1f3f5f"];

  function barOption(spec) {
    var horizontal = !!spec.horizontal;
    var categoryAxis = { type: "category", data: spec.categories, axisLabel: { interval: 0, width: 140, overflow: "truncate" } };
    if (horizontal) { categoryAxis.inverse = true; }
    var valueAxes = (spec.axes || [""]).map(function (name) {
      return { type: "value", name: name };
    });
    return {
      color: PALETTE,
      tooltip: { trigger: "axis" },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 16, top: 64, bottom: 8, containLabel: true },
      xAxis: horizontal ? valueAxes[0] : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxes,
      series: spec.series.map(function (s) {
        return {
          name: s.name,
          type: s.type || "bar",
          data: s.data,
          stack: spec.stack && (s.type || "bar") === "bar" ? "total" : undefined,
          yAxisIndex: horizontal ? undefined : (s.axis || 0),
          label: { show: !spec.stack && spec.series.length === 1, position: horizontal ? "right" : "top" }
        };
      })
    };
  }

  function funnelOption(spec) {
    // Drawn by stage, not by count: each stage one step narrower (item.size), so a stage
    // with more rows than the one before never makes a diamond; the label says the count
    // and the rate from the stage before, beside the funnel so labels never overlap.
    var data = spec.data.map(function (item) {
      return { name: item.name, value: item.size, count: item.value, text: item.label };
    });
    function label(p) { return p.data.text; }
    return {
      color: PALETTE,
      tooltip: { trigger: "item", className: "chart-tooltip", formatter: window.Qiao.textFormatter(label) },
      series: [{
        type: "funnel", sort: "none", min: 0, max: spec.data.length, minSize: "25%", maxSize: "100%",
        gap: 4, left: "4%", top: 10, bottom: 10, width: "46%",
        label: { show: true, position: "right", formatter: window.Qiao.textFormatter(label), overflow: "break", width: 150 },
        labelLine: { show: true, length: 8 },
        data: data
      }]
    };
  }

  function graphOption(spec) {
    var most = spec.nodes.reduce(function (m, n) { return Math.max(m, n.value); }, 1);
    return {
      color: PALETTE,
      tooltip: {
        className: "chart-tooltip",
        // Names are the organisations' own: plain text, escaped by textFormatter.
        formatter: window.Qiao.textFormatter(function (p) {
          return p.dataType === "edge" ? p.data.name + (p.data.value > 1 ? " × " + p.data.value : "") : p.data.name;
        })
      },
      legend: { top: 0, type: "scroll", data: spec.categories },
      series: [{
        type: "graph", layout: "force", roam: true, draggable: true, top: 48, bottom: 8,
        categories: spec.categories.map(function (name) { return { name: name }; }),
        data: spec.nodes.map(function (n) {
          return {
            id: n.id, name: n.name, category: n.category, value: n.value, url: n.url,
            symbolSize: 8 + 28 * Math.sqrt(n.value / most),
            label: { show: n.value >= most / 4 }
          };
        }),
        links: spec.links.map(function (l) {
          return {
            source: l.source, target: l.target, name: l.name, value: l.value,
            lineStyle: { width: Math.min(1 + l.value, 6), type: l.agreement ? "solid" : "dashed", opacity: 0.6 }
          };
        }),
        // Laid out at once from a circle, not animated and not from random positions: the
        // picture is final for printing and the same on every load.
        force: { initLayout: "circular", repulsion: 70, edgeLength: [45, 90], gravity: 0.25, layoutAnimation: false },
        emphasis: { focus: "adjacency" },
        labelLayout: { hideOverlap: true }
      }]
    };
  }

  var BUILDERS = { bar: barOption, funnel: funnelOption, graph: graphOption };
  var charts = [];

  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-chart"));
    if (!source || !window.echarts) { return; }
    var spec = JSON.parse(source.textContent);
    var build = BUILDERS[spec.type];
    if (!build) { return; }
    var english = document.documentElement.lang === "en";
    // SVG, not canvas: sharp when printed, and the drawing can be inspected by tests.
    var chart = window.echarts.init(element, null, { renderer: "svg", locale: english ? "EN" : "ZH" });
    var option = build(spec);
    option.animation = false;
    chart.setOption(option);
    if (spec.type === "graph") {
      chart.on("click", function (params) {
        // Only a path on this site: a profile link, never a javascript: or foreign URL.
        var url = params.data && params.data.url;
        if (params.dataType === "node" && /^\/(?!\/)/.test(url || "")) { window.location.href = url; }
      });
    }
    element.setAttribute("data-drawn", "true");
    charts.push(chart);
  }

  function resizeAll() { charts.forEach(function (chart) { chart.resize(); }); }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-chart]").forEach(draw);
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
  window.addEventListener("resize", resizeAll);
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);
})();
