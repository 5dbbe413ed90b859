// Qiao's own script: small behaviours htmx doesn't cover.

// The one way a script puts a user's text into HTML (a chart's tooltip): escaped, always.
// qiao/tests/test_js_sinks.py fails on innerHTML, insertAdjacentHTML, document.write and on
// any ECharts formatter that is neither a string template (ECharts escapes those) nor
// wrapped in Qiao.textFormatter.
window.Qiao = (function () {
  "use strict";
  var ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

  function escapeHtml(value) {
    return String(value === null || value === undefined ? "" : value).replace(/[&<>"']/g, function (c) {
      return ENTITIES[c];
    });
  }

  // Wrap a formatter that returns plain text so that ECharts, which shows a formatter's
  // result as HTML, shows the text as it is.
  function textFormatter(format) {
    return function () { return escapeHtml(format.apply(this, arguments)); };
  }

  return { escapeHtml: escapeHtml, textFormatter: textFormatter };
})();

// A search refreshed by htmx pushes its URL into history; the language switch must come
// back to that URL, not to the one the page was first loaded with.
document.addEventListener("htmx:pushedIntoHistory", function () {
  document.querySelectorAll('form.lang-form input[name="next"]').forEach(function (input) {
    input.value = window.location.pathname + window.location.search;
  });
});

// Buttons marked data-print print the page (agendas, the meeting board). Pages that load
// insights.js bind their own; the flag keeps one click from printing twice.
document.addEventListener("click", function (event) {
  const button = event.target.closest("[data-print]");
  if (button && !button.dataset.printBound && !document.querySelector("script[src*='insights']")) {
    window.print();
  }
});
