// The review page: text selected in the article fills the "add as organisation" form with
// the name and where it is in the original text (offsets counted over the text as shown,
// which is the original text; the server checks them against the name).
(function () {
  "use strict";

  function setUp() {
    var source = document.querySelector("[data-testid=source]");
    var form = document.getElementById("add-organisation");
    if (!source || !form) {
      return;
    }
    var name = form.querySelector("[name=add-name]");
    var start = form.querySelector("[name=add-start]");
    var end = form.querySelector("[name=add-end]");

    function offsetOf(node, offset) {
      var range = document.createRange();
      range.setStart(source, 0);
      range.setEnd(node, offset);
      return range.toString().length;
    }

    function takeSelection() {
      var selection = window.getSelection();
      if (!selection || selection.rangeCount === 0 || selection.isCollapsed) {
        return;
      }
      var range = selection.getRangeAt(0);
      if (!source.contains(range.startContainer) || !source.contains(range.endContainer)) {
        return;
      }
      var raw = range.toString();
      var text = raw.trim();
      if (!text || text.length > 200) {
        return;
      }
      var first = offsetOf(range.startContainer, range.startOffset);
      first += raw.length - raw.replace(/^\s+/, "").length;
      name.value = text;
      start.value = String(first);
      end.value = String(first + text.length);
      form.classList.add("has-selection");
    }

    source.addEventListener("mouseup", takeSelection);
    source.addEventListener("keyup", takeSelection);
    source.addEventListener("touchend", takeSelection);
    name.addEventListener("input", function () {
      start.value = "";
      end.value = "";
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
