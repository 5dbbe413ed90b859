// The chain map: an ECharts tree from the JSON in <script id="chain-tree">; a node's colour
// is its strength, a click opens the node's page (its firms and gap list). CSP-safe: no
// inline script, the data comes through json_script.
(function () {
  "use strict";

  var COLOURS = { strong: "#3f8f5f", weak: "#d9822b", missing: "#b8474d" };

  function decorate(node) {
    if (node.strength) {
      node.itemStyle = { color: COLOURS[node.strength], borderColor: COLOURS[node.strength] };
    }
    (node.children || []).forEach(decorate);
    return node;
  }

  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-chain-chart"));
    if (!source || !window.echarts) { return; }
    var data = decorate(JSON.parse(source.textContent));
    var narrow = element.clientWidth < 600;
    element.style.height = narrow ? "900px" : "640px";
    var chart = window.echarts.init(element);
    chart.setOption({
      tooltip: {
        trigger: "item",
        formatter: window.Qiao.textFormatter(function (p) {
          var d = p.data;
          return [d.name, d.label, d.gaps ? "⚠ " + d.gaps : ""].filter(Boolean).join(" · ");
        })
      },
      series: [{
        type: "tree",
        data: [data],
        orient: narrow ? "TB" : "LR",
        top: 16, bottom: 16, left: narrow ? 8 : 120, right: narrow ? 8 : 220,
        initialTreeDepth: 2,
        expandAndCollapse: true,
        label: { position: "left", verticalAlign: "middle", fontSize: 12 },
        leaves: { label: { position: "right", align: "left" } }
      }]
    });
    function open(p) { if (p.data && p.data.url) { window.location.href = p.data.url; } }
    chart.on("dblclick", open);
    chart.on("click", function (p) { if (p.data && !(p.data.children || []).length) { open(p); } });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-chain-chart]").forEach(draw);
  });
})();
